package io.github.tapegrad.nn.checkpoint;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Reads and writes checkpoints in the safetensors format (F32 and F64 tensors only).
 *
 * <p>Layout: an 8-byte little-endian header length N, N bytes of UTF-8 JSON mapping each tensor
 * name to its dtype, shape and [begin, end) byte offsets (plus an optional
 * {@code "__metadata__"} object of strings), padded with spaces to an 8-byte boundary, then the
 * little-endian tensor data.
 *
 * <p>tapegrad adds a checksum of the content to the metadata, as two string entries ({@code "tapegrad.checksum":
 * "crc32c"}, {@code "tapegrad.crc32c": "1a2b3c4d"}), so the file stays a plain safetensors file that PyTorch
 * loads. Reading verifies it when present and refuses a mismatch; files without one (from other writers) load as
 * before, and {@link #readChecked} tells which was the case. The two entries are written and removed by this class:
 * they never appear in a {@link SafeTensorsFile}'s metadata.
 *
 * <p>File system failures (disk full, permission denied, a missing directory) surface as a {@link
 * CheckpointIOException} naming the file and the cause; a malformed or corrupt file as a {@link
 * CheckpointException}.
 */
public final class SafeTensors {
    /** Largest file {@link #read} loads: it must fit in one Java byte array. */
    static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    private SafeTensors() {
    }

    /**
     * Writes {@code content}, with its checksum, to {@code file} atomically: either the previous file stays in
     * place or the complete new file replaces it; no partial or temporary file is left behind. Temporary files of
     * the same target left by a writer that was killed are removed first.
     *
     * @throws IllegalArgumentException if the metadata uses one of the checksum's keys; nothing is written then
     * @throws CheckpointIOException if the file cannot be written (the previous file is then intact)
     */
    public static void write(Path file, SafeTensorsFile content) throws IOException {
        write(file, content, UnaryOperator.identity());
    }

    /** {@link #write} with a seam for tests: {@code decorate} wraps the temporary file's channel. */
    static void write(Path file, SafeTensorsFile content, UnaryOperator<WritableByteChannel> decorate)
            throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(content, "content");
        SafeTensorsEncoder encoder = new SafeTensorsEncoder(
                ContentChecksum.withChecksum(content, "SafeTensors.write " + file));
        try {
            AtomicFileWriter.replace(file, encoder::writeTo, decorate);
        } catch (IOException e) {
            throw CheckpointIOException.writing(file, e);
        }
    }

    /**
     * Reads and fully validates a checkpoint, verifying its checksum when it has one.
     *
     * @throws CheckpointException if the file is not a well-formed F32/F64 safetensors file or fails its checksum
     * @throws CheckpointIOException if the file cannot be read
     */
    public static SafeTensorsFile read(Path file) throws IOException {
        return readChecked(file).content();
    }

    /** Like {@link #read}, and says whether the file carried a checksum (which then matched). */
    public static CheckedFile readChecked(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw CheckpointIOException.reading(file, e);
        }
        if (size > MAX_FILE_BYTES) {
            throw new CheckpointException(file.toString(), "file is " + size + " bytes, larger than the "
                    + MAX_FILE_BYTES + " bytes that can be loaded at once");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw CheckpointIOException.reading(file, e);
        }
        return decodeChecked(bytes, file.toString());
    }

    /** The exact bytes {@link #write} puts in the file, checksum included. */
    public static byte[] encode(SafeTensorsFile content) {
        Objects.requireNonNull(content, "content");
        return new SafeTensorsEncoder(ContentChecksum.withChecksum(content, "SafeTensors.encode")).toBytes();
    }

    /**
     * Parses and fully validates checkpoint bytes.
     *
     * @param sourceName names the origin of the bytes in error messages (usually the file path)
     * @throws CheckpointException if the bytes are not a well-formed F32/F64 safetensors file or fail their checksum
     */
    public static SafeTensorsFile decode(byte[] bytes, String sourceName) throws CheckpointException {
        return decodeChecked(bytes, sourceName).content();
    }

    /** Like {@link #decode}, and says whether the bytes carried a checksum (which then matched). */
    public static CheckedFile decodeChecked(byte[] bytes, String sourceName) throws CheckpointException {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(sourceName, "sourceName");
        return ContentChecksum.verify(SafeTensorsDecoder.decode(bytes, sourceName), sourceName);
    }

    /**
     * Checks that a loaded checkpoint holds exactly the expected tensors with the expected dtypes
     * and shapes, so a caller can refuse the load before changing any state.
     *
     * @throws CheckpointException listing every missing, unexpected and mismatched tensor by name
     */
    public static void requireMatches(SafeTensorsFile file, Map<String, TensorSpec> expected, String sourceName)
            throws CheckpointException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(sourceName, "sourceName");
        TreeSet<String> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(file.tensors().keySet());
        TreeSet<String> unexpected = new TreeSet<>(file.tensors().keySet());
        unexpected.removeAll(expected.keySet());
        List<String> mismatched = new ArrayList<>();
        for (String name : new TreeSet<>(expected.keySet())) {
            TensorData actual = file.tensors().get(name);
            if (actual != null && !actual.spec().equals(expected.get(name))) {
                mismatched.add("'" + name + "' is " + actual.spec() + " but expected " + expected.get(name));
            }
        }
        if (missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add("missing tensors " + missing);
        }
        if (!unexpected.isEmpty()) {
            problems.add("unexpected tensors " + unexpected);
        }
        if (!mismatched.isEmpty()) {
            problems.add("mismatched tensors: " + String.join(", ", mismatched));
        }
        throw new CheckpointException(sourceName, "does not match the expected tensors: " + String.join("; ", problems));
    }
}
