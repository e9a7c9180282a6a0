package io.github.tapegrad.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CheckpointIOExceptionTest {
    private static final Path FILE = Path.of("runs", "x.safetensors");

    @Test
    void theMessageIsOneLineWithTheFileAndTheOperatingSystemsWords() {
        IOException enospc = new IOException("No space left on device");
        CheckpointIOException e = CheckpointIOException.writing(FILE, enospc);
        assertEquals("cannot write checkpoint " + FILE + ": No space left on device", e.getMessage());
        assertSame(enospc, e.getCause());
        assertEquals(FILE, e.file());
        assertEquals("cannot read checkpoint " + FILE + ": Input/output error",
                CheckpointIOException.reading(FILE, new IOException("Input/output error")).getMessage());
    }

    @Test
    void reasonsJavaLeavesOutAreRestored() {
        // Java maps ENOENT and EACCES to exception types whose message is only the path.
        assertEquals("No such file or directory", CheckpointIOException.reason(new NoSuchFileException("/a/.x.1.tmp")));
        assertEquals("Permission denied", CheckpointIOException.reason(new AccessDeniedException("/a/.x.1.tmp")));
        assertEquals("Read-only file system",
                CheckpointIOException.reason(new FileSystemException("/a/.x.1.tmp", null, "Read-only file system")));
        assertEquals("ClosedByInterruptException", CheckpointIOException.reason(new ClosedByInterruptException()));
        assertEquals("first; second", CheckpointIOException.reason(new IOException("first\n  second\n")));
    }
}
