package io.github.tapegrad.nn.checkpoint;

import static io.github.tapegrad.nn.checkpoint.CheckpointBytes.file;
import static io.github.tapegrad.nn.checkpoint.CheckpointBytes.withLengthPrefix;
import static io.github.tapegrad.nn.checkpoint.CheckpointBytes.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every malformed input is refused with a CheckpointException naming the file and the tensor. */
class SafeTensorsRefusalTest {
    private static final String SOURCE = "bad/model.safetensors";

    /** Asserts refusal, that the message names the source, the tensor (or none) and each fragment. */
    private static CheckpointException assertRefused(byte[] bytes, String tensor, String... fragments) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.decode(bytes, SOURCE));
        String message = e.getMessage();
        assertTrue(message.startsWith("checkpoint " + SOURCE), message);
        assertEquals(SOURCE, e.sourceName());
        assertEquals(Optional.ofNullable(tensor), e.tensorName(), message);
        if (tensor != null) {
            assertTrue(message.contains("'" + tensor + "'"), message);
        }
        for (String f : fragments) {
            assertTrue(message.contains(f), "message lacks '" + f + "': " + message);
        }
        return e;
    }

    private static String entry(String name, String dtype, String shape, String offsets) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
    }

    @Test
    void fileShorterThanTheLengthPrefix() {
        for (int n = 0; n < 8; n++) {
            assertRefused(new byte[n], null, "shorter than the 8-byte");
        }
    }

    @Test
    void headerLengthBeyondTheFileOrTheCap() {
        byte[] header = "{}".getBytes();
        assertRefused(withLengthPrefix(100, header, zeros(0)), null, "header length 100 runs past the end");
        assertRefused(withLengthPrefix(100_000_001, header, zeros(0)), null, "100000001", "exceeds the limit");
        assertRefused(withLengthPrefix(-1, header, zeros(0)), null, "18446744073709551615", "exceeds the limit");
        assertRefused(withLengthPrefix(0, header, zeros(0)), null, "not valid JSON");
    }

    @Test
    void headerThatIsNotUtf8() {
        String at1 = "not valid UTF-8: malformed byte sequence at header byte 1";
        assertRefused(file(new byte[] {'{', (byte) 0xff, '}'}, zeros(0)), null, at1);
        assertRefused(file(new byte[] {'"', (byte) 0xc0, (byte) 0xaf, '"'}, zeros(0)), null, at1);
        assertRefused(file(new byte[] {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'}, zeros(0)), null, at1); // CESU surrogate
        assertRefused(file(new byte[] {'"', 'a', (byte) 0xe4, (byte) 0xb8}, zeros(0)), null, "at header byte 2");
    }

    @Test
    void headerThatIsNotJson() {
        for (String bad : new String[] {"{", "{\"a\":}", "{\"a\" 1}", "{,}", "{\"a\":1,}", "{} x", "{'a':1}",
            "{\"x\":{\"dtype\":\"F32\",\"shape\":[01],\"data_offsets\":[0,0]}}"}) {
            assertRefused(file(bad, zeros(0)), tensorFor(bad), "not valid JSON");
        }
    }

    private static String tensorFor(String header) {
        return header.startsWith("{\"a\"") ? "a" : header.startsWith("{\"x\"") ? "x" : null;
    }

    @Test
    void jsonOutsideTheSupportedSubset() {
        assertRefused(file("{\"__metadata__\":{\"k\":true}}", zeros(0)), "__metadata__", "true/false/null");
        assertRefused(file("{\"__metadata__\":null}", zeros(0)), "__metadata__", "true/false/null");
        assertRefused(file(entryHeader("[1.5]", "[0,4]"), zeros(4)), "x", "fraction or exponent");
        assertRefused(file(entryHeader("[1e0]", "[0,4]"), zeros(4)), "x", "fraction or exponent");
        assertRefused(file(entryHeader("[99999999999999999999]", "[0,4]"), zeros(4)), "x", "out of range");
        assertRefused(file("{\"\\ud800\":{}}", zeros(0)), null, "unpaired high surrogate");
        assertRefused(file("{\"\\udc00\":{}}", zeros(0)), null, "unpaired low surrogate");
        assertRefused(file("{\"a\\q\":{}}", zeros(0)), null, "invalid escape");
        assertRefused(file("{\"a\tb\":{}}", zeros(0)), null, "control character U+0009");
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertRefused(file("{\"__metadata__\":" + deep + "}", zeros(0)), "__metadata__", "nesting deeper");
    }

    private static String entryHeader(String shape, String offsets) {
        return "{" + entry("x", "F32", shape, offsets) + "}";
    }

    @Test
    void headerThatIsNotAnObject() {
        assertRefused(file("[]", zeros(0)), null, "header is an array");
        assertRefused(file("\"s\"", zeros(0)), null, "header is a string");
        assertRefused(file("7", zeros(0)), null, "header is an integer");
    }

    @Test
    void entryWithMissingOrUnknownKeys() {
        assertRefused(file("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", zeros(4)), "w", "missing [dtype]");
        assertRefused(file("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", zeros(4)), "w", "missing [shape]");
        assertRefused(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", zeros(4)), "w", "missing [data_offsets]");
        assertRefused(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"strides\":[1]}}", zeros(4)),
                "w", "unknown keys [strides]");
        assertRefused(file("{\"w\":[1]}", zeros(0)), "w", "header entry is an array, expected an object");
    }

    @Test
    void unsupportedOrMistypedDtype() {
        assertRefused(file("{" + entry("w", "BF16", "[2]", "[0,4]") + "}", zeros(4)), "w", "unsupported dtype 'BF16'");
        assertRefused(file("{" + entry("w", "f32", "[1]", "[0,4]") + "}", zeros(4)), "w", "unsupported dtype 'f32'");
        assertRefused(file("{\"w\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}", zeros(4)), "w", "dtype is an integer");
    }

    @Test
    void badShapes() {
        assertRefused(file(entryHeader("[-1]", "[0,4]"), zeros(4)), "x", "dimension 0 is negative (-1)");
        assertRefused(file(entryHeader("[1,\"2\"]", "[0,4]"), zeros(4)), "x", "dimension 1 is a string");
        assertRefused(file(entryHeader("4", "[0,4]"), zeros(4)), "x", "shape is an integer");
        assertRefused(file(entryHeader("[0,4294967296]", "[0,0]"), zeros(0)), "x", "exceeds 2147483647");
    }

    @Test
    void elementCountOverflowIsRefusedNotWrapped() {
        // The element count itself overflows a long.
        assertRefused(file(entryHeader("[2147483647,2147483647,2147483647]", "[0,4]"), zeros(4)), "x", "overflows");
        // The element count fits, the byte count (x4) does not.
        assertRefused(file(entryHeader("[2147483647,2147483647,2]", "[0,4]"), zeros(4)), "x", "overflows");
        // A product that wraps to a small number must not be mistaken for it: 2^32 * 2^32 = 0 mod 2^64.
        assertRefused(file(entryHeader("[65536,65536,65536,65536]", "[0,0]"), zeros(0)), "x", "overflows");
    }

    @Test
    void badDataOffsets() {
        assertRefused(file(entryHeader("[1]", "[0,4,8]"), zeros(4)), "x", "two integers");
        assertRefused(file(entryHeader("[1]", "[4]"), zeros(4)), "x", "two integers");
        assertRefused(file(entryHeader("[1]", "[\"0\",4]"), zeros(4)), "x", "two integers");
        assertRefused(file(entryHeader("[1]", "{}"), zeros(4)), "x", "two integers");
        assertRefused(file(entryHeader("[1]", "[-4,0]"), zeros(4)), "x", "negative");
        assertRefused(file(entryHeader("[0]", "[4,0]"), zeros(4)), "x", "begin > end");
        assertRefused(file(entryHeader("[1]", "[0,8]"), zeros(4)), "x", "end beyond the data section of 4 bytes");
        assertRefused(file(entryHeader("[2]", "[0,4]"), zeros(4)), "x", "span 4 bytes", "needs 2 x 4 = 8 bytes");
    }

    @Test
    void overlappingTensors() {
        String header = "{" + entry("a", "F32", "[2]", "[0,8]") + "," + entry("b", "F32", "[2]", "[4,12]") + "}";
        assertRefused(file(header, zeros(12)), "b", "overlap tensor 'a' [0, 8]");
        String identical = "{" + entry("a", "F32", "[1]", "[0,4]") + "," + entry("b", "F32", "[1]", "[0,4]") + "}";
        assertRefused(file(identical, zeros(4)), "b", "overlap tensor 'a'");
        String emptyInside = "{" + entry("a", "F32", "[2]", "[0,8]") + "," + entry("e", "F32", "[0]", "[4,4]") + "}";
        assertRefused(file(emptyInside, zeros(8)), "e", "overlap");
    }

    @Test
    void gapsAndTrailingBytes() {
        String gap = "{" + entry("a", "F32", "[1]", "[0,4]") + "," + entry("b", "F32", "[1]", "[8,12]") + "}";
        assertRefused(file(gap, zeros(12)), "b", "bytes [4, 8) of the data section uncovered");
        assertRefused(file(entryHeader("[1]", "[4,8]"), zeros(8)), "x", "bytes [0, 4)");
        assertRefused(file(entryHeader("[1]", "[0,4]"), zeros(6)), null, "2 trailing bytes [4, 6)");
        assertRefused(file("{}", zeros(1)), null, "1 trailing bytes");
    }

    @Test
    void duplicateKeys() {
        String twice = "{" + entry("w", "F32", "[1]", "[0,4]") + "," + entry("w", "F32", "[1]", "[4,8]") + "}";
        assertRefused(file(twice, zeros(8)), "w", "duplicate key");
        assertRefused(file("{\"w\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", zeros(4)),
                "w", "duplicate key 'dtype'");
        assertRefused(file("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", zeros(0)), "__metadata__", "duplicate key 'k'");
    }

    @Test
    void badMetadata() {
        assertRefused(file("{\"__metadata__\":[]}", zeros(0)), null, "'__metadata__' is an array");
        assertRefused(file("{\"__metadata__\":{\"step\":3}}", zeros(0)), null, "value for 'step' is an integer");
    }

    @Test
    void validSmallFileTruncatedAtEveryByteIsRefused() throws CheckpointException {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.put("w", TensorData.ofF32(new int[] {2, 2}, new float[] {1, 2, 3, 4}));
        tensors.put("b", TensorData.ofF64(new int[] {3}, new double[] {-0.0, Double.NaN, 5}));
        tensors.put("empty", TensorData.ofF32(new int[] {0}, new float[0]));
        byte[] bytes = SafeTensors.encode(new SafeTensorsFile(tensors, Map.of("step", "7")));
        SafeTensors.decode(bytes, SOURCE); // the whole file is fine
        for (int n = 0; n < bytes.length; n++) {
            byte[] prefix = Arrays.copyOf(bytes, n);
            CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.decode(prefix, SOURCE),
                    "truncated to " + n + " bytes");
            assertTrue(e.getMessage().contains(SOURCE), e.getMessage());
        }
    }
}
