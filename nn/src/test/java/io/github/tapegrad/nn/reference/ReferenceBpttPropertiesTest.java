package io.github.tapegrad.nn.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The hand-derived backward against central differences of the reference's own forward loss. */
class ReferenceBpttPropertiesTest {

    /** Step of the central differences. */
    static final double EPS = 1e-6;
    /**
     * Gradients below this size are compared absolutely: a central difference with EPS carries rounding
     * noise of about 1e-16 * |L| / EPS, roughly 1e-9, which is no relative error of a tiny gradient.
     */
    static final double FLOOR = 1e-2;
    /** Largest error tolerated between the correct backward and the central differences. */
    static final double TOLERANCE = 1e-6;
    /** Relu cases with a pre-activation this close to 0 are skipped: a difference of step EPS may straddle the kink. */
    static final double KINK_MARGIN = 1e-4;

    @Test
    void correctBackwardMatchesCentralDifferences() {
        qt().withExamples(600)
                .forAll(ReferenceGenerators.cases())
                .assuming(c -> c.problem().reluKinkDistance() > KINK_MARGIN)
                .checkAssert(c -> {
                    ReferenceProblem problem = c.problem();
                    GradientComparison.Mismatch worst = GradientComparison.worst(
                            problem.backward(), CentralDifferences.of(problem, EPS), FLOOR);
                    assertTrue(worst.error() < TOLERANCE, () -> c + ": " + worst);
                });
    }

    /**
     * Each negative control must be caught by the same check that passes the correct backward. The
     * size of a mistake's effect varies with the inputs (1 - c^2 and 1 - tanh(c)^2 agree to order c^4),
     * so the check is asked to catch it in nine cases out of ten, not in every one.
     */
    @ParameterizedTest
    @EnumSource(value = Mistake.class, mode = EnumSource.Mode.EXCLUDE, names = "NONE")
    void everyMistakeIsCaughtByCentralDifferences(Mistake mistake) {
        int examples = 120;
        AtomicInteger caught = new AtomicInteger();
        qt().withExamples(examples).forAll(ReferenceGenerators.cases(mistake.kind())).checkAssert(c -> {
            ReferenceProblem problem = c.problem();
            double error = GradientComparison.worst(problem.backward(mistake), CentralDifferences.of(problem, EPS),
                    FLOOR).error();
            if (error > TOLERANCE) {
                caught.incrementAndGet();
            }
        });
        assertTrue(caught.get() >= examples * 9 / 10, () -> mistake + " caught in only " + caught + " of " + examples);
    }

    /**
     * Every mistake changes the result for generic inputs, whether or not a check can see it. Some
     * mistakes vanish to high order near a point (RNN tanh's derivative at the pre-activation a differs
     * from the right one by about a^4, so a random case with tiny |a| changed the gradients by 5e-10 only):
     * the change must exceed 1e-9 in 95 cases of 100.
     */
    @ParameterizedTest
    @EnumSource(value = Mistake.class, mode = EnumSource.Mode.EXCLUDE, names = "NONE")
    void everyMistakeChangesTheGradients(Mistake mistake) {
        int examples = 300;
        AtomicInteger changed = new AtomicInteger();
        qt().withExamples(examples).forAll(ReferenceGenerators.cases(mistake.kind())).checkAssert(c -> {
            ReferenceProblem problem = c.problem();
            GradientComparison.Mismatch worst =
                    GradientComparison.worst(problem.backward(mistake), problem.backward(), 0);
            if (worst.error() > 1e-9) {
                changed.incrementAndGet();
            }
        });
        assertTrue(changed.get() >= examples * 95 / 100,
                () -> mistake + " changed the gradients by more than 1e-9 in only " + changed + " of " + examples);
    }

    /** LSTM_DC_FOR_CANDIDATE leaves x, h0, c0 and every gate block but g untouched, and changes block g. */
    @Test
    void dcForCandidateChangesOnlyTheCandidateRowsOfWeightsAndBiases() {
        qt().withExamples(200).forAll(ReferenceGenerators.cases(CellKind.LSTM)).checkAssert(c -> {
            ReferenceProblem problem = c.problem();
            ReferenceGradients right = problem.backward();
            ReferenceGradients wrong = problem.backward(Mistake.LSTM_DC_FOR_CANDIDATE);
            assertArrayEquals(right.x(), wrong.x());
            assertArrayEquals(right.h0(), wrong.h0());
            assertArrayEquals(right.c0(), wrong.c0());
            int h = c.spec().hiddenSize();
            for (Map.Entry<String, double[]> entry : right.params().entrySet()) {
                double[] r = entry.getValue();
                double[] w = wrong.param(entry.getKey());
                int columns = r.length / (4 * h);
                for (int block = 0; block < 4; block++) {
                    double[] rBlock = Arrays.copyOfRange(r, block * h * columns, (block + 1) * h * columns);
                    double[] wBlock = Arrays.copyOfRange(w, block * h * columns, (block + 1) * h * columns);
                    if (block == 2) {
                        assertFalse(Arrays.equals(rBlock, wBlock), c + " " + entry.getKey() + " block g unchanged");
                    } else {
                        assertArrayEquals(rBlock, wBlock, c + " " + entry.getKey() + " block " + block);
                    }
                }
            }
        });
    }

    @Test
    void generatorsCoverEveryKindAndBothLayerCounts() {
        EnumSet<CellKind> kinds = EnumSet.noneOf(CellKind.class);
        AtomicInteger twoLayers = new AtomicInteger();
        qt().withExamples(200).forAll(ReferenceGenerators.cases()).checkAssert(c -> {
            kinds.add(c.spec().kind());
            if (c.spec().layers() == 2) {
                twoLayers.incrementAndGet();
            }
        });
        assertEquals(EnumSet.allOf(CellKind.class), kinds);
        assertTrue(twoLayers.get() > 0);
    }
}
