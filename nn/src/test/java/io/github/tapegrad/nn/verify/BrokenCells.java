package io.github.tapegrad.nn.verify;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.State;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.CellConfig;

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
    private abstract static class LstmLike extends Cell {
        private final Gates gates;

        LstmLike(String kind, int inputSize, int hiddenSize, RandomGenerator rng) {
            super(kind, config(inputSize, hiddenSize, rng), "h", "c");
            gates = gates("i", "f", "g", "o");
        }

        List<Tensor> gates(Tensor in, State state) {
            return gates.split(gates.plusHidden(in, state.h()));
        }
    }

    private static CellConfig config(int inputSize, int hiddenSize, RandomGenerator rng) {
        return CellConfig.of(inputSize, hiddenSize).dtype(DType.FLOAT64).rng(rng);
    }

    /** An Elman cell's four parameters, b_hh kept on the hidden side. */
    private abstract static class RnnLike extends Cell {
        final Gates gates;

        RnnLike(String kind, int inputSize, int hiddenSize, RandomGenerator rng) {
            super(kind, config(inputSize, hiddenSize, rng), "h");
            gates = gates("h").separate();
        }
    }

    /** The candidate's pre-activation is detached: the g rows of every weight and bias get no gradient. */
    static final class DetachedCandidateLstm extends LstmLike {
        DetachedCandidateLstm(int inputSize, int hiddenSize, RandomGenerator rng) {
            super("DetachedCandidateLstm", inputSize, hiddenSize, rng);
        }

        @Override
        protected State step(Tensor in, State state) {
            List<Tensor> g = gates(in, state);
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
        protected State step(Tensor in, State state) {
            List<Tensor> g = gates(in, state);
            Tensor c = g.get(1).sigmoid().mul(state.get(1).detach()).add(g.get(0).sigmoid().mul(g.get(2).tanh()));
            return State.of(g.get(3).sigmoid().mul(c.tanh()), c);
        }
    }

    /** Right gradients, wrong cell: h' depends on the batch mean of h, so sequences leak into each other. */
    static final class BatchMeanRnn extends RnnLike {
        BatchMeanRnn(int inputSize, int hiddenSize, RandomGenerator rng) {
            super("BatchMeanRnn", inputSize, hiddenSize, rng);
        }

        @Override
        protected State step(Tensor in, State state) {
            Tensor h = state.h().sub(state.h().mean(0, true).mul(0.5));
            return State.of(in.add(gates.hidden(h)).tanh());
        }
    }

    /** A "variant" with coupled input and forget gates (f = 1 - i): not LSTMCell even with no extra parameters. */
    static final class CoupledGateLstm extends LstmLike {
        CoupledGateLstm(int inputSize, int hiddenSize, RandomGenerator rng) {
            super("CoupledGateLstm", inputSize, hiddenSize, rng);
        }

        @Override
        protected State step(Tensor in, State state) {
            List<Tensor> g = gates(in, state);
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
    static final class DetachedSquareRnn extends RnnLike {
        DetachedSquareRnn(int inputSize, int hiddenSize, RandomGenerator rng) {
            super("DetachedSquareRnn", inputSize, hiddenSize, rng);
        }

        @Override
        protected State step(Tensor in, State state) {
            Tensor a = gates.plusHidden(in, state.h());
            Tensor square = a.mul(a.detach()).add(a.square().sub(a.detach().square()).mul(0.5));
            return State.of(a.tanh().add(square.mul(0.1)));
        }
    }
}
