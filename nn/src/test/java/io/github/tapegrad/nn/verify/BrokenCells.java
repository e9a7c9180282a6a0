package io.github.tapegrad.nn.verify;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.State;
import io.github.tapegrad.nn.StandardCell;
import io.github.tapegrad.nn.init.Init;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Cells with deliberate defects, for showing that {@code CellCheck} finds and localises them. Autograd
 * differentiates whatever forward code it is given, so a wrong gradient is made the way users make one by
 * accident: a stray {@code detach()} that cuts a path the loss depends on.
 */
final class BrokenCells {

    private BrokenCells() {
    }

    /** LSTM gates i, f, g, o from the packed pre-activations, with {@code transform} applied to the g block. */
    private abstract static class LstmLike extends StandardCell {
        LstmLike(String kind, int inputSize, int hiddenSize, RandomGenerator rng) {
            super(kind, 4, inputSize, hiddenSize, DType.FLOAT64, rng, Init.pytorchDefault(hiddenSize),
                    Init.pytorchDefault(hiddenSize));
        }

        @Override
        protected int stateSize() {
            return 2;
        }

        List<Tensor> gates(Tensor x, Tensor precomputed, State state) {
            return inputGates(x, precomputed, state).add(hiddenGates(state.h())).chunk(4, 1);
        }
    }

    /** The candidate's pre-activation is detached: the g rows of every weight and bias get no gradient. */
    static final class DetachedCandidateLstm extends LstmLike {
        DetachedCandidateLstm(int inputSize, int hiddenSize, RandomGenerator rng) {
            super("DetachedCandidateLstm", inputSize, hiddenSize, rng);
        }

        @Override
        public State step(Tensor x, Tensor precomputed, State state) {
            List<Tensor> g = gates(x, precomputed, state);
            Tensor c = g.get(1).sigmoid().mul(state.get(1)).add(g.get(0).sigmoid().mul(g.get(2).detach().tanh()));
            return State.of(g.get(3).sigmoid().mul(c.tanh()), c);
        }
    }

    /** The old cell state is detached in f ⊙ c: no gradient reaches c0, nor earlier steps through c. */
    static final class DetachedCellStateLstm extends LstmLike {
        DetachedCellStateLstm(int inputSize, int hiddenSize, RandomGenerator rng) {
            super("DetachedCellStateLstm", inputSize, hiddenSize, rng);
        }

        @Override
        public State step(Tensor x, Tensor precomputed, State state) {
            List<Tensor> g = gates(x, precomputed, state);
            Tensor c = g.get(1).sigmoid().mul(state.get(1).detach()).add(g.get(0).sigmoid().mul(g.get(2).tanh()));
            return State.of(g.get(3).sigmoid().mul(c.tanh()), c);
        }
    }

    /** Right gradients, wrong cell: h' depends on the batch mean of h, so sequences leak into each other. */
    static final class BatchMeanRnn extends StandardCell {
        BatchMeanRnn(int inputSize, int hiddenSize, RandomGenerator rng) {
            super("BatchMeanRnn", 1, inputSize, hiddenSize, DType.FLOAT64, rng, Init.pytorchDefault(hiddenSize),
                    Init.pytorchDefault(hiddenSize));
        }

        @Override
        public State step(Tensor x, Tensor precomputed, State state) {
            Tensor h = state.h().sub(state.h().mean(0, true).mul(0.5));
            return State.of(inputGates(x, precomputed, state).add(hiddenGates(h)).tanh());
        }
    }

    /** A "variant" with coupled input and forget gates (f = 1 - i): not LSTMCell even with no extra parameters. */
    static final class CoupledGateLstm extends LstmLike {
        CoupledGateLstm(int inputSize, int hiddenSize, RandomGenerator rng) {
            super("CoupledGateLstm", inputSize, hiddenSize, rng);
        }

        @Override
        public State step(Tensor x, Tensor precomputed, State state) {
            List<Tensor> g = gates(x, precomputed, state);
            Tensor i = g.get(0).sigmoid();
            Tensor c = i.rsub(1).mul(state.get(1)).add(i.mul(g.get(2).tanh()));
            return State.of(g.get(3).sigmoid().mul(c.tanh()), c);
        }
    }

    /**
     * Right first derivatives, wrong second: h' = tanh(a) + 0.1 a² with a² written as
     * {@code a ⊙ detach(a) + (a² - detach(a)²) / 2}: same value, gradient 2a, but the gradient's own graph
     * misses the detached half, so its derivative is 1 where 2 belongs. Only gradgradcheck sees it.
     */
    static final class DetachedSquareRnn extends StandardCell {
        DetachedSquareRnn(int inputSize, int hiddenSize, RandomGenerator rng) {
            super("DetachedSquareRnn", 1, inputSize, hiddenSize, DType.FLOAT64, rng, Init.pytorchDefault(hiddenSize),
                    Init.pytorchDefault(hiddenSize));
        }

        @Override
        public State step(Tensor x, Tensor precomputed, State state) {
            Tensor a = inputGates(x, precomputed, state).add(hiddenGates(state.h()));
            Tensor square = a.mul(a.detach()).add(a.square().sub(a.detach().square()).mul(0.5));
            return State.of(a.tanh().add(square.mul(0.1)));
        }
    }
}
