package io.github.tapegrad.nn.checkpoint;

import io.github.tapegrad.autograd.DType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Lays out and writes a checkpoint. The layout is deterministic and independent of map order:
 * metadata keys sorted, then tensors ordered by element size (F64 before F32) and then by name,
 * with contiguous data. The header is padded with spaces so the data section starts on an 8-byte
 * boundary, which with the F64-first order keeps every tensor aligned to its element size.
 */
final class SafeTensorsEncoder {
    static final int ALIGNMENT = 8;
    private static final int CHUNK_BYTES = 1 << 16;

    private final byte[] paddedHeader;
    private final List<Map.Entry<String, TensorData>> ordered;
    private final long totalBytes;

    SafeTensorsEncoder(SafeTensorsFile content) {
        ordered = new ArrayList<>(content.tensors().entrySet());
        ordered.sort(Comparator.<Map.Entry<String, TensorData>>comparingInt(e -> -e.getValue().dtype().bytes())
                .thenComparing(Map.Entry::getKey));
        StringBuilder json = new StringBuilder("{");
        if (!content.metadata().isEmpty()) {
            appendString(json, SafeTensorsFile.METADATA_KEY);
            json.append(":{");
            List<String> keys = new ArrayList<>(content.metadata().keySet());
            keys.sort(null);
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    json.append(',');
                }
                appendString(json, keys.get(i));
                json.append(':');
                appendString(json, content.metadata().get(keys.get(i)));
            }
            json.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, TensorData> e : ordered) {
            if (json.length() > 1) {
                json.append(',');
            }
            TensorData t = e.getValue();
            long end = offset + t.byteLength();
            appendString(json, e.getKey());
            json.append(":{\"dtype\":\"").append(t.dtype().safetensorsName()).append("\",\"shape\":[");
            int[] shape = t.shape();
            for (int i = 0; i < shape.length; i++) {
                json.append(i > 0 ? "," : "").append(shape[i]);
            }
            json.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        json.append('}');
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        int padding = (ALIGNMENT - (Long.BYTES + header.length) % ALIGNMENT) % ALIGNMENT;
        paddedHeader = new byte[header.length + padding];
        System.arraycopy(header, 0, paddedHeader, 0, header.length);
        for (int i = header.length; i < paddedHeader.length; i++) {
            paddedHeader[i] = ' ';
        }
        totalBytes = Long.BYTES + paddedHeader.length + offset;
    }

    long totalBytes() {
        return totalBytes;
    }

    /** The whole file in memory; refused for checkpoints too big for a byte array. */
    byte[] toBytes() {
        if (totalBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("SafeTensors.encode: checkpoint is " + totalBytes
                    + " bytes, too large for a byte array; use SafeTensors.write instead");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) totalBytes);
        try {
            writeTo(Channels.newChannel(out));
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return out.toByteArray();
    }

    /** Streams the file in bounded chunks, so large checkpoints are not duplicated in memory. */
    void writeTo(WritableByteChannel out) throws IOException {
        ByteBuffer prefix = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(paddedHeader.length).flip();
        writeFully(out, prefix);
        writeFully(out, ByteBuffer.wrap(paddedHeader));
        // No bigger than the data: the checksum encodes every file read, most of them small.
        long dataBytes = totalBytes - Long.BYTES - paddedHeader.length;
        int chunkBytes = (int) Math.min(CHUNK_BYTES, Math.max(ALIGNMENT, dataBytes));
        ByteBuffer chunk = ByteBuffer.allocate(chunkBytes).order(ByteOrder.LITTLE_ENDIAN);
        for (Map.Entry<String, TensorData> e : ordered) {
            TensorData t = e.getValue();
            int n = t.elementCount();
            int perChunk = chunkBytes / t.dtype().bytes();
            for (int start = 0; start < n; start += perChunk) {
                int count = Math.min(perChunk, n - start);
                chunk.clear();
                // Buffer views store floats by their raw bits, so NaN payloads survive.
                if (t.dtype() == DType.FLOAT32) {
                    chunk.asFloatBuffer().put(t.f32View(), start, count);
                } else {
                    chunk.asDoubleBuffer().put(t.f64View(), start, count);
                }
                chunk.limit(count * t.dtype().bytes());
                writeFully(out, chunk);
            }
        }
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            out.write(buf);
        }
    }

    /** JSON string literal: quotes, backslashes and control characters escaped, the rest raw UTF-8. */
    static void appendString(StringBuilder json, String s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
