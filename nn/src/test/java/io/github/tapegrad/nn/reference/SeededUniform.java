package io.github.tapegrad.nn.reference;

import java.util.SplittableRandom;

/** Reproducible uniform numbers for weights and inputs: the same seed always gives the same arrays. */
public final class SeededUniform {

    private final SplittableRandom random;

    public SeededUniform(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** One number uniform in {@code [-scale, scale)}. */
    public double next(double scale) {
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("SeededUniform.next: scale " + scale + " must be finite and >= 0");
        }
        return (2 * random.nextDouble() - 1) * scale;
    }

    /** {@code length} numbers uniform in {@code [-scale, scale)}. */
    public double[] array(int length, double scale) {
        if (length < 0) {
            throw new IllegalArgumentException("SeededUniform.array: length " + length + " must be >= 0");
        }
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = next(scale);
        }
        return values;
    }
}
