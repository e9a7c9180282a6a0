package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.init.Init;
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
     * h' = (1 − f) ⊙ h + f ⊙ h̃. No precompute: it uses the interface's defaults.
     */
    static final class MinimalGatedUnit extends Module implements Cell {
        private final int inputSize;
        private final int hiddenSize;
        private final Tensor wf, uf, bf, wh, uh, bh;

        MinimalGatedUnit(int inputSize, int hiddenSize, RandomGenerator rng) {
            this.inputSize = inputSize;
            this.hiddenSize = hiddenSize;
            Init init = Init.pytorchDefault(hiddenSize);
            wf = registerParameter("w_f", init.sample(DType.FLOAT64, rng, hiddenSize, inputSize));
            uf = registerParameter("u_f", init.sample(DType.FLOAT64, rng, hiddenSize, hiddenSize));
            bf = registerParameter("b_f", init.sample(DType.FLOAT64, rng, hiddenSize));
            wh = registerParameter("w_h", init.sample(DType.FLOAT64, rng, hiddenSize, inputSize));
            uh = registerParameter("u_h", init.sample(DType.FLOAT64, rng, hiddenSize, hiddenSize));
            bh = registerParameter("b_h", init.sample(DType.FLOAT64, rng, hiddenSize));
        }

        @Override
        public int inputSize() {
            return inputSize;
        }

        @Override
        public int hiddenSize() {
            return hiddenSize;
        }

        @Override
        public State initialState(int batch, DType dtype) {
            return State.of(Tensor.zeros(dtype, batch, hiddenSize));
        }

        @Override
        public State step(Tensor x, State state) {
            Cell.checkInput(this, x);
            Tensor h = state.h();
            Tensor f = x.linear(wf, bf).add(h.matmulT(uf)).sigmoid();
            Tensor candidate = x.linear(wh, bh).add(f.mul(h).matmulT(uh)).tanh();
            return State.of(h.add(f.mul(candidate.sub(h))));
        }

        @Override
        public String toString() {
            return "MinimalGatedUnit(" + inputSize + ", " + hiddenSize + ")";
        }
    }

    static final class Regressor extends Module {
        final Recurrent rnn;
        final Linear head;

        Regressor(RandomGenerator rng) {
            rnn = registerModule("rnn", new Recurrent("MGU", 2, 2, (in, layer) -> new MinimalGatedUnit(in, 8, rng)));
            head = registerModule("head", new Linear(8, 1, true, DType.FLOAT64, rng));
        }

        Tensor forward(Tensor x) {
            return head.forward(rnn.forward(x).finalState().h());
        }
    }

    @Test
    void stacksWithTorchStyleNames() {
        Regressor m = new Regressor(new SplittableRandom(1));
        assertEquals(List.of("rnn.w_f_l0", "rnn.u_f_l0", "rnn.b_f_l0", "rnn.w_h_l0", "rnn.u_h_l0", "rnn.b_h_l0",
                "rnn.w_f_l1"), List.copyOf(m.namedParameters().keySet()).subList(0, 7));
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
