package io.github.tapegrad.nn.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import io.github.tapegrad.nn.check.Attribution;
import io.github.tapegrad.nn.check.GradientDiff;
import io.github.tapegrad.nn.check.TensorDiff;
import io.github.tapegrad.nn.reference.GeneratedCase;
import io.github.tapegrad.nn.reference.Mistake;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Negative controls: the autograd-against-reference property, run against each deliberately wrong hand
 * formula, must be falsified; QuickTheories shrinks the counterexample, and the attribution at the shrunk
 * case must name the parameters and gate blocks the mistake touches, and only those.
 */
class NegativeControlPropertiesTest {

    @ParameterizedTest
    @EnumSource(value = Mistake.class, mode = EnumSource.Mode.EXCLUDE, names = "NONE")
    void everyMistakeIsFoundAndAttributed(Mistake mistake) {
        AssertionError failure = assertThrows(AssertionError.class, () -> qt().withFixedSeed(7L + mistake.ordinal())
                .withExamples(ReferenceAgreementPropertiesTest.TRIES)
                .forAll(VerifyCases.cases(mistake.kind()))
                .checkAssert(c -> {
                    GradientDiff diff = VerifyCases.compare(c, mistake);
                    assertTrue(diff.agrees(), () -> c + ": " + diff);
                }), mistake + " was not caught");
        GeneratedCase shrunk = VerifyCases.falsifyingCase(failure);
        GradientDiff diff = VerifyCases.compare(shrunk, mistake);
        Attribution where = diff.attribution();
        System.out.println("negative control " + mistake + " shrank to " + shrunk.spec() + " seed " + shrunk.seed()
                + ": " + where);
        assertFalse(diff.agrees(), "the shrunk case still fails");
        assertTrue(shrunk.spec().steps() <= 2 && shrunk.spec().batch() == 1, () -> "not shrunk: " + shrunk);
        int steps = shrunk.spec().steps();
        boolean oneStepOneLayer = steps == 1 && shrunk.spec().layers() == 1;
        switch (mistake) {
            case LSTM_DC_FOR_CANDIDATE -> {
                // only the g rows of the weights and biases; x and the states are untouched
                for (TensorDiff d : diff.mismatched()) {
                    assertTrue(d.name().matches("(weight|bias)_(ih|hh)_l\\d"), () -> d.name() + " differs");
                    assertEquals(List.of("g"), d.gates(), () -> d.name() + " blocks");
                }
                assertTrue(where.tensors().contains("weight_ih_l0"), where::toString);
                assertEquals(-1, where.earliestInputStep());
            }
            case LSTM_NO_OUTPUT_GATE_IN_DH_PREV -> {
                // dh_prev only feeds earlier steps and h0: the last step's dx is right
                assertTrue(where.tensors().stream().anyMatch(n -> n.startsWith("h0_l")), where::toString);
                assertTrue(where.earliestInputStep() < steps - 1, where::toString);
                if (oneStepOneLayer) {
                    assertEquals(List.of("h0_l0"), where.tensors());
                }
            }
            case LSTM_ONE_MINUS_C_SQUARED -> {
                // dc is wrong, so i, f, g (whose gradients go through dc) differ; o does not, at a single step
                assertTrue(where.tensors().containsAll(List.of("weight_ih_l0", "x", "c0_l0")), where::toString);
                assertEquals(0, where.earliestInputStep());
                if (oneStepOneLayer) {
                    assertEquals(List.of("i", "f", "g"), where.gates().get("weight_ih_l0"));
                }
            }
            case GRU_NO_RESET_IN_HIDDEN_CANDIDATE -> {
                assertEquals(List.of("n"), where.gates().get("weight_hh_l0"), where::toString);
                assertTrue(where.tensors().stream().anyMatch(n -> n.startsWith("h0_l")), where::toString);
                if (oneStepOneLayer) {
                    assertEquals(Set.of("weight_hh_l0", "bias_hh_l0", "h0_l0"), Set.copyOf(where.tensors()));
                }
            }
            case RNN_TANH_DERIVATIVE_OF_PREACTIVATION -> {
                assertTrue(where.tensors().containsAll(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "x", "h0_l0")),
                        where::toString);
                assertEquals(0, where.earliestInputStep());
            }
            default -> throw new AssertionError("no expectation for " + mistake);
        }
    }
}
