package io.github.tapegrad.examples.bench;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.LSTM;
import io.github.tapegrad.nn.Linear;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * The starting point every implementation copies, so they can be compared: initial parameters (PyTorch's default
 * init, drawn by nn's own modules) and one minibatch, all held as doubles that are exact in the run's dtype.
 *
 * @param lstm weight_ih_l0 [4H, I], weight_hh_l0 [4H, H], bias_ih_l0 [4H], bias_hh_l0 [4H]
 * @param head config A only: weight [V, H], bias [V]; empty for B
 * @param tokens config A only: input token ids, time-major [T·B]
 * @param targets config A only: next-token ids, time-major [T·B]
 * @param x config B only: input [T, B, I] standard normal
 * @param h0 config B only: initial hidden state [B, H] standard normal (A starts from zeros)
 * @param c0 config B only: initial cell state [B, H] standard normal
 */
record BenchData(BenchSize size, Map<String, double[]> lstm, Map<String, double[]> head, int[] tokens,
                 int[] targets, double[] x, double[] h0, double[] c0) {

    static final String W_IH = "weight_ih_l0";
    static final String W_HH = "weight_hh_l0";
    static final String B_IH = "bias_ih_l0";
    static final String B_HH = "bias_hh_l0";
    static final String HEAD_W = "weight";
    static final String HEAD_B = "bias";

    BenchData {
        lstm = Map.copyOf(lstm);
        head = Map.copyOf(head);
    }

    static BenchData generate(BenchSize size, long seed) {
        RandomGenerator rng = new Random(seed);
        DType dt = size.dtype();
        Map<String, double[]> lstm = values(new LSTM(size.input(), size.hidden(), dt, rng).namedParameters());
        int n = size.batch() * size.steps();
        if (size.config().trains()) {
            Map<String, double[]> head = values(new Linear(size.hidden(), size.vocab(), true, dt, rng).namedParameters());
            int[] tokens = new int[n];
            int[] targets = new int[n];
            for (int i = 0; i < n; i++) {
                tokens[i] = rng.nextInt(size.vocab());
                targets[i] = rng.nextInt(size.vocab());
            }
            return new BenchData(size, lstm, head, tokens, targets, null, null, null);
        }
        double[] x = Tensor.randn(rng, dt, n * size.input()).toDoubleArray();
        double[] h0 = Tensor.randn(rng, dt, size.batch() * size.hidden()).toDoubleArray();
        double[] c0 = Tensor.randn(rng, dt, size.batch() * size.hidden()).toDoubleArray();
        return new BenchData(size, lstm, Map.of(), null, null, x, h0, c0);
    }

    /** The one-hot input of config A, time-major [T·B·V]. */
    double[] oneHotInput() {
        int v = size.vocab();
        double[] out = new double[tokens.length * v];
        for (int i = 0; i < tokens.length; i++) {
            out[i * v + tokens[i]] = 1;
        }
        return out;
    }

    /** The LSTM input: one-hot tokens for A, x for B. */
    double[] input() {
        return size.config().trains() ? oneHotInput() : x;
    }

    /** A fresh tensor in the run's dtype holding {@code values} (exact: they came from that dtype). */
    static Tensor tensor(double[] values, DType dtype, int... shape) {
        return dtype == DType.FLOAT32 ? Tensor.of(toFloats(values), shape) : Tensor.of(values, shape);
    }

    /** A copy (the float64 counterpart of {@link #toFloats}, so one yardstick source serves both dtypes). */
    static double[] toDoubles(double[] values) {
        return values.clone();
    }

    static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    private static Map<String, double[]> values(Map<String, Tensor> params) {
        Map<String, double[]> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, v.toDoubleArray()));
        return out;
    }
}
