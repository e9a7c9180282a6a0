package io.github.tapegrad.examples.study;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * The report's statistics against reference values. The literals were computed with SciPy 1.17.1 and NumPy 2.4.6
 * (Python 3.11), e.g. {@code python3 -c "from scipy import stats; print(stats.t.sf(2.0, 7.3) * 2)"} for a two-sided
 * Student-t p-value, {@code scipy.special.betainc(a, b, x)}, {@code scipy.special.gammaln(z)},
 * {@code scipy.stats.ttest_ind(a, b, equal_var=False)} (its statistic, df and pvalue) and
 * {@code numpy.percentile(x, [25, 50, 75])}; the Python values are printed with repr, so every digit is kept.
 */
class StatisticsTest {

    private static void assertRelative(double expected, double actual, double tolerance, String what) {
        double error = expected == 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
        assertTrue(error <= tolerance, what + ": expected " + expected + ", got " + actual + " (relative error "
                + error + ")");
    }

    @Test
    void twoSidedStudentTMatchesScipy() {
        // {t, df, 2 * scipy.stats.t.sf(abs(t), df)}
        double[][] table = {
            {2.0, 7.3, 0.08394103933410313},
            {0.0, 5.0, 1.0},
            {1.0, 1.0, 0.5000000000000001},
            {0.5, 2.0, 0.6666666666666667},
            {2.5, 3.7, 0.07182202291182678},
            {-1.7, 12.4, 0.11405664823000611},
            {3.0, 30.0, 0.005389964065651945},
            {10.0, 4.0, 0.000562003622715991},
            {40.0, 8.0, 1.6785718879145792e-10},
            {0.1, 0.5, 0.9463316211286064},
            {5.0, 2.5, 0.02345118997086185},
            {2.2281388519649385, 10.0, 0.05000000000180864},
            {8.0, 100.0, 2.2728648077280694e-12},
        };
        for (double[] row : table) {
            assertRelative(row[2], Statistics.studentTwoSided(row[0], row[1]), 1e-12,
                    "p(t=" + row[0] + ", df=" + row[1] + ")");
        }
        // a large df loses digits in ln B(df/2, 1/2), a difference of large logarithms
        assertRelative(0.05002352023183303, Statistics.studentTwoSided(1.96, 1e4), 1e-10, "p(t=1.96, df=1e4)");
    }

    @Test
    void regularizedIncompleteBetaMatchesScipy() {
        // {a, b, x, scipy.special.betainc(a, b, x)}
        double[][] table = {
            {0.5, 0.5, 0.3, 0.36901011956554536},
            {2.0, 3.0, 0.4, 0.5247999999999999},
            {5.5, 0.5, 0.9, 0.2925184553957732},
            {10.0, 10.0, 0.5, 0.5},
            {0.5, 7.0, 0.01, 0.2874836298717217},
            {100.0, 0.5, 0.999, 0.6550435163244294},
            {3.65, 0.5, 0.6, 0.061606385913405524},
        };
        for (double[] row : table) {
            assertRelative(row[3], Statistics.regularizedIncompleteBeta(row[0], row[1], row[2]), 1e-12,
                    "I_" + row[2] + "(" + row[0] + ", " + row[1] + ")");
        }
        assertEquals(0, Statistics.regularizedIncompleteBeta(2, 3, 0));
        assertEquals(1, Statistics.regularizedIncompleteBeta(2, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> Statistics.regularizedIncompleteBeta(0, 1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Statistics.regularizedIncompleteBeta(1, 1, 1.5));
    }

    @Test
    void logGammaMatchesScipy() {
        // {z, scipy.special.gammaln(z)}
        double[][] table = {
            {0.5, 0.5723649429247}, {1.5, -0.12078223763524526}, {2.5, 0.2846828704729192},
            {10.0, 12.801827480081469}, {100.5, 361.43554046777757}, {10000.5, 82104.32265412837},
            {0.01, 4.599479878042022},
        };
        for (double[] row : table) {
            assertRelative(row[1], Statistics.logGamma(row[0]), 1e-13, "ln Gamma(" + row[0] + ")");
        }
        assertEquals(0, Statistics.logGamma(1), 1e-15);
        assertEquals(0, Statistics.logGamma(2), 1e-15);
    }

    @Test
    void welchMatchesScipy() {
        // a, b and scipy.stats.ttest_ind(a, b, equal_var=False): statistic, df, pvalue
        check(new double[] {0.1, 0.2, 0.15, 0.3}, new double[] {0.25, 0.35, 0.4, 0.3, 0.45},
                -2.931419509211032, 6.3023536511768254, 0.0247811916601818);
        check(new double[] {0.012, 0.0031, 0.0055, 0.021, 0.0078, 0.0049}, new double[] {0.0041, 0.0022, 0.0018, 0.0039},
                2.1919474584868652, 5.460506734845191, 0.07533057921583755);
        // one constant sample: the df is the other's n - 1
        check(new double[] {5, 5, 5}, new double[] {1, 2, 4, 8}, 0.8075728530872484, 3.0, 0.4784301701103343);
        check(new double[] {1e-3, 2e-3}, new double[] {1.5e-3, 2.5e-3, 3.5e-3},
                -1.3093073414159544, 2.8823529411764706, 0.2850228400142747);
        check(new double[] {0.8, 0.85, 0.9, 0.75, 0.95}, new double[] {0.5, 0.6, 0.55, 0.7, 0.65},
                5.000000000000001, 7.999999999999999, 0.0010528257933665383);
        Statistics.Welch same = Statistics.welch(new double[] {1, 2, 3}, new double[] {1, 2, 3});
        assertEquals(0, same.t());
        assertEquals(4.0, same.df(), 1e-12);
        assertEquals(1.0, same.p(), 1e-15);
    }

    private static void check(double[] a, double[] b, double t, double df, double p) {
        Statistics.Welch w = Statistics.welch(a, b);
        assertTrue(w.available(), w::toString);
        assertNull(w.unavailable());
        assertRelative(t, w.t(), 1e-12, "t");
        assertRelative(df, w.df(), 1e-12, "df");
        assertRelative(p, w.p(), 1e-12, "p");
    }

    @Test
    void welchSaysWhyItCannotTest() {
        Statistics.Welch one = Statistics.welch(new double[] {1}, new double[] {1, 2, 3});
        assertFalse(one.available());
        assertTrue(Double.isNaN(one.t()) && Double.isNaN(one.df()) && Double.isNaN(one.p()));
        assertTrue(one.unavailable().contains("at least 2 values"), one.unavailable());
        Statistics.Welch constant = Statistics.welch(new double[] {2, 2}, new double[] {3, 3, 3});
        assertFalse(constant.available());
        assertTrue(constant.unavailable().contains("constant"), constant.unavailable());
        // values that are equal but whose mean rounds: still exactly no variance
        assertEquals(0, Statistics.variance(new double[] {0.1, 0.1, 0.1}));
    }

    @Test
    void quantilesMatchNumpy() {
        // {values..., numpy.percentile(values, [25, 50, 75])}
        spread(new double[] {3, 1, 2}, 1.5, 2.0, 2.5);
        spread(new double[] {1, 2, 3, 4}, 1.75, 2.5, 3.25);
        spread(new double[] {7, 1, 3, 5, 9, 2}, 2.25, 4.0, 6.5);
        spread(new double[] {0.5}, 0.5, 0.5, 0.5);
        spread(new double[] {10, 20}, 12.5, 15.0, 17.5);
        spread(new double[] {0.5, 0.6, 0.55, 0.7, 0.65}, 0.55, 0.6, 0.65);
        spread(new double[] {0.1, 0.2, 0.15, 0.3}, 0.1375, 0.175, 0.225);
        assertEquals(1.5, Statistics.spread(new double[] {1, 2, 3, 4}).iqr(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Statistics.spread(new double[0]));
    }

    private static void spread(double[] values, double q1, double median, double q3) {
        Statistics.Spread s = Statistics.spread(values);
        assertEquals(values.length, s.n());
        assertEquals(q1, s.q1(), 1e-12);
        assertEquals(median, s.median(), 1e-12);
        assertEquals(q3, s.q3(), 1e-12);
    }

    @Test
    void wholeDegreesOfFreedomHaveClosedForms() {
        // df = 1 (Cauchy): p = 1 - 2 atan(|t|) / pi; df = 2: p = 1 - |t| / sqrt(2 + t^2)
        qt().withExamples(300).forAll(doubles().between(-1e3, 1e3)).checkAssert(t -> {
            double cauchy = 1 - 2 * Math.atan(Math.abs(t)) / Math.PI;
            double two = 1 - Math.abs(t) / Math.sqrt(2 + t * t);
            assertEquals(cauchy, Statistics.studentTwoSided(t, 1), 1e-13 + 1e-11 * cauchy, "df 1, t " + t);
            assertEquals(two, Statistics.studentTwoSided(t, 2), 1e-13 + 1e-11 * two, "df 2, t " + t);
        });
    }

    @Test
    void pValuesAreSymmetricBoundedAndFallWithTheStatistic() {
        qt().withExamples(300)
                .forAll(doubles().between(0, 60), doubles().between(0.5, 500), doubles().between(0.001, 5))
                .checkAssert((t, df, dt) -> {
                    double p = Statistics.studentTwoSided(t, df);
                    assertTrue(p >= 0 && p <= 1, "p " + p);
                    assertEquals(p, Statistics.studentTwoSided(-t, df), 0);
                    assertTrue(Statistics.studentTwoSided(t + dt, df) <= p, "p must not rise with |t|");
                });
    }

    @Test
    void incompleteBetaIsSymmetric() {
        qt().withExamples(300)
                .forAll(doubles().between(0.05, 200), doubles().between(0.05, 200), doubles().between(0, 1))
                .checkAssert((a, b, x) -> {
                    double i = Statistics.regularizedIncompleteBeta(a, b, x);
                    assertTrue(i >= -1e-15 && i <= 1 + 1e-15, "I " + i);
                    assertEquals(1, i + Statistics.regularizedIncompleteBeta(b, a, 1 - x), 1e-12,
                            "a " + a + ", b " + b + ", x " + x);
                });
    }

    @Test
    void welchIsAntisymmetricAndIgnoresShiftAndScale() {
        qt().withExamples(200)
                .forAll(lists().of(integers().between(-1000, 1000)).ofSizeBetween(2, 12),
                        lists().of(integers().between(-1000, 1000)).ofSizeBetween(2, 12),
                        integers().between(-50, 50), integers().between(1, 8))
                .checkAssert((xs, ys, shift, scale) -> {
                    double[] a = xs.stream().mapToDouble(v -> v / 100.0).toArray();
                    double[] b = ys.stream().mapToDouble(v -> v / 100.0).toArray();
                    Statistics.Welch ab = Statistics.welch(a, b);
                    Statistics.Welch ba = Statistics.welch(b, a);
                    assertEquals(ab.available(), ba.available());
                    if (!ab.available()) {
                        return;
                    }
                    assertEquals(-ab.t(), ba.t(), 1e-9 * (1 + Math.abs(ab.t())));
                    assertEquals(ab.df(), ba.df(), 1e-9 * ab.df());
                    assertEquals(ab.p(), ba.p(), 1e-9);
                    double[] a2 = new double[a.length];
                    double[] b2 = new double[b.length];
                    for (int i = 0; i < a.length; i++) {
                        a2[i] = a[i] * scale + shift;
                    }
                    for (int i = 0; i < b.length; i++) {
                        b2[i] = b[i] * scale + shift;
                    }
                    Statistics.Welch moved = Statistics.welch(a2, b2);
                    assertEquals(ab.t(), moved.t(), 1e-7 * (1 + Math.abs(ab.t())));
                    assertEquals(ab.df(), moved.df(), 1e-7 * ab.df());
                });
    }
}
