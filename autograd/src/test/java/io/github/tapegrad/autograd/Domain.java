package io.github.tapegrad.autograd;

import java.util.random.RandomGenerator;

/**
 * Where an op's input values come from: a range that keeps the op smooth (away from kinks, ties, zero
 * denominators and outside log's domain), or a constant input that is not differentiated (a mask, or a
 * tensor whose only job is to carry a target shape).
 */
interface Domain {
    double[] sample(int n, RandomGenerator rng);

    /** Constant inputs are fixed while the others are checked. */
    default boolean differentiable() {
        return true;
    }

    /** False for inputs that only carry a shape, whose dtype the op never reads. */
    default boolean carriesValues() {
        return true;
    }

    /** Uniform in [-2, 2]. */
    static Domain any() {
        return uniform(-2, 2);
    }

    static Domain uniform(double lo, double hi) {
        return (n, rng) -> {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * rng.nextDouble();
            return v;
        };
    }

    /** [0.2, 2]: log, sqrt, pow with a fractional exponent. */
    static Domain positive() {
        return uniform(0.2, 2);
    }

    /** Uniform in [-2, 2] at least 0.1 away from each kink (relu, abs and clamp, denominators). */
    static Domain awayFrom(double... kinks) {
        return (n, rng) -> {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                do {
                    v[i] = -2 + 4 * rng.nextDouble();
                } while (near(v[i], kinks));
            }
            return v;
        };
    }

    private static boolean near(double x, double[] kinks) {
        for (double k : kinks) {
            if (Math.abs(x - k) < 0.1) return true;
        }
        return false;
    }

    /** Pairwise distinct values at least 0.1 apart (max: no ties, so no kinks). */
    static Domain distinct() {
        return (n, rng) -> {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = 0.25 * i - 0.1 * n + 0.05 * rng.nextDouble();
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                double t = v[i];
                v[i] = v[j];
                v[j] = t;
            }
            return v;
        };
    }

    /** A 0/1 mask (where): constant. */
    static Domain mask() {
        return new Domain() {
            @Override
            public double[] sample(int n, RandomGenerator rng) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) v[i] = rng.nextBoolean() ? 1 : 0;
                return v;
            }

            @Override
            public boolean differentiable() {
                return false;
            }
        };
    }

    /** Zeros that only carry a target shape (expand, sumTo): constant. */
    static Domain shapeOnly() {
        return new Domain() {
            @Override
            public double[] sample(int n, RandomGenerator rng) {
                return new double[n];
            }

            @Override
            public boolean differentiable() {
                return false;
            }

            @Override
            public boolean carriesValues() {
                return false;
            }
        };
    }
}
