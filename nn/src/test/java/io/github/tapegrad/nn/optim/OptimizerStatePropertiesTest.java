package io.github.tapegrad.nn.optim;

import io.github.tapegrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/** Saving an optimizer's state and loading it into a fresh one continues the run identically. */
class OptimizerStatePropertiesTest {
    static final int STEPS = 6;

    @SuppressWarnings("unchecked")
    static final Function<Map<String, Tensor>, Optimizer>[] MAKERS = new Function[] {
        p -> new SGD((Map<String, Tensor>) p, 0.05, 0.9, 0.1, false, 0.01),
        p -> new SGD((Map<String, Tensor>) p, 0.05, 0.8, 0, true, 0),
        p -> new Adam((Map<String, Tensor>) p, 0.05, 0.8, 0.95, 1e-8, 0.1),
        p -> new AdamW((Map<String, Tensor>) p, 0.05, 0.9, 0.99, 1e-6, 0.1),
    };

    @Test
    void saveLoadRoundTripContinuesIdentically() {
        qt().withExamples(40).forAll(longs().all(), integers().between(1, 3), integers().between(1, STEPS - 1),
                integers().between(0, MAKERS.length - 1)).checkAssert((seed, numel, saveAt, which) -> {
                    Problem pr = Problem.generate(seed, numel, STEPS);
                    Map<String, Tensor> params = pr.freshParameters();
                    Optimizer opt = MAKERS[which].apply(params);
                    OptimizerState saved = null;
                    Map<String, double[]> savedParams = null;
                    for (int s = 0; s < STEPS; s++) {
                        if (s == saveAt) {
                            saved = opt.state();
                            savedParams = values(params);
                        }
                        pr.deliverGradients(params, s);
                        opt.step();
                    }
                    // resume from the snapshot in fresh objects
                    Map<String, Tensor> restored = new java.util.LinkedHashMap<>();
                    savedParams.forEach((k, v) -> restored.put(k, Tensor.of(v).requiresGrad_(true)));
                    Optimizer again = MAKERS[which].apply(restored);
                    again.loadState(saved);
                    for (int s = saveAt; s < STEPS; s++) {
                        pr.deliverGradients(restored, s);
                        again.step();
                    }
                    Map<String, double[]> a = values(params);
                    Map<String, double[]> b = values(restored);
                    for (String k : a.keySet()) {
                        assertArrayEquals(a.get(k), b.get(k), 0, "parameter " + k + " after resuming at " + saveAt);
                    }
                });
    }

    static Map<String, double[]> values(Map<String, Tensor> params) {
        Map<String, double[]> out = new java.util.LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, v.toDoubleArray()));
        return out;
    }

    @Test
    void stateIsASnapshotWithNamedKeys() {
        Problem pr = Problem.generate(5, 2, 3);
        Map<String, Tensor> params = pr.freshParameters();
        Adam adam = new Adam(params, 0.1);
        pr.deliverGradients(params, 0);
        adam.step();
        OptimizerState s = adam.state();
        assertEquals(java.util.Set.of("p0.exp_avg", "p0.exp_avg_sq", "p1.exp_avg", "p1.exp_avg_sq"), s.tensors().keySet());
        assertEquals(Map.of("p0.step", 1.0, "p1.step", 1.0, "lr", 0.1), s.scalars());
        double[] before = s.tensors().get("p0.exp_avg").toDoubleArray();
        pr.deliverGradients(params, 1);
        adam.step();
        assertArrayEquals(before, s.tensors().get("p0.exp_avg").toDoubleArray(), 0, "saved state must not change");
    }

    @Test
    void loadStateRejectsUnknownKeysAndWrongShapes() {
        Problem pr = Problem.generate(5, 2, 1);
        Map<String, Tensor> params = pr.freshParameters();
        SGD sgd = new SGD(params, 0.1, 0.9, 0, false, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sgd.loadState(
                new OptimizerState(Map.of("q.momentum_buffer", Tensor.of(new double[] {1, 2})), Map.of())));
        assertTrue(e.getMessage().contains("q.momentum_buffer"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> sgd.loadState(
                new OptimizerState(Map.of("p0.momentum_buffer", Tensor.of(new double[] {1, 2, 3, 4, 5})), Map.of())));
        assertTrue(e.getMessage().contains("[5]") && e.getMessage().contains("[3]"), e.getMessage());
    }
}
