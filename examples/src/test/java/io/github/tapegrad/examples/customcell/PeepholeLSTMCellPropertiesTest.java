package io.github.tapegrad.examples.customcell;

import io.github.tapegrad.autograd.check.GradCheckReport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

/** The walk-through's property: the custom cell's autograd gradients match finite differences at any small size. */
class PeepholeLSTMCellPropertiesTest {

    @Test
    void gradientsMatchFiniteDifferencesForGeneratedSizes() {
        qt().withExamples(8).forAll(integers().between(1, 4), integers().between(1, 3), integers().between(1, 3),
                        integers().between(1, 3))
                .checkAssert((steps, batch, input, hidden) -> {
                    long seed = 1000L * steps + 100L * batch + 10L * input + hidden;
                    GradCheckReport report = CellGradientCheck.run(
                            new CellGradientCheck.Sizes(steps, batch, input, hidden), seed);
                    assertTrue(report.passed(), report::toString);
                });
    }
}
