package io.github.tapegrad.nn.checkpoint;

import io.github.tapegrad.autograd.DType;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class SafeTensorsFormatTest {

    /** One F32 tensor x = [1.0, -2.5], laid out byte by byte, as a writer without checksums lays it out. */
    private static final byte[] TINY_FILE = concat(
            new byte[] {0x38, 0, 0, 0, 0, 0, 0, 0}, // header length 56, little-endian
            "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}  ".getBytes(StandardCharsets.US_ASCII),
            new byte[] {0x00, 0x00, (byte) 0x80, 0x3f, 0x00, 0x00, 0x20, (byte) 0xc0});

    @Test
    void writerProducesTheKnownBytesForATinyTensor() {
        // The checksum is the CRC32C of the file as written without the checksum entries: TINY_FILE.
        assertEquals("7d435bb2", crc32c(TINY_FILE));
        byte[] expected = concat(
                new byte[] {(byte) 0x88, 0, 0, 0, 0, 0, 0, 0}, // header length 136
                ("{\"__metadata__\":{\"tapegrad.checksum\":\"crc32c\",\"tapegrad.crc32c\":\"7d435bb2\"},"
                        + "\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}       ")
                        .getBytes(StandardCharsets.US_ASCII),
                Arrays.copyOfRange(TINY_FILE, TINY_FILE.length - 8, TINY_FILE.length));
        SafeTensorsFile content = SafeTensorsFile.ofTensors(Map.of("x", TensorData.ofF32(new int[] {2}, new float[] {1.0f, -2.5f})));
        assertArrayEquals(expected, SafeTensors.encode(content));
    }

    @Test
    void readerDecodesTheKnownBytes() throws CheckpointException {
        CheckedFile checked = SafeTensors.decodeChecked(TINY_FILE, "tiny.safetensors");
        assertFalse(checked.checksumVerified(), "no checksum to verify");
        SafeTensorsFile read = checked.content();
        assertEquals(List.of("x"), List.copyOf(read.tensors().keySet()));
        assertEquals(TensorSpec.of(DType.FLOAT32, 2), read.tensors().get("x").spec());
        assertArrayEquals(new float[] {1.0f, -2.5f}, read.tensors().get("x").f32());
        assertEquals(Map.of(), read.metadata());
    }

    @Test
    void readsAFileLaidOutTheWayOtherWritersDoIt() throws CheckpointException {
        // Metadata first, keys not sorted, whitespace inside the JSON, tensor order in the header
        // differing from data order, a zero-size tensor, and padding spaces after the JSON.
        String header = "{\"__metadata__\": {\"format\": \"pt\", \"step\": \"12\"}, "
                + "\"b\": {\"dtype\": \"F64\", \"shape\": [1], \"data_offsets\": [4, 12]}, "
                + "\"empty\": {\"dtype\": \"F32\", \"shape\": [0, 3], \"data_offsets\": [12, 12]}, "
                + "\"a\": {\"dtype\": \"F32\", \"shape\": [], \"data_offsets\": [0, 4]}}";
        int padded = header.length() + (8 - (8 + header.length()) % 8) % 8;
        byte[] data = concat(CheckpointBytes.f32Bytes(3.0f), new byte[] {0, 0, 0, 0, 0, 0, (byte) 0xf0, 0x3f});
        CheckedFile checked = SafeTensors.decodeChecked(
                CheckpointBytes.file(header + " ".repeat(padded - header.length()), data), "pt.safetensors");
        assertFalse(checked.checksumVerified());
        SafeTensorsFile read = checked.content();

        assertEquals(List.of("a", "b", "empty"), List.copyOf(read.tensors().keySet()), "data-section order");
        assertArrayEquals(new float[] {3.0f}, read.tensors().get("a").f32());
        assertArrayEquals(new int[] {}, read.tensors().get("a").shape());
        assertArrayEquals(new double[] {1.0}, read.tensors().get("b").f64());
        assertEquals(TensorSpec.of(DType.FLOAT32, 0, 3), read.tensors().get("empty").spec());
        assertEquals(Map.of("format", "pt", "step", "12"), read.metadata());
    }

    @Test
    void writerOrdersF64BeforeF32AndByNameWithinADtype() throws CheckpointException {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.put("z32", TensorData.ofF32(new int[] {1}, new float[] {1}));
        tensors.put("b64", TensorData.ofF64(new int[] {1}, new double[] {2}));
        tensors.put("a32", TensorData.ofF32(new int[] {3}, new float[] {3, 4, 5}));
        tensors.put("a64", TensorData.ofF64(new int[] {}, new double[] {6}));
        SafeTensorsFile read = SafeTensors.decode(SafeTensors.encode(SafeTensorsFile.ofTensors(tensors)), "order");
        assertEquals(List.of("a64", "b64", "a32", "z32"), List.copyOf(read.tensors().keySet()));
    }

    @Test
    void emptyCheckpointIsItsChecksumPaddedToEightBytes() throws CheckpointException {
        byte[] withoutChecksum = concat(new byte[] {8, 0, 0, 0, 0, 0, 0, 0}, "{}      ".getBytes(StandardCharsets.US_ASCII));
        assertEquals("6eeedad3", crc32c(withoutChecksum));
        byte[] bytes = SafeTensors.encode(new SafeTensorsFile(Map.of(), Map.of()));
        assertArrayEquals(concat(new byte[] {80, 0, 0, 0, 0, 0, 0, 0},
                "{\"__metadata__\":{\"tapegrad.checksum\":\"crc32c\",\"tapegrad.crc32c\":\"6eeedad3\"}}    "
                        .getBytes(StandardCharsets.US_ASCII)), bytes);
        CheckedFile read = SafeTensors.decodeChecked(bytes, "empty");
        assertEquals(new SafeTensorsFile(Map.of(), Map.of()), read.content());
        assertTrue(read.checksumVerified());
        assertEquals(new CheckedFile(new SafeTensorsFile(Map.of(), Map.of()), false), SafeTensors.decodeChecked(withoutChecksum, "old"));
    }

    @Test
    void metadataStringsWithEscapesAndUnicodeRoundTrip() throws CheckpointException {
        Map<String, String> metadata = Map.of("q\"uote", "back\\slash\n\u0001", "emoji \uD83D\uDE00", "中文 é \u2028");
        SafeTensorsFile content = new SafeTensorsFile(Map.of(), metadata);
        String header = new String(SafeTensors.encode(content), StandardCharsets.UTF_8);
        assertEquals(true, header.contains("\"q\\\"uote\":\"back\\\\slash\\n\\u0001\""), header);
        assertEquals(content, SafeTensors.decode(SafeTensors.encode(content), "meta"));
    }

    /** CRC32C as tapegrad writes it, computed here straight from java.util.zip. */
    static String crc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return String.format("%08x", crc.getValue());
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
