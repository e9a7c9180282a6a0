package io.github.tapegrad.nn.checkpoint;

import io.github.tapegrad.autograd.DType;

import io.github.tapegrad.nn.checkpoint.JsonValue.JsonArray;
import io.github.tapegrad.nn.checkpoint.JsonValue.JsonInteger;
import io.github.tapegrad.nn.checkpoint.JsonValue.JsonObject;
import io.github.tapegrad.nn.checkpoint.JsonValue.JsonString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Strict reader: validates the length prefix, the header JSON, every tensor entry and the exact
 * tiling of the data section before building any value, and refuses anything else with a
 * {@link CheckpointException}.
 */
final class SafeTensorsDecoder {
    /** Same cap as the reference implementation: a larger header is hostile or corrupt. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final Set<String> ENTRY_KEYS = Set.of("dtype", "shape", "data_offsets");

    /** A header entry after validation, before its bytes are read. */
    private record Entry(String name, DType dtype, int[] shape, long begin, long end) {
    }

    private final byte[] bytes;
    private final String source;

    private SafeTensorsDecoder(byte[] bytes, String source) {
        this.bytes = bytes;
        this.source = source;
    }

    static SafeTensorsFile decode(byte[] bytes, String source) throws CheckpointException {
        return new SafeTensorsDecoder(bytes, source).decode();
    }

    private SafeTensorsFile decode() throws CheckpointException {
        if (bytes.length < Long.BYTES) {
            throw fail(null, "file is " + bytes.length + " bytes, shorter than the 8-byte header length prefix");
        }
        long headerLength = ByteBuffer.wrap(bytes, 0, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw fail(null, "header length " + Long.toUnsignedString(headerLength) + " exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes");
        }
        if (headerLength > bytes.length - Long.BYTES) {
            throw fail(null, "header length " + headerLength + " runs past the end of the file ("
                    + bytes.length + " bytes, " + (bytes.length - Long.BYTES) + " after the length prefix)");
        }
        int dataStart = Long.BYTES + (int) headerLength;
        long dataLength = bytes.length - dataStart;
        JsonValue root = StrictJsonParser.parse(headerText((int) headerLength), source);
        if (!(root instanceof JsonObject top)) {
            throw fail(null, "header is " + JsonValue.kindOf(root) + ", expected a JSON object");
        }
        Map<String, String> metadata = Map.of();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonValue> member : top.members().entrySet()) {
            if (member.getKey().equals(SafeTensorsFile.METADATA_KEY)) {
                metadata = metadata(member.getValue());
            } else {
                entries.add(entry(member.getKey(), member.getValue(), dataLength));
            }
        }
        // Stable sort: empty tensors sharing an offset keep their header order.
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        requireExactTiling(entries, dataLength);
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (Entry e : entries) {
            tensors.put(e.name(), values(e, dataStart));
        }
        return new SafeTensorsFile(tensors, metadata);
    }

    private String headerText(int headerLength) throws CheckpointException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, Long.BYTES, headerLength);
        CharBuffer out = CharBuffer.allocate(headerLength);
        CoderResult result = utf8.decode(in, out, true);
        if (!result.isError()) {
            result = utf8.flush(out);
        }
        if (result.isError()) {
            throw fail(null, "header is not valid UTF-8: malformed byte sequence at header byte "
                    + (in.position() - Long.BYTES));
        }
        return out.flip().toString();
    }

    private Map<String, String> metadata(JsonValue value) throws CheckpointException {
        if (!(value instanceof JsonObject obj)) {
            throw fail(null, "'" + SafeTensorsFile.METADATA_KEY + "' is " + JsonValue.kindOf(value)
                    + ", expected an object of strings");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> m : obj.members().entrySet()) {
            if (!(m.getValue() instanceof JsonString s)) {
                throw fail(null, "metadata value for '" + m.getKey() + "' is " + JsonValue.kindOf(m.getValue())
                        + ", expected a string");
            }
            metadata.put(m.getKey(), s.value());
        }
        return metadata;
    }

    private Entry entry(String name, JsonValue value, long dataLength) throws CheckpointException {
        if (!(value instanceof JsonObject obj)) {
            throw fail(name, "header entry is " + JsonValue.kindOf(value) + ", expected an object");
        }
        Set<String> missing = new TreeSet<>(ENTRY_KEYS);
        missing.removeAll(obj.members().keySet());
        if (!missing.isEmpty()) {
            throw fail(name, "header entry is missing " + missing);
        }
        Set<String> unknown = new TreeSet<>(obj.members().keySet());
        unknown.removeAll(ENTRY_KEYS);
        if (!unknown.isEmpty()) {
            throw fail(name, "header entry has unknown keys " + unknown + " (allowed: dtype, shape, data_offsets)");
        }
        DType dtype = dtype(name, obj.members().get("dtype"));
        int[] shape = shape(name, obj.members().get("shape"));
        long[] offsets = offsets(name, obj.members().get("data_offsets"));
        long begin = offsets[0];
        long end = offsets[1];
        if (end > dataLength) {
            throw fail(name, "data_offsets [" + begin + ", " + end + "] end beyond the data section of "
                    + dataLength + " bytes");
        }
        long count = Shapes.elementCountOrMinusOne(Shapes.widen(shape));
        long expectedBytes = count < 0 ? -1 : multiplyOrMinusOne(count, dtype.bytes());
        if (expectedBytes < 0) {
            throw fail(name, "shape " + Arrays.toString(shape) + " overflows the element count");
        }
        if (end - begin != expectedBytes) {
            throw fail(name, "data_offsets [" + begin + ", " + end + "] span " + (end - begin) + " bytes but "
                    + dtype.safetensorsName() + Arrays.toString(shape) + " needs " + count + " x " + dtype.bytes()
                    + " = " + expectedBytes + " bytes");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static long multiplyOrMinusOne(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException overflow) {
            return -1;
        }
    }

    private DType dtype(String name, JsonValue value) throws CheckpointException {
        if (!(value instanceof JsonString s)) {
            throw fail(name, "dtype is " + JsonValue.kindOf(value) + ", expected a string");
        }
        DType dtype = java.util.Arrays.stream(DType.values())
                .filter(d -> d.safetensorsName().equals(s.value())).findFirst().orElse(null);
        if (dtype == null) {
            throw fail(name, "unsupported dtype '" + s.value() + "' (tapegrad reads only F32 and F64)");
        }
        return dtype;
    }

    private int[] shape(String name, JsonValue value) throws CheckpointException {
        if (!(value instanceof JsonArray arr)) {
            throw fail(name, "shape is " + JsonValue.kindOf(value) + ", expected an array of integers");
        }
        int[] shape = new int[arr.elements().size()];
        for (int i = 0; i < shape.length; i++) {
            JsonValue dim = arr.elements().get(i);
            if (!(dim instanceof JsonInteger d)) {
                throw fail(name, "shape dimension " + i + " is " + JsonValue.kindOf(dim) + ", expected an integer");
            }
            if (d.value() < 0) {
                throw fail(name, "shape dimension " + i + " is negative (" + d.value() + ")");
            }
            if (d.value() > Integer.MAX_VALUE) {
                throw fail(name, "shape dimension " + i + " (" + d.value() + ") exceeds " + Integer.MAX_VALUE);
            }
            shape[i] = (int) d.value();
        }
        return shape;
    }

    private long[] offsets(String name, JsonValue value) throws CheckpointException {
        if (!(value instanceof JsonArray arr) || arr.elements().size() != 2
                || !(arr.elements().get(0) instanceof JsonInteger b)
                || !(arr.elements().get(1) instanceof JsonInteger e)) {
            throw fail(name, "data_offsets must be an array of two integers [begin, end]");
        }
        if (b.value() < 0 || e.value() < 0) {
            throw fail(name, "data_offsets [" + b.value() + ", " + e.value() + "] are negative");
        }
        if (b.value() > e.value()) {
            throw fail(name, "data_offsets [" + b.value() + ", " + e.value() + "] have begin > end");
        }
        return new long[] {b.value(), e.value()};
    }

    /** The spec requires the tensors to cover the data section exactly: no overlap, gap or tail. */
    private void requireExactTiling(List<Entry> sorted, long dataLength) throws CheckpointException {
        long covered = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin() < covered) {
                throw fail(e.name(), "data_offsets [" + e.begin() + ", " + e.end() + "] overlap tensor '"
                        + previous.name() + "' [" + previous.begin() + ", " + previous.end() + "]");
            }
            if (e.begin() > covered) {
                throw fail(e.name(), "data_offsets [" + e.begin() + ", " + e.end() + "] leave bytes ["
                        + covered + ", " + e.begin() + ") of the data section uncovered");
            }
            covered = e.end();
            previous = e;
        }
        if (covered != dataLength) {
            throw fail(null, "data section has " + (dataLength - covered) + " trailing bytes [" + covered + ", "
                    + dataLength + ") not covered by any tensor");
        }
    }

    private TensorData values(Entry e, int dataStart) {
        int from = dataStart + (int) e.begin();
        ByteBuffer buf = ByteBuffer.wrap(bytes, from, (int) (e.end() - e.begin())).slice().order(ByteOrder.LITTLE_ENDIAN);
        int count = (int) ((e.end() - e.begin()) / e.dtype().bytes());
        if (e.dtype() == DType.FLOAT32) {
            float[] values = new float[count];
            buf.asFloatBuffer().get(values);
            return TensorData.ofF32(e.shape(), values);
        }
        double[] values = new double[count];
        buf.asDoubleBuffer().get(values);
        return TensorData.ofF64(e.shape(), values);
    }

    private CheckpointException fail(String tensor, String problem) {
        return new CheckpointException(source, tensor, problem);
    }
}
