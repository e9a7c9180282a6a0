package io.github.tapegrad.autograd;

import java.util.random.RandomGenerator;

/** The bodies of {@link Tensor}'s factories: new dense tensors, never recorded. */
final class Factories {
    private Factories() {
    }

    static Tensor full(double value, Shape shape, DType dtype) {
        Tensor t = Tensor.empty(shape, dtype);
        t.storage.fill(value);
        return t;
    }

    /** A copy of a float[] or double[] as a tensor; no dims means 1-D. */
    static Tensor of(Object values, int length, int[] dims) {
        return of(values, length, dims.length == 0 ? Shape.of(length) : Shape.of("of", dims));
    }

    static Tensor of(Object values, int length, Shape shape) {
        if (length != shape.numel()) {
            throw new IllegalArgumentException("of: " + length + " values do not fill shape " + shape);
        }
        Tensor t = Tensor.empty(shape, values instanceof float[] ? DType.FLOAT32 : DType.FLOAT64);
        System.arraycopy(values, 0, t.data(), 0, length);
        return t;
    }

    static Tensor arange(double start, double end, double step, DType dtype) {
        if (step == 0 || !Double.isFinite(start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException("arange: invalid range " + start + ", " + end + ", step " + step);
        }
        double count = Math.max(0, Math.ceil((end - start) / step));
        if (count > Integer.MAX_VALUE) { // a cast would saturate to 2^31-1 and try to allocate that
            throw new IllegalArgumentException("arange: [" + start + ", " + end + ") with step " + step + " has "
                    + String.format(java.util.Locale.ROOT, "%.0f", count) + " elements, more than 2^31-1");
        }
        int n = (int) count;
        Tensor t = Tensor.empty(Shape.of(n), dtype);
        for (int i = 0; i < n; i++) {
            t.storage.set(i, start + i * step);
        }
        return t;
    }

    /** Draws in row-major order: the same generator state gives the same tensor. */
    static Tensor random(RandomGenerator rng, boolean normal, double lo, double hi, DType dtype, int[] dims) {
        Tensor t = Tensor.empty(Shape.of(normal ? "randn" : "uniform", dims), dtype);
        for (int i = 0; i < t.numel(); i++) {
            t.storage.set(i, normal ? rng.nextGaussian() : lo + (hi - lo) * rng.nextDouble());
        }
        return t;
    }
}
