package io.github.tapegrad.nn.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds raw checkpoint bytes by hand, for tests that need files the writer would never produce. */
final class CheckpointBytes {
    private CheckpointBytes() {
    }

    static byte[] file(String headerJson, byte[] data) {
        return file(headerJson.getBytes(StandardCharsets.UTF_8), data);
    }

    static byte[] file(byte[] header, byte[] data) {
        return withLengthPrefix(header.length, header, data);
    }

    /** Header length field set independently of the real header size, for lying-prefix tests. */
    static byte[] withLengthPrefix(long declaredHeaderLength, byte[] header, byte[] data) {
        ByteBuffer buf = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(declaredHeaderLength).put(header).put(data);
        return buf.array();
    }

    static byte[] f32Bytes(float... values) {
        ByteBuffer buf = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buf.putFloat(v);
        }
        return buf.array();
    }

    static byte[] zeros(int n) {
        return new byte[n];
    }
}
