package io.github.tapegrad.nn.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The checksum tapegrad writes into a checkpoint's {@code __metadata__} and verifies on reading. safetensors has
 * none and any bits are valid data: flipping the lowest bit of each byte of a 328-byte checkpoint in turn, 114 of
 * the 328 results loaded without error (all 40 in the data section, 74 in the header, e.g. a metadata digit).
 *
 * <p>Kind: CRC32C, not SHA-256. The threat is accidental corruption (a bad disk, a torn copy, a flipped bit),
 * not tampering, which no checksum stored beside the data can stop; CRC32C detects every error burst up to 32
 * bits and anything else with probability 1 - 2^-32, and {@link CRC32C} uses the CPU's instruction: decoding a
 * 100 MB checkpoint took 32 ms with verification (its content laid out again and summed), 25 ms without.
 *
 * <p>Coverage: the content, not the bytes. The value is the CRC32C of the file tapegrad would write for the same
 * tensors and metadata without the checksum entries (the deterministic layout of {@link SafeTensorsEncoder}), so
 * it covers every tensor's name, dtype, shape and value bits and every other metadata entry, header as well as
 * data: a flip that renames a tensor, swaps a shape or edits a metadata string is refused like one in the data.
 * What it leaves out is layout that cannot change what is loaded: a flip that turns header padding into another
 * JSON whitespace loads exactly what was saved, and a tool that rewrites the same content in its own layout
 * (safetensors' {@code save_file} keeping the metadata) leaves a valid checksum. A tool that changes tensors but
 * copies the metadata leaves a stale checksum, and the file is refused as corrupt; dropping the two entries makes
 * it load unverified.
 *
 * <p>Two entries, {@code "tapegrad.checksum": "crc32c"} and {@code "tapegrad.crc32c": "<8 lowercase hex digits>"}.
 * With one, a flip in its key would turn a checksummed file into one that merely has no checksum (and an odd
 * metadata entry), which loads; with two, either one without the other is refused.
 */
final class ContentChecksum {
    /** Names the checksum kind; present exactly when {@link #CRC32C_KEY} is. */
    static final String KIND_KEY = "tapegrad.checksum";
    static final String CRC32C_KEY = "tapegrad.crc32c";
    static final String CRC32C = "crc32c";

    private ContentChecksum() {
    }

    /** {@code content} plus the two checksum entries, which the caller may not set itself. */
    static SafeTensorsFile withChecksum(SafeTensorsFile content, String operation) {
        for (String key : List.of(KIND_KEY, CRC32C_KEY)) {
            if (content.metadata().containsKey(key)) {
                throw new IllegalArgumentException(operation + ": metadata key '" + key
                        + "' is reserved for the checksum tapegrad writes");
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>(content.metadata());
        metadata.put(KIND_KEY, CRC32C);
        metadata.put(CRC32C_KEY, hex(crc32c(content)));
        return new SafeTensorsFile(content.tensors(), metadata);
    }

    /**
     * Checks the checksum entries of a decoded file, if it has any, and returns the content without them.
     *
     * @throws CheckpointException if only one of the entries is present, either is malformed, or the content does
     *     not match the stored value
     */
    static CheckedFile verify(SafeTensorsFile decoded, String source) throws CheckpointException {
        String kind = decoded.metadata().get(KIND_KEY);
        String stored = decoded.metadata().get(CRC32C_KEY);
        if (kind == null && stored == null) {
            return new CheckedFile(decoded, false);
        }
        if (kind == null || stored == null) {
            String present = kind == null ? CRC32C_KEY : KIND_KEY;
            String absent = kind == null ? KIND_KEY : CRC32C_KEY;
            throw new CheckpointException(source, "file is corrupt: metadata has '" + present + "' but not '" + absent
                    + "'; tapegrad writes both");
        }
        if (!kind.equals(CRC32C)) {
            throw new CheckpointException(source, "metadata '" + KIND_KEY + "' = '" + kind
                    + "' is not a checksum kind tapegrad knows (it writes '" + CRC32C + "')");
        }
        if (!isCrc32cHex(stored)) {
            throw new CheckpointException(source, "metadata '" + CRC32C_KEY + "' = '" + stored
                    + "' is not a CRC32C (8 lowercase hex digits)");
        }
        Map<String, String> metadata = new LinkedHashMap<>(decoded.metadata());
        metadata.remove(KIND_KEY);
        metadata.remove(CRC32C_KEY);
        SafeTensorsFile content = new SafeTensorsFile(decoded.tensors(), metadata);
        String computed = hex(crc32c(content));
        if (!computed.equals(stored)) {
            throw new CheckpointException(source, "file is corrupt: checksum mismatch (crc32c stored " + stored
                    + ", computed " + computed + ")");
        }
        return new CheckedFile(content, true);
    }

    /** CRC32C of the bytes {@link SafeTensorsEncoder} lays out for {@code content}, streamed, never held whole. */
    static long crc32c(SafeTensorsFile content) {
        CRC32C crc = new CRC32C();
        WritableByteChannel sink = new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) {
                int n = src.remaining();
                crc.update(src);
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        try {
            new SafeTensorsEncoder(content).writeTo(sink);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return crc.getValue();
    }

    static String hex(long crc32c) {
        return String.format("%08x", crc32c);
    }

    private static boolean isCrc32cHex(String s) {
        return s.length() == 8 && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
}
