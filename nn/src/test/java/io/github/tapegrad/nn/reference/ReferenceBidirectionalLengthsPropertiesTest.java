package io.github.tapegrad.nn.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The hand-derived backward of bidirectional stacks and variable-length batches against central differences
 * of the reference's own forward loss, with the tolerances of {@link ReferenceBpttPropertiesTest}. This proves
 * the backward right for the forward as written; that the forward has PyTorch's semantics is shown by
 * {@link PytorchBidirectionalLengthsAgreementTest} and {@link ReferenceBidirectionalLengthsTest}.
 */
class ReferenceBidirectionalLengthsPropertiesTest {

    static final int EXAMPLES = 60;

    @Test
    void correctBackwardMatchesCentralDifferences() {
        AtomicInteger bidirectional = new AtomicInteger();
        AtomicInteger withLengths = new AtomicInteger();
        double[] worst = {0};
        qt().withExamples(EXAMPLES)
                .forAll(ReferenceGenerators.extendedCases(arbitrary().enumValues(CellKind.class), 4, 3, 2))
                .assuming(c -> c.problem().reluKinkDistance() > ReferenceBpttPropertiesTest.KINK_MARGIN)
                .checkAssert(c -> {
                    ReferenceProblem problem = c.problem();
                    GradientComparison.Mismatch mismatch = GradientComparison.worst(problem.backward(),
                            CentralDifferences.of(problem, ReferenceBpttPropertiesTest.EPS),
                            ReferenceBpttPropertiesTest.FLOOR);
                    assertTrue(mismatch.error() < ReferenceBpttPropertiesTest.TOLERANCE, () -> c + ": " + mismatch);
                    worst[0] = Math.max(worst[0], mismatch.error());
                    bidirectional.addAndGet(c.spec().bidirectional() ? 1 : 0);
                    withLengths.addAndGet(c.spec().hasLengths() ? 1 : 0);
                });
        System.out.printf(Locale.ROOT, "reference vs central differences, bidirectional/lengths: %d bidirectional,"
                + " %d with lengths, max error %.3g%n", bidirectional.get(), withLengths.get(), worst[0]);
        assertTrue(bidirectional.get() > 0 && withLengths.get() > 0);
    }
}
