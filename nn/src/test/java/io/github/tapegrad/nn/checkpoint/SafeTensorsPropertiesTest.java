package io.github.tapegrad.nn.checkpoint;

import io.github.tapegrad.autograd.DType;

import static io.github.tapegrad.nn.checkpoint.CheckpointGenerators.between;
import static io.github.tapegrad.nn.checkpoint.CheckpointGenerators.contents;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

class SafeTensorsPropertiesTest {
    private static final String SOURCE = "generated.safetensors";

    @TempDir
    Path dir;

    @Test
    void encodeThenDecodeGivesBackTheSameBits() {
        qt().withExamples(400).forAll(contents()).checkAssert(content -> {
            SafeTensorsFile back = decodeOrFail(SafeTensors.encode(content));
            // TensorData equality is bitwise: NaN payloads and -0.0 must survive.
            assertEquals(content, back);
        });
    }

    @Test
    void writeThenReadGivesBackTheSameContent() {
        qt().withExamples(40).forAll(contents()).checkAssert(content -> {
            Path file = dir.resolve("ckpt.safetensors");
            try {
                SafeTensors.write(file, content);
                assertEquals(content, SafeTensors.read(file));
                assertArrayEquals(SafeTensors.encode(content), Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void bytesDoNotDependOnMapInsertionOrder() {
        qt().withExamples(200).forAll(contents()).checkAssert(content -> {
            assertArrayEquals(SafeTensors.encode(content), SafeTensors.encode(reversed(content)));
        });
    }

    @Test
    void writtenBytesFollowTheFormatWhenParsedByHand() {
        qt().withExamples(300).forAll(contents()).checkAssert(content -> {
            byte[] bytes = SafeTensors.encode(content);
            ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            long headerLength = le.getLong(0);
            int dataStart = Math.toIntExact(8 + headerLength);
            assertEquals(0, dataStart % 8, "data section must start on an 8-byte boundary");
            String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
            String json = header.stripTrailing();
            assertTrue(header.substring(json.length()).chars().allMatch(c -> c == ' '), "padding is spaces only");
            assertTrue(json.startsWith("{") && json.endsWith("}"), header);
            assertTrue(json.startsWith("{\"__metadata__\":{"), "metadata first, the checksum at least: " + header);
            assertEquals(SafeTensorsFormatTest.crc32c(withoutChecksum(json, bytes, dataStart)), storedChecksum(json),
                    "the checksum is the CRC32C of the file as written without its two entries");

            // Offsets, in header order, must tile the data section exactly.
            List<long[]> offsets = new ArrayList<>();
            Matcher m = Pattern.compile("\"data_offsets\":\\[(\\d+),(\\d+)\\]").matcher(json);
            while (m.find()) {
                offsets.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
            }
            assertEquals(content.tensors().size(), offsets.size(), header);
            long cursor = 0;
            for (long[] o : offsets) {
                assertEquals(cursor, o[0], "tensors are contiguous in header order: " + header);
                cursor = o[1];
            }
            assertEquals(bytes.length - dataStart, cursor, "tensors cover the data section exactly");

            for (Map.Entry<String, TensorData> e : content.tensors().entrySet()) {
                TensorData t = e.getValue();
                String entryStart = jsonString(e.getKey()) + ":{\"dtype\":\"" + t.dtype().safetensorsName() + "\",\"shape\":"
                        + Arrays.toString(t.shape()).replace(" ", "") + ",\"data_offsets\":[";
                int at = json.indexOf(entryStart);
                assertTrue(at >= 0, "header lacks " + entryStart + " in " + header);
                Matcher om = Pattern.compile("(\\d+),(\\d+)\\]}").matcher(json).region(at + entryStart.length(), json.length());
                assertTrue(om.lookingAt(), header);
                int begin = dataStart + Integer.parseInt(om.group(1));
                int end = dataStart + Integer.parseInt(om.group(2));
                assertEquals(0, (begin - dataStart) % t.dtype().bytes(), "tensor aligned to its element size");
                assertArrayEquals(littleEndian(t), Arrays.copyOfRange(bytes, begin, end), e.getKey());
            }
        });
    }

    @Test
    void everyTruncationOfAGeneratedFileIsRefused() {
        qt().withExamples(40).forAll(contents()).checkAssert(content -> {
            byte[] bytes = SafeTensors.encode(content);
            for (int length = 0; length < bytes.length; length++) {
                byte[] prefix = Arrays.copyOf(bytes, length);
                assertThrows(CheckpointException.class, () -> SafeTensors.decode(prefix, SOURCE), "length " + length);
            }
        });
    }

    /** Corrupted bytes must give a valid file or a CheckpointException; nothing else may escape. */
    @Test
    void randomCorruptionIsAcceptedAsValidOrRefusedCleanly() {
        Gen<byte[]> corrupted = in -> {
            byte[] bytes = SafeTensors.encode(CheckpointGenerators.content(in));
            int headerEnd = 8 + (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            int flips = between(in, 1, 4);
            for (int i = 0; i < flips; i++) {
                // Mostly hit the prefix and header, where corruption changes the structure.
                int pos = between(in, 0, 3) > 0 ? between(in, 0, headerEnd - 1) : between(in, 0, bytes.length - 1);
                bytes[pos] = (byte) between(in, 0, 255);
            }
            if (between(in, 0, 4) == 0) {
                bytes = Arrays.copyOf(bytes, between(in, 0, bytes.length + 8));
            }
            return bytes;
        };
        qt().withExamples(2000).forAll(corrupted).checkAssert(bytes -> {
            SafeTensorsFile decoded;
            try {
                decoded = SafeTensors.decode(bytes, SOURCE);
            } catch (CheckpointException refused) {
                assertTrue(refused.getMessage().contains(SOURCE), refused.getMessage());
                return;
            } catch (RuntimeException | Error other) {
                throw new AssertionError("corrupt input escaped as " + other, other);
            }
            // Accepted: the result must be a coherent checkpoint that round-trips.
            assertEquals(decoded, decodeOrFail(SafeTensors.encode(decoded)));
        });
    }

    private static final Pattern CHECKSUM_ENTRIES =
            Pattern.compile("\"tapegrad\\.checksum\":\"crc32c\",\"tapegrad\\.crc32c\":\"([0-9a-f]{8})\"");

    private static String storedChecksum(String json) {
        Matcher m = CHECKSUM_ENTRIES.matcher(json);
        assertTrue(m.find(), json);
        return m.group(1);
    }

    /** The file a writer without checksums would produce: the two entries (and an emptied metadata object) cut out. */
    private static byte[] withoutChecksum(String json, byte[] file, int dataStart) {
        Matcher m = CHECKSUM_ENTRIES.matcher(json);
        assertTrue(m.find(), json);
        int from = m.start();
        int to = m.end();
        if (json.charAt(from - 1) == ',') {
            from--;
        } else if (json.charAt(to) == ',') {
            to++;
        }
        String cut = json.substring(0, from) + json.substring(to);
        cut = cut.replace("{\"__metadata__\":{},", "{").replace("{\"__metadata__\":{}}", "{}");
        byte[] header = cut.getBytes(StandardCharsets.UTF_8);
        int padded = header.length + (8 - (8 + header.length) % 8) % 8;
        byte[] padding = " ".repeat(padded - header.length).getBytes(StandardCharsets.US_ASCII);
        return CheckpointBytes.file(SafeTensorsFormatTest.concat(header, padding),
                Arrays.copyOfRange(file, dataStart, file.length));
    }

    /**
     * Every position of a generated file, changed three ways (its lowest bit, all its bits, a random value): the file
     * is refused, as a checksum mismatch when the byte is data, or loads exactly what was saved, verified, when the
     * change cannot alter the content (JSON whitespace for whitespace, or the case of a hex digit in a JSON unicode
     * escape).
     */
    @Test
    void everySingleByteChangeIsRefusedOrLoadsTheSameContent() {
        qt().withExamples(20).forAll(contents(), longs().all()).checkAssert((content, seed) -> {
            byte[] file = SafeTensors.encode(content);
            int dataStart = SafeTensorsChecksumTest.dataStart(file);
            SplittableRandom random = new SplittableRandom(seed);
            for (int pos = 0; pos < file.length; pos++) {
                for (int value : new int[] {file[pos] ^ 1, ~file[pos], random.nextInt(256)}) {
                    if ((byte) value == file[pos]) {
                        continue;
                    }
                    byte[] changed = file.clone();
                    changed[pos] = (byte) value;
                    String what = "byte " + pos + " of " + file.length + " set to " + (value & 0xff);
                    CheckedFile read;
                    try {
                        read = SafeTensors.decodeChecked(changed, SOURCE);
                    } catch (CheckpointException refused) {
                        assertEquals(SOURCE, refused.sourceName(), what);
                        assertTrue(pos < dataStart || refused.getMessage().startsWith("checkpoint " + SOURCE
                                + ": file is corrupt: checksum mismatch (crc32c stored "), what + ": " + refused.getMessage());
                        continue;
                    }
                    assertTrue(pos < dataStart, what + " was accepted");
                    assertTrue(sameInJson(file[pos], (byte) value), what + " was accepted");
                    assertEquals(content, read.content(), what);
                    assertTrue(read.checksumVerified(), what);
                }
            }
        });
    }

    private static boolean sameInJson(byte a, byte b) {
        boolean hexLetters = "abcdefABCDEF".indexOf(a) >= 0 && "abcdefABCDEF".indexOf(b) >= 0;
        return SafeTensorsChecksumTest.isJsonWhitespace(a) && SafeTensorsChecksumTest.isJsonWhitespace(b)
                || hexLetters && Character.toLowerCase(a) == Character.toLowerCase(b);
    }

    private static SafeTensorsFile decodeOrFail(byte[] bytes) {
        try {
            return SafeTensors.decode(bytes, SOURCE);
        } catch (CheckpointException e) {
            return fail("valid bytes refused: " + e.getMessage(), e);
        }
    }

    private static SafeTensorsFile reversed(SafeTensorsFile content) {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(content.tensors().keySet());
        for (int i = names.size() - 1; i >= 0; i--) {
            tensors.put(names.get(i), content.tensors().get(names.get(i)));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>(content.metadata().keySet());
        for (int i = keys.size() - 1; i >= 0; i--) {
            metadata.put(keys.get(i), content.metadata().get(keys.get(i)));
        }
        return new SafeTensorsFile(tensors, metadata);
    }

    private static byte[] littleEndian(TensorData t) {
        ByteBuffer buf = ByteBuffer.allocate((int) t.byteLength()).order(ByteOrder.LITTLE_ENDIAN);
        if (t.dtype() == DType.FLOAT32) {
            for (float v : t.f32()) {
                buf.putInt(Float.floatToRawIntBits(v));
            }
        } else {
            for (double v : t.f64()) {
                buf.putLong(Double.doubleToRawLongBits(v));
            }
        }
        return buf.array();
    }

    /** JSON string literal per RFC 8259, written independently of the encoder under test. */
    private static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.chars().forEach(c -> {
            if (c == '"' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c < 0x20) {
                String named = switch (c) {
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    case '\b' -> "\\b";
                    case '\f' -> "\\f";
                    default -> String.format("\\u%04x", c);
                };
                sb.append(named);
            } else {
                sb.append((char) c);
            }
        });
        return sb.append('"').toString();
    }
}
