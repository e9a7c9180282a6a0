package io.github.tapegrad.nn.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Reads and writes checkpoints in the safetensors format (F32 and F64 tensors only).
 *
 * <p>Layout: an 8-byte little-endian header length N, N bytes of UTF-8 JSON mapping each tensor
 * name to its dtype, shape and [begin, end) byte offsets (plus an optional
 * {@code "__metadata__"} object of strings), padded with spaces to an 8-byte boundary, then the
 * little-endian tensor data.
 */
public final class SafeTensors {
    /** Largest file {@link #read} loads: it must fit in one Java byte array. */
    static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    private SafeTensors() {
    }

    /**
     * Writes {@code content} to {@code file} atomically: either the previous file stays in place
     * or the complete new file replaces it; no partial or temporary file is left behind.
     */
    public static void write(Path file, SafeTensorsFile content) throws IOException {
        Objects.requireNonNull(file, "file");
        SafeTensorsEncoder encoder = new SafeTensorsEncoder(Objects.requireNonNull(content, "content"));
        AtomicFileWriter.replace(file, encoder::writeTo);
    }

    /**
     * Reads and fully validates a checkpoint.
     *
     * @throws CheckpointException if the file is not a well-formed F32/F64 safetensors file
     * @throws IOException if the file cannot be read
     */
    public static SafeTensorsFile read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new CheckpointException(file.toString(), "file is " + size + " bytes, larger than the "
                    + MAX_FILE_BYTES + " bytes that can be loaded at once");
        }
        return decode(Files.readAllBytes(file), file.toString());
    }

    /** The exact bytes {@link #write} puts in the file. */
    public static byte[] encode(SafeTensorsFile content) {
        return new SafeTensorsEncoder(Objects.requireNonNull(content, "content")).toBytes();
    }

    /**
     * Parses and fully validates checkpoint bytes.
     *
     * @param sourceName names the origin of the bytes in error messages (usually the file path)
     * @throws CheckpointException if the bytes are not a well-formed F32/F64 safetensors file
     */
    public static SafeTensorsFile decode(byte[] bytes, String sourceName) throws CheckpointException {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(sourceName, "sourceName");
        return SafeTensorsDecoder.decode(bytes, sourceName);
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
