package io.github.tapegrad.examples.regression;

import io.github.tapegrad.autograd.Tensor;

/** Helpers to lay out scalar series as time-major tensors. */
final class Series {
    private Series() {
    }

    /** NumPy's linspace: {@code count} evenly spaced values from {@code start} to {@code end}, both included. */
    static double[] linspace(double start, double end, int count) {
        double[] out = new double[count];
        double step = (end - start) / (count - 1);
        for (int i = 0; i < count; i++) {
            out[i] = start + i * step;
        }
        out[count - 1] = end;
        return out;
    }

    /**
     * Windows of {@code length} consecutive values as [length, B, 1], time-major: window b starts at
     * {@code values[firstStart + b]}.
     */
    static Tensor windows(double[] values, int firstStart, int count, int length) {
        float[] data = new float[length * count];
        for (int t = 0; t < length; t++) {
            for (int b = 0; b < count; b++) {
                data[t * count + b] = (float) values[firstStart + b + t];
            }
        }
        return Tensor.of(data, length, count, 1);
    }

    /** values[from .. from + count) as a float32 column [count, 1]. */
    static Tensor column(double[] values, int from, int count) {
        float[] data = new float[count];
        for (int i = 0; i < count; i++) {
            data[i] = (float) values[from + i];
        }
        return Tensor.of(data, count, 1);
    }

    static double mse(double[] predicted, double[] truth, int truthFrom) {
        double sum = 0;
        for (int i = 0; i < predicted.length; i++) {
            double d = predicted[i] - truth[truthFrom + i];
            sum += d * d;
        }
        return sum / predicted.length;
    }
}
