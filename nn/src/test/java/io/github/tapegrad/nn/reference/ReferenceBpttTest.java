package io.github.tapegrad.nn.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferenceBpttTest {

    /** One tanh unit, one step: every gradient written out by hand. */
    @Test
    void scalarTanhStepMatchesHandFormulas() {
        RecurrentSpec spec = new RecurrentSpec(CellKind.RNN_TANH, 1, 1, 1, 1, 1);
        double w = 0.3;
        double u = -0.7;
        double bi = 0.1;
        double bh = 0.05;
        double x = 0.9;
        double h0 = -0.4;
        ReferenceParams params = ReferenceParams.of(spec,
                List.of(new LayerParams(new double[] {w}, new double[] {u}, new double[] {bi}, new double[] {bh})));
        LossWeights weights = new LossWeights(new double[] {2.0}, new double[] {0.5}, null);

        double h = Math.tanh(w * x + bi + u * h0 + bh);
        double da = (2.0 + 0.5) * (1 - h * h);
        ReferenceForward forward = ReferenceBptt.forward(spec, params, new double[] {x}, new double[] {h0}, null);
        ReferenceGradients g = ReferenceBptt.backward(spec, params, new double[] {x}, new double[] {h0}, null, weights);

        assertEquals(h, forward.outputs()[0], 1e-15);
        assertEquals(h, forward.hFinal()[0], 1e-15);
        assertNull(forward.cFinal());
        assertEquals(da * x, g.param("weight_ih_l0")[0], 1e-15);
        assertEquals(da * h0, g.param("weight_hh_l0")[0], 1e-15);
        assertEquals(da, g.param("bias_ih_l0")[0], 1e-15);
        assertEquals(da, g.param("bias_hh_l0")[0], 1e-15);
        assertEquals(da * w, g.x()[0], 1e-15);
        assertEquals(da * u, g.h0()[0], 1e-15);
        assertNull(g.c0());
    }

    /** The layer above reads the layer below's outputs: two stacked layers equal two single-layer runs. */
    @Test
    void secondLayerRunsOnFirstLayersOutputs() {
        RecurrentSpec two = new RecurrentSpec(CellKind.GRU, 3, 2, 4, 3, 2);
        ReferenceProblem p = ReferenceProblem.random(two, 7, 0.8);
        int state = two.batch() * two.hiddenSize();
        RecurrentSpec first = new RecurrentSpec(CellKind.GRU, 3, 2, 4, 3, 1);
        RecurrentSpec second = new RecurrentSpec(CellKind.GRU, 3, 2, 3, 3, 1);
        ReferenceForward below = ReferenceBptt.forward(first, ReferenceParams.of(first, List.of(p.params().layer(0))),
                p.x(), Arrays.copyOfRange(p.h0(), 0, state), null);
        ReferenceForward above = ReferenceBptt.forward(second, ReferenceParams.of(second, List.of(p.params().layer(1))),
                below.outputs(), Arrays.copyOfRange(p.h0(), state, 2 * state), null);
        ReferenceForward stacked = p.forward();

        assertArrayEquals(above.outputs(), stacked.outputs());
        double[] finals = new double[2 * state];
        System.arraycopy(below.hFinal(), 0, finals, 0, state);
        System.arraycopy(above.hFinal(), 0, finals, state, state);
        assertArrayEquals(finals, stacked.hFinal());
    }

    @Test
    void nullInitialStatesMeanZeros() {
        RecurrentSpec spec = new RecurrentSpec(CellKind.LSTM, 2, 2, 3, 2, 2);
        ReferenceProblem p = ReferenceProblem.random(spec, 3, 0.5);
        double[] zeros = new double[spec.stateLength()];
        ReferenceForward implicit = ReferenceBptt.forward(spec, p.params(), p.x(), null, null);
        ReferenceForward explicit = ReferenceBptt.forward(spec, p.params(), p.x(), zeros, zeros);
        assertArrayEquals(explicit.outputs(), implicit.outputs());
        assertArrayEquals(explicit.cFinal(), implicit.cFinal());
    }

    @Test
    void gradientsAreNamedAsPytorchNamesParameters() {
        RecurrentSpec spec = new RecurrentSpec(CellKind.LSTM, 1, 1, 2, 3, 2);
        ReferenceGradients g = ReferenceProblem.random(spec, 1, 0.5).backward();
        List<String> expected = List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1");
        assertEquals(expected, List.copyOf(g.params().keySet()));
        assertEquals(12 * 2, g.param("weight_ih_l0").length);
        assertEquals(12 * 3, g.param("weight_ih_l1").length);
        assertEquals(12 * 3, g.param("weight_hh_l1").length);
        assertEquals(2 * 1 * 3, g.c0().length);
    }

    @Test
    void wrongShapesAreRejectedWithEveryNumberNamed() {
        RecurrentSpec spec = new RecurrentSpec(CellKind.GRU, 2, 3, 4, 5, 1);
        ReferenceProblem p = ReferenceProblem.random(spec, 1, 0.5);
        IllegalArgumentException shortX = assertThrows(IllegalArgumentException.class,
                () -> ReferenceBptt.forward(spec, p.params(), new double[5], null, null));
        assertTrue(shortX.getMessage().contains("x has length 5, expected [T, B, I] = 24"), shortX.getMessage());

        IllegalArgumentException c0 = assertThrows(IllegalArgumentException.class,
                () -> ReferenceBptt.forward(spec, p.params(), p.x(), null, new double[15]));
        assertTrue(c0.getMessage().contains("has no cell state"), c0.getMessage());

        IllegalArgumentException weight = assertThrows(IllegalArgumentException.class, () -> ReferenceParams.of(spec,
                List.of(new LayerParams(new double[15 * 3], new double[15 * 5], new double[15], new double[15]))));
        assertTrue(weight.getMessage().contains("weight_ih_l0 has length 45, expected [15, 4] = 60"),
                weight.getMessage());
    }

    @Test
    void mistakeOfAnotherKindIsRejected() {
        ReferenceProblem p = ReferenceProblem.random(new RecurrentSpec(CellKind.GRU, 1, 1, 1, 1, 1), 1, 0.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.backward(Mistake.LSTM_ONE_MINUS_C_SQUARED));
        assertTrue(e.getMessage().contains("LSTM_ONE_MINUS_C_SQUARED belongs to LSTM, not GRU"), e.getMessage());
    }

    @Test
    void valuesAreCopiedInAndOut() {
        double[] bias = {1, 2};
        LayerParams layer = new LayerParams(new double[] {0, 0}, new double[] {0, 0}, bias, bias);
        bias[0] = 99;
        layer.bIh()[1] = 99;
        assertArrayEquals(new double[] {1, 2}, layer.bIh());
    }
}
