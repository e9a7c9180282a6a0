package io.github.tapegrad.nn.checkpoint;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/** QuickTheories generators for checkpoint contents, biased towards awkward values and names. */
final class CheckpointGenerators {
    private CheckpointGenerators() {
    }

    private static final float[] SPECIAL_FLOATS = {
        Float.NaN, Float.intBitsToFloat(0x7fc0_1234), Float.intBitsToFloat(0xffc0_0001),
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f, 0.0f, Float.MIN_VALUE, -Float.MAX_VALUE, 1.0f,
    };
    private static final double[] SPECIAL_DOUBLES = {
        Double.NaN, Double.longBitsToDouble(0x7ff8_0000_dead_beefL), Double.longBitsToDouble(0xfff8_0000_0000_0001L),
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE, -Double.MAX_VALUE, 1.0,
    };
    /** Characters that stress JSON escaping and UTF-8: quotes, backslash, controls, multi-byte, astral. */
    private static final int[] SPECIAL_CODE_POINTS = {
        '"', '\\', '/', '\n', '\t', 0x00, 0x1f, 0x7f, 'é', 'ß', '中', 0x2028, 0xfeff, 0xfffd, 0x1f600, 0x10ffff, ' ',
    };

    static Gen<SafeTensorsFile> contents() {
        return CheckpointGenerators::content;
    }

    static SafeTensorsFile content(RandomnessSource in) {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        int count = between(in, 0, 5);
        while (tensors.size() < count) {
            String name = text(in, 0, 8);
            if (!name.equals(SafeTensorsFile.METADATA_KEY)) {
                tensors.put(name, tensor(in));
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        int entries = between(in, 0, 3);
        for (int i = 0; i < entries; i++) {
            metadata.put(text(in, 0, 8), text(in, 0, 12));
        }
        return new SafeTensorsFile(tensors, metadata);
    }

    static TensorData tensor(RandomnessSource in) {
        int[] shape = new int[between(in, 0, 3)];
        int n = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = between(in, 0, 4);
            n *= shape[i];
        }
        if (between(in, 0, 1) == 0) {
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                values[i] = between(in, 0, 3) == 0
                        ? SPECIAL_FLOATS[between(in, 0, SPECIAL_FLOATS.length - 1)]
                        : Float.intBitsToFloat(integers().all().generate(in));
            }
            return TensorData.ofF32(shape, values);
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = between(in, 0, 3) == 0
                    ? SPECIAL_DOUBLES[between(in, 0, SPECIAL_DOUBLES.length - 1)]
                    : Double.longBitsToDouble(longs().all().generate(in));
        }
        return TensorData.ofF64(shape, values);
    }

    /** A well-formed Unicode string mixing ASCII letters with the special code points above. */
    static String text(RandomnessSource in, int minLength, int maxLength) {
        int length = between(in, minLength, maxLength);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int cp = between(in, 0, 2) == 0
                    ? SPECIAL_CODE_POINTS[between(in, 0, SPECIAL_CODE_POINTS.length - 1)]
                    : between(in, 'a', 'z');
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    static int between(RandomnessSource in, int min, int max) {
        return integers().between(min, max).generate(in);
    }
}
