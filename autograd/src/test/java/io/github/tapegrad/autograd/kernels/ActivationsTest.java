package io.github.tapegrad.autograd.kernels;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** float32 exp / tanh / sigmoid kernels: accuracy in ulp, special values, and the same bits on every call. */
class ActivationsTest {
    private static final UnaryOp[] OPS = {UnaryOp.EXP, UnaryOp.TANH, UnaryOp.SIGMOID};

    private static float[] inputs() {
        SplittableRandom rng = new SplittableRandom(7);
        float[] x = new float[20_000];
        for (int i = 0; i < x.length; i++) {
            double scale = i % 3 == 0 ? 30 : i % 3 == 1 ? 3 : 0.05;
            x[i] = (float) (rng.nextGaussian() * scale);
        }
        float[] special = {0f, -0f, 1e-7f, -1e-7f, 88.7f, -87.3f, 89f, -88f, 100f, -100f,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        System.arraycopy(special, 0, x, 0, special.length);
        return x;
    }

    private static double reference(UnaryOp op, double x) {
        return switch (op) {
            case EXP -> Math.exp(x);
            case TANH -> Math.tanh(x);
            default -> 1 / (1 + Math.exp(-x));
        };
    }

    @Test
    void withinFourUlpOfTheCorrectlyRoundedValue() {
        float[] x = inputs();
        float[] y = new float[x.length];
        for (UnaryOp op : OPS) {
            Unary.apply(op, x, y, 0, 0);
            for (int i = 0; i < x.length; i++) {
                float expected = (float) reference(op, x[i]);
                if (Float.isInfinite(expected) || Math.abs(expected) < Float.MIN_NORMAL) {
                    // overflow gives inf; results below the normal range may flush to 0
                    assertTrue(y[i] == expected || Math.abs(y[i]) < Float.MIN_NORMAL,
                            op + "(" + x[i] + ") = " + y[i] + ", expected " + expected);
                    continue;
                }
                double ulps = Math.abs(y[i] - reference(op, x[i])) / Math.ulp(expected);
                assertTrue(ulps <= 4, op + "(" + x[i] + ") = " + y[i] + " is " + ulps + " ulp from " + expected);
            }
        }
    }

    /** Unary kernels may write over their input (out == x). */
    @Test
    void inPlaceEqualsOutOfPlace() {
        float[] x = inputs();
        for (UnaryOp op : OPS) {
            float[] expected = new float[x.length];
            Unary.apply(op, x, expected, 0, 0);
            float[] inPlace = x.clone();
            Unary.apply(op, inPlace, inPlace, 0, 0);
            assertArrayEquals(expected, inPlace, op.name());
        }
    }

    @Test
    void nanStaysNan() {
        float[] x = new float[64];
        java.util.Arrays.fill(x, Float.NaN);
        float[] y = new float[x.length];
        for (UnaryOp op : OPS) {
            Unary.apply(op, x, y, 0, 0);
            for (float v : y) {
                assertTrue(Float.isNaN(v), op + " of NaN gave " + v);
            }
        }
    }

    /** The JIT compiling the loop must not change a bit: training runs are reproducible. */
    @Test
    void sameBitsOnTheFirstCallAndAfterCompilation() {
        float[] x = inputs();
        for (UnaryOp op : OPS) {
            float[] first = new float[x.length];
            Unary.apply(op, x, first, 0, 0);
            float[] later = new float[x.length];
            for (int round = 0; round < 400; round++) {
                Unary.apply(op, x, later, 0, 0);
            }
            assertArrayEquals(first, later, op.name());
        }
    }

    @Test
    void tanhIsOddAndSigmoidSymmetric() {
        float[] x = inputs();
        float[] neg = new float[x.length];
        for (int i = 0; i < x.length; i++) neg[i] = -x[i];
        float[] a = new float[x.length];
        float[] b = new float[x.length];
        Unary.apply(UnaryOp.TANH, x, a, 0, 0);
        Unary.apply(UnaryOp.TANH, neg, b, 0, 0);
        for (int i = 0; i < x.length; i++) assertEquals(a[i], -b[i], 0f, "tanh(" + x[i] + ")");
        Unary.apply(UnaryOp.SIGMOID, x, a, 0, 0);
        Unary.apply(UnaryOp.SIGMOID, neg, b, 0, 0);
        for (int i = 0; i < x.length; i++) assertEquals(1.0, a[i] + b[i], 3e-7, "sigmoid(" + x[i] + ")");
    }
}
