package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.optim.Adam;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A researcher's cell, written here as forward code only, runs through Recurrent and trains. */
class CustomCellTest {

    /**
     * Minimal gated unit (Zhou et al. 2016): f = σ(W_f x + U_f h + b_f), h̃ = tanh(W_h x + U_h (f ⊙ h) + b_h),
     * h' = (1 − f) ⊙ h + f ⊙ h̃. Its recurrent weights are two blocks, the second applied to f ⊙ h.
     */
    static final class MinimalGatedUnit extends Cell {
        private final Gates in;
        private final Projection uf;
        private final Projection uh;

        MinimalGatedUnit(CellConfig config) {
            super("MinimalGatedUnit", config, "h");
            in = inputGates("f", "n");
            uf = recurrent("hf", false, "f");
            uh = recurrent("hn", false, "n");
        }

        @Override
        protected State step(Tensor x, State state) {
            List<Tensor> z = in.split(x);
            Tensor h = state.h();
            Tensor f = uf.plus(z.get(0), h).sigmoid();
            Tensor candidate = uh.plus(z.get(1), f.mul(h)).tanh();
            return State.of(h.add(f.mul(candidate.sub(h))));
        }
    }

    static final class Regressor extends Module {
        final Recurrent rnn;
        final Linear head;

        Regressor(RandomGenerator rng) {
            rnn = registerModule("rnn", new Recurrent(MinimalGatedUnit::new, Recurrent.options(2, 8).layers(2).dtype(DType.FLOAT64).rng(rng)));
            head = registerModule("head", new Linear(8, 1, true, DType.FLOAT64, rng));
        }

        Tensor forward(Tensor x) {
            return head.forward(rnn.forward(x).finalState().h());
        }
    }

    @Test
    void stacksWithTorchStyleNames() {
        Regressor m = new Regressor(new SplittableRandom(1));
        assertEquals(List.of("rnn.weight_ih_l0", "rnn.bias_ih_l0", "rnn.weight_hf_l0", "rnn.weight_hn_l0",
                "rnn.weight_ih_l1"), List.copyOf(m.namedParameters().keySet()).subList(0, 5));
        assertEquals(8, m.rnn.cell(1).inputSize(), "layer 1 takes layer 0's hidden size");
    }

    @Test
    void trainsOnATinyTask() {
        // predict the sum of the first input feature over the sequence
        SplittableRandom rng = new SplittableRandom(42);
        int steps = 5, batch = 16;
        Tensor x = Tensor.uniform(rng, -1, 1, DType.FLOAT64, steps, batch, 2);
        Tensor target = x.narrow(2, 0, 1).sum(0, false);
        Regressor model = new Regressor(rng);
        Adam adam = new Adam(model, 0.02);
        double first = Double.NaN;
        double last = Double.NaN;
        for (int it = 0; it < 40; it++) {
            adam.zeroGrad();
            Tensor loss = Loss.mse(model.forward(x), target);
            loss.backward();
            for (Tensor p : model.parameters()) {
                assertNotNull(p.grad(), "every parameter gets a gradient");
            }
            adam.step();
            if (it == 0) {
                first = loss.item();
            }
            last = loss.item();
        }
        assertTrue(last < 0.3 * first, "loss fell from " + first + " to " + last);
    }
}
