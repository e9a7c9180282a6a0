package io.github.tapegrad.nn.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Passes the first {@code room} bytes through to the real file, then fails every write the way a FileChannel does
 * when the disk is full (ENOSPC; writing to /dev/full gives the same message).
 */
final class FullDiskChannel implements WritableByteChannel {
    static final String ENOSPC = "No space left on device";

    private final WritableByteChannel file;
    private long room;

    FullDiskChannel(WritableByteChannel file, long room) {
        this.file = file;
        this.room = room;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (room == 0 && src.hasRemaining()) {
            throw new IOException(ENOSPC);
        }
        ByteBuffer part = src.duplicate();
        part.limit(part.position() + (int) Math.min(room, src.remaining()));
        int written = file.write(part);
        src.position(src.position() + written);
        room -= written;
        return written;
    }

    @Override
    public boolean isOpen() {
        return file.isOpen();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
