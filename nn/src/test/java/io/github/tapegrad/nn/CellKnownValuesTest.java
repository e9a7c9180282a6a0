package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Each built-in cell with small fixed weights against the textbook equations evaluated with plain
 * double loops, through both the sequence path (precompute + 3-arg step) and the plain 2-arg step.
 */
class CellKnownValuesTest {
    static final int T = 3, B = 2, I = 3, H = 2;
    static final double TOL = 1e-12;

    /** Deterministic small values: 0.3·sin(k·1.7 + offset). */
    static double[] values(int n, int offset) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = 0.3 * Math.sin(k * 1.7 + offset);
        }
        return v;
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** w [rows, cols] · v [cols] + b. */
    static double[] affine(double[] w, double[] b, double[] v, int rows, int cols, int vOffset) {
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = b[r];
            for (int k = 0; k < cols; k++) {
                s += w[r * cols + k] * v[vOffset + k];
            }
            out[r] = s;
        }
        return out;
    }

    record Weights(double[] wih, double[] whh, double[] bih, double[] bhh) {
        static Weights of(int gates) {
            return new Weights(values(gates * H * I, 1), values(gates * H * H, 2), values(gates * H, 3),
                    values(gates * H, 4));
        }

        Map<String, Tensor> stateDict(int gates) {
            Map<String, Tensor> m = new LinkedHashMap<>();
            m.put("weight_ih", Tensor.of(wih, gates * H, I));
            m.put("weight_hh", Tensor.of(whh, gates * H, H));
            m.put("bias_ih", Tensor.of(bih));
            m.put("bias_hh", Tensor.of(bhh));
            return m;
        }
    }

    /** The reference's per-sample step: x [I], state arrays updated in place; returns nothing. */
    interface RefStep {
        void step(double[] x, int xOffset, double[][] state);
    }

    /** Runs the reference over x [T, B, I]; returns h for every step [T, B, H] and the final states. */
    static double[][] runReference(double[] x, int stateCount, RefStep step) {
        double[] hs = new double[T * B * H];
        double[][] finals = new double[stateCount][B * H];
        for (int b = 0; b < B; b++) {
            double[][] state = new double[stateCount][H];
            for (int t = 0; t < T; t++) {
                step.step(x, (t * B + b) * I, state);
                System.arraycopy(state[0], 0, hs, (t * B + b) * H, H);
            }
            for (int s = 0; s < stateCount; s++) {
                System.arraycopy(state[s], 0, finals[s], b * H, H);
            }
        }
        double[][] out = new double[stateCount + 1][];
        out[0] = hs;
        System.arraycopy(finals, 0, out, 1, stateCount);
        return out;
    }

    static <C extends Cell> void check(C cell, Weights w, int gates, RefStep ref, int stateCount) {
        cell.loadStateDict(w.stateDict(gates), true);
        double[] x = values(T * B * I, 5);
        double[][] expected = runReference(x, stateCount, ref);
        Tensor input = Tensor.of(x, T, B, I);

        RecurrentOutput out = new Recurrent(c -> cell, Recurrent.options(I, cell.hiddenSize()).dtype(DType.FLOAT64)).forward(input);
        Approx.assertValues(expected[0], out.outputs(), TOL, cell + " outputs");
        for (int s = 0; s < stateCount; s++) {
            Approx.assertValues(expected[s + 1], out.finalState().get(s), TOL, cell + " final state " + s);
        }

        State state = cell.initialState(B, DType.FLOAT64);
        for (int t = 0; t < T; t++) {
            state = cell.forward(input.select(0, t), state);
        }
        for (int s = 0; s < stateCount; s++) {
            Approx.assertValues(expected[s + 1], state.get(s), TOL, cell + " 2-arg step, state " + s);
        }
    }

    @Test
    void rnnTanhAndReluMatchTheEquations() {
        for (RNNCell.Nonlinearity act : RNNCell.Nonlinearity.values()) {
            Weights w = Weights.of(1);
            RNNCell cell = new RNNCell(CellConfig.of(I, H).dtype(DType.FLOAT64).rng(new SplittableRandom(1)), act);
            check(cell, w, 1, (x, xo, st) -> {
                double[] a = affine(w.wih, w.bih, x, H, I, xo);
                double[] b = affine(w.whh, w.bhh, st[0], H, H, 0);
                for (int j = 0; j < H; j++) {
                    double z = a[j] + b[j];
                    st[0][j] = act == RNNCell.Nonlinearity.TANH ? Math.tanh(z) : Math.max(0, z);
                }
            }, 1);
        }
    }

    @Test
    void lstmMatchesTheEquations() {
        Weights w = Weights.of(4);
        LSTMCell cell = new LSTMCell(I, H, DType.FLOAT64, new SplittableRandom(1));
        check(cell, w, 4, (x, xo, st) -> {
            double[] a = affine(w.wih, w.bih, x, 4 * H, I, xo);
            double[] b = affine(w.whh, w.bhh, st[0], 4 * H, H, 0);
            for (int j = 0; j < H; j++) {
                double i = sigmoid(a[j] + b[j]);
                double f = sigmoid(a[H + j] + b[H + j]);
                double g = Math.tanh(a[2 * H + j] + b[2 * H + j]);
                double o = sigmoid(a[3 * H + j] + b[3 * H + j]);
                st[1][j] = f * st[1][j] + i * g;
                st[0][j] = o * Math.tanh(st[1][j]);
            }
        }, 2);
    }

    @Test
    void gruMatchesTheEquations() {
        Weights w = Weights.of(3);
        GRUCell cell = new GRUCell(I, H, DType.FLOAT64, new SplittableRandom(1));
        check(cell, w, 3, (x, xo, st) -> {
            double[] a = affine(w.wih, w.bih, x, 3 * H, I, xo);
            double[] b = affine(w.whh, w.bhh, st[0], 3 * H, H, 0);
            double[] next = new double[H];
            for (int j = 0; j < H; j++) {
                double r = sigmoid(a[j] + b[j]);
                double z = sigmoid(a[H + j] + b[H + j]);
                double n = Math.tanh(a[2 * H + j] + r * b[2 * H + j]);
                next[j] = (1 - z) * n + z * st[0][j];
            }
            st[0] = next;
        }, 1);
    }
}
