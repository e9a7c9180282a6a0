package io.github.tapegrad.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CRC32C tapegrad writes into the metadata: what it catches, what it lets through, and files without one. */
class SafeTensorsChecksumTest {
    private static final String SOURCE = "runs/ckpt.safetensors";
    private static final Pattern MISMATCH = Pattern.compile(Pattern.quote("checkpoint " + SOURCE
            + ": file is corrupt: checksum mismatch (crc32c stored ") + "([0-9a-f]{8}), computed ([0-9a-f]{8})\\)");

    @TempDir
    Path dir;

    static SafeTensorsFile small() {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.put("w", TensorData.ofF32(new int[] {2, 2}, new float[] {1, 2, 3, 4}));
        tensors.put("b", TensorData.ofF64(new int[] {3}, new double[] {-0.0, Double.NaN, 5}));
        tensors.put("empty", TensorData.ofF32(new int[] {0}, new float[0]));
        return new SafeTensorsFile(tensors, Map.of("step", "7", "optimizer.lr", "0.01"));
    }

    /** Start of the data section: 8 + the header length in the prefix. */
    static int dataStart(byte[] file) {
        return 8 + (int) ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    /** Index of the first byte of header padding: after the JSON's closing brace. */
    static int paddingStart(byte[] file) {
        int end = dataStart(file);
        while (file[end - 1] == ' ') {
            end--;
        }
        return end;
    }

    static String storedChecksum(byte[] file) {
        Matcher m = Pattern.compile("\"tapegrad\\.crc32c\":\"([0-9a-f]{8})\"")
                .matcher(new String(file, 0, dataStart(file), StandardCharsets.UTF_8));
        assertTrue(m.find());
        return m.group(1);
    }

    static boolean isJsonWhitespace(int b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    @Test
    void everySingleByteChangeIsRefusedUnlessItOnlyTurnsPaddingIntoOtherWhitespace() {
        SafeTensorsFile content = small();
        byte[] file = SafeTensors.encode(content);
        int dataStart = dataStart(file);
        int paddingStart = paddingStart(file);
        assertTrue(paddingStart < dataStart, "the test needs some padding");
        String stored = storedChecksum(file);
        int accepted = 0;
        for (int pos = 0; pos < file.length; pos++) {
            for (int value = 0; value < 256; value++) {
                if ((byte) value == file[pos]) {
                    continue;
                }
                byte[] changed = file.clone();
                changed[pos] = (byte) value;
                String what = "byte " + pos + " set to " + value;
                boolean harmless = pos >= paddingStart && pos < dataStart && isJsonWhitespace(value);
                if (harmless) {
                    CheckedFile read = decodeOrFail(changed, what);
                    assertEquals(content, read.content(), what);
                    assertTrue(read.checksumVerified(), what);
                    accepted++;
                    continue;
                }
                CheckpointException e = assertThrows(CheckpointException.class,
                        () -> SafeTensors.decodeChecked(changed, SOURCE), what);
                assertEquals(SOURCE, e.sourceName(), what);
                assertTrue(e.getMessage().startsWith("checkpoint " + SOURCE), e.getMessage());
                if (pos >= dataStart) {
                    // Any bits are valid data: only the checksum can tell.
                    Matcher m = MISMATCH.matcher(e.getMessage());
                    assertTrue(m.matches(), what + ": " + e.getMessage());
                    assertEquals(stored, m.group(1), what);
                    assertNotEquals(stored, m.group(2), what);
                }
            }
        }
        assertEquals(3 * (dataStart - paddingStart), accepted);
    }

    @Test
    void withoutTheChecksumManyOfTheseChangesWouldLoad() {
        // The control for the test above: flipping the lowest bit of one byte at a time and reading without the
        // checksum, every change of the data loads, and so do changes of the header that keep it well-formed (a digit
        // of a metadata value, a letter of a name).
        byte[] file = SafeTensors.encode(small());
        int dataStart = dataStart(file);
        int headerLoads = 0;
        for (int pos = 0; pos < file.length; pos++) {
            byte[] changed = file.clone();
            changed[pos] ^= 1;
            if (loadsWithoutChecking(changed)) {
                assertThrows(CheckpointException.class, () -> SafeTensors.decodeChecked(changed, SOURCE));
                headerLoads += pos < dataStart ? 1 : 0;
            } else {
                assertTrue(pos < dataStart, "byte " + pos);
            }
        }
        assertTrue(headerLoads > 0);
    }

    private static boolean loadsWithoutChecking(byte[] bytes) {
        try {
            SafeTensorsDecoder.decode(bytes, SOURCE);
            return true;
        } catch (CheckpointException refused) {
            return false;
        }
    }

    private static CheckedFile decodeOrFail(byte[] bytes, String what) {
        try {
            return SafeTensors.decodeChecked(bytes, SOURCE);
        } catch (CheckpointException e) {
            throw new AssertionError(what + " was refused: " + e.getMessage(), e);
        }
    }

    @Test
    void aFileWithoutChecksumLoadsUnverified() throws CheckpointException {
        // As PyTorch, or tapegrad before checksums, writes it: the same layout with no checksum entries.
        byte[] file = new SafeTensorsEncoder(small()).toBytes();
        CheckedFile read = SafeTensors.decodeChecked(file, SOURCE);
        assertEquals(small(), read.content());
        assertFalse(read.checksumVerified());
    }

    @Test
    void aSavedFileLoadsVerifiedAndWithoutTheChecksumEntries() throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        SafeTensors.write(file, small());
        CheckedFile read = SafeTensors.readChecked(file);
        assertTrue(read.checksumVerified());
        assertEquals(small(), read.content());
        assertEquals(Map.of("step", "7", "optimizer.lr", "0.01"), SafeTensors.read(file).metadata());
    }

    @Test
    void theChecksumCoversTheContentNotTheLayout() throws CheckpointException {
        // Another writer's layout of small(): metadata last, spaces, data in header order b, w (not tapegrad's),
        // and tapegrad's checksum entries kept, as safetensors' save_file(..., metadata=...) would.
        String crc = SafeTensorsFormatTest.crc32c(new SafeTensorsEncoder(small()).toBytes());
        String header = "{\"w\": {\"dtype\": \"F32\", \"shape\": [2, 2], \"data_offsets\": [24, 40]}, "
                + "\"b\": {\"dtype\": \"F64\", \"shape\": [3], \"data_offsets\": [0, 24]}, "
                + "\"empty\": {\"dtype\": \"F32\", \"shape\": [0], \"data_offsets\": [40, 40]}, "
                + "\"__metadata__\": {\"tapegrad.crc32c\": \"" + crc + "\", \"step\": \"7\", "
                + "\"tapegrad.checksum\": \"crc32c\", \"optimizer.lr\": \"0.01\"}}";
        ByteBuffer data = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        data.putDouble(-0.0).putDouble(Double.NaN).putDouble(5).putFloat(1).putFloat(2).putFloat(3).putFloat(4);
        byte[] file = CheckpointBytes.file(header, data.array());
        CheckedFile read = SafeTensors.decodeChecked(file, SOURCE);
        assertTrue(read.checksumVerified());
        assertEquals(small(), read.content());

        // The same layout with one value changed, the metadata copied: the stale checksum refuses it.
        data.putFloat(36, 4.5f);
        byte[] edited = CheckpointBytes.file(header, data.array());
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.decodeChecked(edited, SOURCE));
        assertTrue(MISMATCH.matcher(e.getMessage()).matches(), e.getMessage());
    }

    @Test
    void malformedChecksumEntriesAreRefusedClearly() throws CheckpointException {
        String crc = SafeTensorsFormatTest.crc32c(new SafeTensorsEncoder(new SafeTensorsFile(Map.of(), Map.of())).toBytes());
        CheckedFile wellFormed = SafeTensors.decodeChecked(
                withMetadata("\"tapegrad.checksum\":\"crc32c\",\"tapegrad.crc32c\":\"" + crc + "\""), SOURCE);
        assertTrue(wellFormed.checksumVerified(), "the control: these entries, well-formed, verify");
        assertRefused("\"tapegrad.crc32c\":\"" + crc + "\"",
                "file is corrupt: metadata has 'tapegrad.crc32c' but not 'tapegrad.checksum'; tapegrad writes both");
        assertRefused("\"tapegrad.checksum\":\"crc32c\"",
                "file is corrupt: metadata has 'tapegrad.checksum' but not 'tapegrad.crc32c'; tapegrad writes both");
        assertRefused("\"tapegrad.checksum\":\"sha256\",\"tapegrad.crc32c\":\"" + crc + "\"",
                "metadata 'tapegrad.checksum' = 'sha256' is not a checksum kind tapegrad knows (it writes 'crc32c')");
        for (String bad : new String[] {crc.toUpperCase(), crc.substring(1), crc + "0", "0x" + crc.substring(2), ""}) {
            assertRefused("\"tapegrad.checksum\":\"crc32c\",\"tapegrad.crc32c\":\"" + bad + "\"",
                    "metadata 'tapegrad.crc32c' = '" + bad + "' is not a CRC32C (8 lowercase hex digits)");
        }
        assertRefused("\"tapegrad.checksum\":\"crc32c\",\"tapegrad.crc32c\":\"00000000\"",
                "file is corrupt: checksum mismatch (crc32c stored 00000000, computed " + crc + ")");
    }

    private static byte[] withMetadata(String entries) {
        return CheckpointBytes.file("{\"__metadata__\":{" + entries + "}}", new byte[0]);
    }

    private static void assertRefused(String entries, String problem) {
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> SafeTensors.decode(withMetadata(entries), SOURCE), entries);
        assertEquals("checkpoint " + SOURCE + ": " + problem, e.getMessage());
    }

    @Test
    void theChecksumKeysAreReservedOnWrite() throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        for (String key : new String[] {"tapegrad.checksum", "tapegrad.crc32c"}) {
            SafeTensorsFile content = new SafeTensorsFile(Map.of(), Map.of(key, "crc32c"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(file, content));
            assertEquals("SafeTensors.write " + file + ": metadata key '" + key
                    + "' is reserved for the checksum tapegrad writes", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> SafeTensors.encode(content));
        }
        assertFalse(Files.exists(file));
        // Other keys under the same prefix are the caller's.
        SafeTensors.write(file, new SafeTensorsFile(Map.of(), Map.of("tapegrad.version", "1")));
        assertArrayEquals(SafeTensors.encode(new SafeTensorsFile(Map.of(), Map.of("tapegrad.version", "1"))),
                Files.readAllBytes(file));
    }
}
