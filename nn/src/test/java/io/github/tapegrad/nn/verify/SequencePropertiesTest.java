package io.github.tapegrad.nn.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.github.tapegrad.nn.verify.MetamorphicPropertiesTest.cases;
import static io.github.tapegrad.nn.verify.MetamorphicPropertiesTest.maker;
import static io.github.tapegrad.nn.verify.MetamorphicPropertiesTest.problem;
import static org.quicktheories.QuickTheory.qt;

import io.github.tapegrad.nn.check.GateBlocks;
import io.github.tapegrad.nn.check.GradientDiff;
import io.github.tapegrad.nn.check.Metamorphic;
import io.github.tapegrad.nn.check.RecurrentProblem;
import io.github.tapegrad.nn.verify.MetamorphicPropertiesTest.Kind;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The parameter-free sequence properties, for every built-in cell and the peephole variant: a zero-length
 * sequence returns the initial states (exactly), and a sequence split in two at any step carries its state
 * across (values and gradients to rounding). Both can fail.
 */
class SequencePropertiesTest {
    static final int TRIES = 30;

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aZeroLengthSequenceReturnsTheInitialStates(Kind kind) {
        qt().withExamples(TRIES).forAll(cases()).checkAssert(c -> {
            GradientDiff diff = Metamorphic.zeroLength(problem(maker(kind), c));
            assertTrue(diff.agrees(), () -> c + ": " + diff);
            assertEquals(0.0, diff.maxRelativeError(), "to the bit");
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aSequenceSplitInTwoCarriesItsState(Kind kind) {
        double[] max = {0};
        qt().withExamples(TRIES).forAll(cases()).checkAssert(c -> {
            if (c.steps() < 2) {
                return;
            }
            RecurrentProblem p = problem(maker(kind), c);
            int k = 1 + (int) Math.floorMod(c.seed(), (long) c.steps() - 1);
            GradientDiff diff = Metamorphic.sequenceSplit(p, k, Metamorphic.ROUNDING, GateBlocks.none(c.hiddenSize()));
            assertTrue(diff.agrees(), () -> c + ", k=" + k + ": " + diff);
            max[0] = Math.max(max[0], diff.maxRelativeError());
        });
        System.out.printf(Locale.ROOT, "split sequence %s: max relative error %.3g%n", kind, max[0]);
    }

    @Test
    void aStepCounterFailsTheSplit() {
        qt().withExamples(10).forAll(cases()).checkAssert(c -> {
            if (c.steps() >= 2) {
                RecurrentProblem p = problem(PlantedMistakes.StepCountingRnn::new, c);
                assertFalse(Metamorphic.sequenceSplit(p, 1, Metamorphic.ROUNDING, GateBlocks.none(1)).agrees(),
                        c::toString);
            }
        });
    }
}
