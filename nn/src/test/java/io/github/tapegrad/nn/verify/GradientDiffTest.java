package io.github.tapegrad.nn.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.autograd.check.GradCheck;
import io.github.tapegrad.nn.check.Attribution;
import io.github.tapegrad.nn.check.GateBlocks;
import io.github.tapegrad.nn.check.GradientDiff;
import io.github.tapegrad.nn.check.TensorDiff;
import io.github.tapegrad.nn.reference.CellKind;
import io.github.tapegrad.nn.reference.GeneratedCase;
import io.github.tapegrad.nn.reference.Mistake;
import io.github.tapegrad.nn.reference.RecurrentSpec;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The comparison behind every check: tolerance rule, gate blocks, first diverging step, misuse. */
class GradientDiffTest {
    static final GradCheck.Tolerance TOL = new GradCheck.Tolerance(1e-6, 1e-8, 1e-6);

    private static Tensor filled(int n, int... shape) {
        double[] v = new double[n];
        Arrays.setAll(v, k -> 0.1 * (k + 1));
        return Tensor.of(v, shape);
    }

    private static Tensor bumped(Tensor t, double by, int... indices) {
        double[] v = t.toDoubleArray();
        for (int k : indices) {
            v[k] += by;
        }
        return Tensor.of(v, t.shape());
    }

    @Test
    void attributesToGateBlocksAndTheFirstDivergingStep() {
        int h = 2;
        Tensor w = filled(8 * 3, 4 * h, 3);        // [4H, I], LSTM's packing
        Tensor x = filled(4 * 2 * 3, 4, 2, 3);      // [T, B, I]
        GradientDiff diff = GradientDiff.compare(
                Map.of("weight_ih_l0", bumped(w, 1e-3, 4 * 3 + 1, 5 * 3), "x", bumped(x, 1e-3, 2 * 6 + 1, 3 * 6)),
                Map.of("weight_ih_l0", w, "x", x), TOL, GateBlocks.of(h, "i", "f", "g", "o"));
        Attribution where = diff.attribution();
        assertEquals(List.of("g"), where.gates().get("weight_ih_l0"), "rows 4 and 5 are block g");
        assertEquals(2, where.earliestInputStep());
        assertEquals(2, diff.tensor("weight_ih_l0").mismatches());
        assertTrue(diff.toString().contains("weight_ih_l0 (gate blocks g)"), diff::toString);
    }

    @Test
    void withinToleranceAgreesAndNaNNeverDoes() {
        Tensor e = filled(4, 4);
        assertTrue(GradientDiff.compare(Map.of("b", bumped(e, 1e-9, 0)), Map.of("b", e), TOL, GateBlocks.none(1)).agrees());
        TensorDiff nan = GradientDiff.compare(Map.of("b", bumped(e, Double.NaN, 3)), Map.of("b", e), TOL,
                GateBlocks.none(1)).tensor("b");
        assertFalse(nan.agrees());
        assertEquals(3, nan.worstIndex());
    }

    @Test
    void refusesDifferentNamesOrShapes() {
        Tensor e = filled(4, 4);
        assertThrows(IllegalArgumentException.class,
                () -> GradientDiff.compare(Map.of("a", e), Map.of("b", e), TOL, GateBlocks.none(1)));
        IllegalArgumentException shapes = assertThrows(IllegalArgumentException.class,
                () -> GradientDiff.compare(Map.of("a", e), Map.of("a", e.reshape(2, 2)), TOL, GateBlocks.none(1)));
        assertTrue(shapes.getMessage().contains("[4]") && shapes.getMessage().contains("[2, 2]"), shapes.getMessage());
    }

    /**
     * Over several steps, dropping the output gate from dh_prev spoils dx at every step but the last (whose
     * dh comes straight from the loss), so the first diverging step is 0 and step T-1 agrees.
     */
    @Test
    void aRecurrenceMistakeSparesTheLastStepsInputGradient() {
        GeneratedCase c = new GeneratedCase(new RecurrentSpec(CellKind.LSTM, 4, 2, 3, 3, 1), 11);
        GradientDiff diff = VerifyCases.compare(c, Mistake.LSTM_NO_OUTPUT_GATE_IN_DH_PREV);
        assertEquals(0, diff.attribution().earliestInputStep());
        GradientDiff lastStep = GradientDiff.compare(
                Map.of("x", VerifyCases.autogradX(c).narrow(0, 3, 1)),
                Map.of("x", VerifyCases.referenceX(c, Mistake.LSTM_NO_OUTPUT_GATE_IN_DH_PREV).narrow(0, 3, 1)),
                VerifyCases.EXACT, GateBlocks.none(3));
        assertTrue(lastStep.agrees(), lastStep::toString);
    }
}
