package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.autograd.Indices;
import io.github.tapegrad.autograd.StepScope;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.optim.Adam;
import io.github.tapegrad.nn.optim.GradClip;
import io.github.tapegrad.nn.optim.Optimizer;
import io.github.tapegrad.nn.optim.SGD;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * nn's LSTM trained in step scopes: the same bits as without, optimizer state made lazily inside a step and a
 * kept state carried across steps survive (what a step allocates is measured in examples' StepAllocationTest).
 */
class StepScopeTrainingTest {
    private static final int T = 6;
    private static final int B = 4;
    private static final int V = 5;
    private static final int H = 8;

    /** An LSTM language-model step: one-hot input, Linear head, cross-entropy, clip, optimizer step. */
    private static final class Lm {
        final LSTM lstm;
        final Linear head;
        final Map<String, Tensor> params = new LinkedHashMap<>();
        final Optimizer optimizer;

        Lm(DType dtype, int hidden, Function<Map<String, Tensor>, Optimizer> optimizer) {
            Random r = new Random(7);
            lstm = new LSTM(V, hidden, dtype, r);
            head = new Linear(hidden, V, true, dtype, r);
            params.putAll(lstm.namedParameters());
            head.namedParameters().forEach((k, v) -> params.put("head." + k, v));
            this.optimizer = optimizer.apply(params);
        }

        /** One step from {@code state} (null: zeros); returns the loss, and the final state in {@code next}. */
        double step(Tensor input, Indices targets, List<State> state, List<List<State>> next) {
            RecurrentOutput out = lstm.forward(input, state);
            int hidden = out.outputs().dim(2);
            Tensor loss = Loss.crossEntropy(head.forward(out.outputs().reshape(input.dim(0) * input.dim(1), hidden)),
                    targets);
            optimizer.zeroGrad();
            loss.backward();
            GradClip.clipGradNorm(params.values(), 1.0);
            optimizer.step();
            next.add(out.finalStates());
            return loss.item();
        }
    }

    private static Tensor input(long seed, DType dtype, int steps, int batch, int[] tokens) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] in = new int[steps * batch];
        for (int i = 0; i < in.length; i++) {
            in[i] = r.nextInt(V);
            tokens[i] = r.nextInt(V);
        }
        return Tensor.oneHot(Indices.of(in, steps, batch), V, dtype);
    }

    /** The final states cut from the graph; kept by {@code step} when given (carried on: truncated BPTT). */
    private static List<State> detach(List<State> states, StepScope step) {
        List<State> out = new ArrayList<>();
        for (State s : states) {
            State d = s.detach();
            if (step != null) {
                d.tensors().forEach(step::keep);
            }
            out.add(d);
        }
        return out;
    }

    @Test
    void trainingInStepScopesGivesTheSameBitsAsWithout() {
        for (boolean adam : new boolean[] {true, false}) {
            Function<Map<String, Tensor>, Optimizer> make = adam ? ps -> new Adam(ps, 0.01)
                    : ps -> new SGD(ps, 0.5, 0.9, 0, false, 0.001); // momentum: state made inside the first step
            Lm plain = new Lm(DType.FLOAT64, H, make);
            Lm scoped = new Lm(DType.FLOAT64, H, make);
            List<State> plainState = null;
            List<State> scopedState = null;
            for (int k = 0; k < 5; k++) {
                int[] tokens = new int[T * B];
                Tensor x = input(k, DType.FLOAT64, T, B, tokens);
                List<List<State>> next = new ArrayList<>();
                double expected = plain.step(x, Indices.of(tokens), plainState, next);
                plainState = detach(next.get(0), null);
                double actual;
                try (var step = Grad.step()) {
                    next.clear();
                    actual = scoped.step(input(k, DType.FLOAT64, T, B, new int[T * B]), Indices.of(tokens), scopedState,
                            next);
                    scopedState = detach(next.get(0), step);
                }
                assertEquals(expected, actual, 0.0, (adam ? "Adam" : "SGD") + " step " + k + ": loss");
                for (String name : plain.params.keySet()) {
                    assertArrayEquals(plain.params.get(name).toDoubleArray(), scoped.params.get(name).toDoubleArray(),
                            0.0, "step " + k + ": " + name);
                    assertArrayEquals(plain.params.get(name).grad().toDoubleArray(),
                            scoped.params.get(name).grad().toDoubleArray(), 0.0, "step " + k + ": grad of " + name);
                }
                assertArrayEquals(plainState.get(0).h().toDoubleArray(), scopedState.get(0).h().toDoubleArray(), 0.0);
            }
            assertTrue(Arrays.equals(plain.optimizer.state().tensors().values().stream()
                            .flatMapToDouble(t -> Arrays.stream(t.toDoubleArray())).toArray(),
                    scoped.optimizer.state().tensors().values().stream()
                            .flatMapToDouble(t -> Arrays.stream(t.toDoubleArray())).toArray()),
                    "optimizer state made inside a scope survived and matches");
        }
    }
}
