package io.github.tapegrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.autograd.Indices;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.autograd.check.GradCheck;
import io.github.tapegrad.nn.check.GateBlocks;
import io.github.tapegrad.nn.check.GradientDiff;
import io.github.tapegrad.nn.check.RecurrentProblem;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Bidirectional stacks for any cell, with torch's semantics: names, layout, the reverse direction, gradients. */
class BidirectionalTest {

    private static Recurrent bi(CellFactory<?> cell, int in, int hidden, int layers, long seed) {
        return new Recurrent(cell, Recurrent.options(in, hidden).layers(layers).bidirectional(true).dtype(DType.FLOAT64)
                .rng(new SplittableRandom(seed)));
    }

    /** x reversed along time. */
    private static Tensor flip(Tensor x) {
        int[] order = new int[x.dim(0)];
        for (int t = 0; t < order.length; t++) {
            order[t] = order.length - 1 - t;
        }
        return x.indexSelect(0, Indices.of(order, order.length));
    }

    @Test
    void parametersAreNamedAndShapedAsTorchNamesThem() {
        Recurrent lstm = new LSTM(Recurrent.options(3, 2).layers(2).bidirectional(true));
        List<String> names = new ArrayList<>(lstm.namedParameters().keySet());
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l0_reverse",
                "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse", "weight_ih_l1", "weight_hh_l1",
                "bias_ih_l1", "bias_hh_l1", "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse",
                "bias_hh_l1_reverse"), names);
        assertEquals(List.of(8, 4), List.of(lstm.namedParameters().get("weight_ih_l1_reverse").dim(0),
                lstm.namedParameters().get("weight_ih_l1_reverse").dim(1)), "layer 1 reads both directions: 2H");
        assertEquals(4, lstm.hiddenSize());
        assertEquals(2, lstm.numLayers());
        assertTrue(lstm.toString().contains("bidirectional"), lstm::toString);
    }

    /**
     * One layer: the first H features are the forward cell run on x; the last H the reverse cell run on x read
     * backwards, put back in time order; final states forward then reverse (the reverse one is after t = 0).
     */
    @Test
    void aLayerIsTwoUnidirectionalRunsOneOnTheReversedSequence() {
        qt().withExamples(20).forAll(integers().between(1, 5), integers().between(1, 3), longs().all())
                .checkAssert((steps, batch, seed) -> {
                    for (String name : List.of("lstm", "gru", "mgu", "cifg")) {
                        Recurrent net = bi(Cells.factory(name), 3, 2, 1, seed);
                        Tensor x = Tensor.uniform(new SplittableRandom(seed + 1), -1, 1, DType.FLOAT64, steps, batch, 3);
                        RecurrentOutput out = net.forward(x);
                        Recurrent forward = new Recurrent(c -> net.cell(0), Recurrent.options(3, 2).dtype(DType.FLOAT64));
                        Recurrent reverse = new Recurrent(c -> net.cell(1), Recurrent.options(3, 2).dtype(DType.FLOAT64));
                        RecurrentOutput f = forward.forward(x);
                        RecurrentOutput r = reverse.forward(flip(x));
                        assertEquals(0, maxDiff(out.outputs().narrow(2, 0, 2), f.outputs()), name);
                        assertEquals(0, maxDiff(out.outputs().narrow(2, 2, 2), flip(r.outputs())), name);
                        for (int k = 0; k < f.finalState().size(); k++) {
                            assertEquals(0, maxDiff(out.finalStates().get(0).get(k), f.finalState().get(k)), name);
                            assertEquals(0, maxDiff(out.finalStates().get(1).get(k), r.finalState().get(k)), name);
                        }
                    }
                });
    }

    private static double maxDiff(Tensor a, Tensor b) {
        try (Grad.Scope off = Grad.off()) {
            return a.sub(b).abs().max().item();
        }
    }

    /** Gradients of x, every initial state and every parameter of a 2-layer bidirectional stack, numerically. */
    @Test
    void gradientsMatchCentralDifferences() {
        for (String name : List.of("lstm", "gru", "vanilla", "mgu")) {
            Recurrent net = bi(Cells.factory(name), 2, 2, 2, 7);
            RecurrentProblem p = RecurrentProblem.generate(net, 3, 2, new SplittableRandom(8));
            Map<String, Tensor> analytical = p.gradients();
            GradientDiff diff = GradientDiff.compare(analytical, p.numericalGradients(1e-6), GradCheck.Tolerance.DEFAULT,
                    GateBlocks.none(2));
            assertTrue(diff.agrees(), name + ": " + diff);
            assertTrue(analytical.containsKey("weight_ih_l1_reverse") && analytical.keySet().size() > 20,
                    analytical.keySet()::toString);
        }
    }

    @Test
    void initialStatesAreOnePerLayerAndDirection() {
        Recurrent net = bi(Cells.factory("gru"), 3, 2, 2, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.forward(Tensor.zeros(DType.FLOAT64, 2, 1, 3), List.of(net.cell(0).initialState(1,
                        DType.FLOAT64))));
        assertTrue(e.getMessage().contains("4 initial states") && e.getMessage().contains("direction"), e.getMessage());
        RecurrentOutput empty = net.forward(Tensor.zeros(DType.FLOAT64, 0, 1, 3));
        assertEquals(List.of(0, 1, 4), List.of(empty.outputs().dim(0), empty.outputs().dim(1), empty.outputs().dim(2)));
        assertEquals(4, empty.finalStates().size());
    }
}
