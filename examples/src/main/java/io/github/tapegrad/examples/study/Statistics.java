package io.github.tapegrad.examples.study;

import java.util.Arrays;

/**
 * The statistics a study report needs: quantiles (median, quartiles), mean and variance, and Welch's unequal-variance
 * t-test with a two-sided p-value from the Student-t distribution.
 *
 * <p>The Student-t tail is the regularized incomplete beta function, {@code P(|T| >= |t|) = I_x(df/2, 1/2)} with
 * {@code x = df / (df + t^2)} (DLMF 8.17.1 and Abramowitz and Stegun 26.7.1). {@code I_x(a, b)} is evaluated from its
 * continued fraction (DLMF 8.17.22), whose convergents are computed by the modified Lentz method (Lentz 1976;
 * Thompson and Barnett 1986), as Numerical Recipes (Press et al., 3rd ed., section 6.4) describes; the fraction
 * converges quickly for {@code x < (a + 1) / (a + b + 2)}, and the symmetry {@code I_x(a, b) = 1 - I_{1-x}(b, a)}
 * covers the rest. {@code ln Gamma} is Lanczos' approximation (Lanczos 1964) with Godfrey's g = 7, nine-term
 * coefficients (relative error near 1e-15), and the reflection formula below 1/2.
 */
public final class Statistics {
    private Statistics() {
    }

    /** The {@code p}-quantile of sorted values, linearly interpolated between order statistics (Hyndman and Fan's
     *  type 7: NumPy's and R's default): position {@code (n - 1) p}. */
    public static double quantile(double[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("quantile of no values");
        }
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("quantile: p must be in [0, 1], got " + p);
        }
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        if (lo >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        double frac = h - lo;
        return frac == 0 ? sorted[lo] : sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
    }

    /** The median and quartiles of some values (in any order), by {@link #quantile}. */
    public static Spread spread(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Spread(sorted.length, quantile(sorted, 0.5), quantile(sorted, 0.25), quantile(sorted, 0.75));
    }

    /** The median, first and third quartiles of {@code n} values. */
    public record Spread(int n, double median, double q1, double q3) {
        /** The interquartile range, Q3 - Q1. */
        public double iqr() {
            return q3 - q1;
        }
    }

    public static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / values.length;
        double correction = 0; // a second pass removes most of the first sum's rounding
        for (double v : values) {
            correction += v - mean;
        }
        return mean + correction / values.length;
    }

    /** The sample variance (divisor n - 1), exactly 0 when all values are equal; needs n >= 2. */
    public static double variance(double[] values) {
        if (values.length < 2) {
            throw new IllegalArgumentException("variance needs at least 2 values, got " + values.length);
        }
        if (constant(values)) {
            return 0;
        }
        double mean = mean(values);
        double squares = 0;
        double sum = 0;
        for (double v : values) {
            double d = v - mean;
            squares += d * d;
            sum += d;
        }
        // the corrected two-pass formula (Chan, Golub and LeVeque 1983)
        return (squares - sum * sum / values.length) / (values.length - 1);
    }

    private static boolean constant(double[] values) {
        for (double v : values) {
            if (v != values[0]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Welch's t-test of {@code a} against {@code b}: {@code t = (mean(a) - mean(b)) / sqrt(s_a^2/n_a + s_b^2/n_b)},
     * the Welch–Satterthwaite degrees of freedom and the two-sided p-value. When the test cannot be made (fewer
     * than 2 values in a sample, or both samples constant) the result has NaN numbers and says why in
     * {@link Welch#unavailable()}.
     */
    public static Welch welch(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            return Welch.unavailable("needs at least 2 values in each sample, got " + a.length + " and " + b.length);
        }
        double va = variance(a) / a.length;
        double vb = variance(b) / b.length;
        double meanDifference = mean(a) - mean(b);
        if (va + vb == 0) {
            return Welch.unavailable(meanDifference == 0 ? "both samples are constant and equal"
                    : "both samples are constant (no variance to test against)");
        }
        double t = meanDifference / Math.sqrt(va + vb);
        double df = (va + vb) * (va + vb) / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
        return new Welch(t, df, studentTwoSided(t, df), null);
    }

    /** A Welch test's statistic, degrees of freedom and two-sided p-value, or why there is none. */
    public record Welch(double t, double df, double p, String unavailable) {
        static Welch unavailable(String why) {
            return new Welch(Double.NaN, Double.NaN, Double.NaN, why);
        }

        public boolean available() {
            return unavailable == null;
        }
    }

    /**
     * {@code P(|T| >= |t|)} for a Student-t variable with {@code df > 0} (finite, not necessarily whole) degrees of
     * freedom. Relative error near 1e-12 for df up to about 1e4 (the loss is in {@code ln B(df/2, 1/2)}, a difference
     * of large logarithms, and grows with df).
     */
    public static double studentTwoSided(double t, double df) {
        if (!(df > 0) || Double.isInfinite(df) || Double.isNaN(t)) {
            throw new IllegalArgumentException("Student t: need a finite df > 0 and a number t, got t=" + t + ", df="
                    + df);
        }
        if (Double.isInfinite(t)) {
            return 0;
        }
        double t2 = t * t;
        // x = df / (df + t^2) and 1 - x = t^2 / (df + t^2), each computed directly, so neither loses digits
        return regularizedIncompleteBeta(df / 2, 0.5, df / (df + t2), t2 / (df + t2));
    }

    /** The regularized incomplete beta function {@code I_x(a, b)} for {@code a, b > 0} and {@code 0 <= x <= 1}. */
    public static double regularizedIncompleteBeta(double a, double b, double x) {
        return regularizedIncompleteBeta(a, b, x, 1 - x);
    }

    /** {@code I_x(a, b)} given both {@code x} and {@code y = 1 - x} (whichever is small is then exact). */
    static double regularizedIncompleteBeta(double a, double b, double x, double y) {
        if (!(a > 0) || !(b > 0) || !(x >= 0 && x <= 1) || !(y >= 0 && y <= 1)) {
            throw new IllegalArgumentException("I_x(a, b): need a, b > 0 and 0 <= x <= 1, got a=" + a + ", b=" + b
                    + ", x=" + x);
        }
        if (x == 0) {
            return 0;
        }
        if (y == 0) {
            return 1;
        }
        // x^a (1 - x)^b / B(a, b), in logarithms
        double front = Math.exp(a * Math.log(x) + b * Math.log(y) - logBeta(a, b));
        if (x < (a + 1) / (a + b + 2)) {
            return front * betaContinuedFraction(a, b, x) / a;
        }
        return 1 - front * betaContinuedFraction(b, a, y) / b;
    }

    /**
     * The continued fraction {@code 1 / (1 + d1 / (1 + d2 / (1 + ...)))} of DLMF 8.17.22, with
     * {@code d(2m+1) = -(a+m)(a+b+m) x / ((a+2m)(a+2m+1))} and {@code d(2m) = m(b-m) x / ((a+2m-1)(a+2m))}, by the
     * modified Lentz method: the convergent is a running product of ratios C/D, a tiny number standing in for a
     * zero denominator.
     */
    private static double betaContinuedFraction(double a, double b, double x) {
        final double tiny = 1e-300;
        final double eps = 1e-15;
        double c = 1;
        double d = 1 / nonZero(1 - (a + b) * x / (a + 1), tiny); // d1 folded into the first step
        double f = d;
        for (int m = 1; m <= 100_000; m++) {
            // the even term d(2m)
            double even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
            d = 1 / nonZero(1 + even * d, tiny);
            c = nonZero(1 + even / c, tiny);
            f *= d * c;
            // the odd term d(2m+1)
            double odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
            d = 1 / nonZero(1 + odd * d, tiny);
            c = nonZero(1 + odd / c, tiny);
            double step = d * c;
            f *= step;
            if (Math.abs(step - 1) < eps) {
                return f;
            }
        }
        throw new ArithmeticException("I_x(a, b): continued fraction did not converge for a=" + a + ", b=" + b
                + ", x=" + x);
    }

    private static double nonZero(double v, double tiny) {
        return Math.abs(v) < tiny ? tiny : v;
    }

    /** {@code ln B(a, b) = ln Gamma(a) + ln Gamma(b) - ln Gamma(a + b)}. */
    static double logBeta(double a, double b) {
        return logGamma(a) + logGamma(b) - logGamma(a + b);
    }

    /** Lanczos' coefficients for g = 7, n = 9 (Godfrey's set). */
    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};

    /** {@code ln Gamma(z)} for {@code z > 0}. */
    public static double logGamma(double z) {
        if (!(z > 0)) {
            throw new IllegalArgumentException("ln Gamma(z): need z > 0, got " + z);
        }
        if (z < 0.5) {
            // reflection: Gamma(z) Gamma(1 - z) = pi / sin(pi z)
            return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
        }
        double x = z - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (x + i);
        }
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
