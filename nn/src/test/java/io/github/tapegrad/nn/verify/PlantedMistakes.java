package io.github.tapegrad.nn.verify;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.State;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Cells with one deliberate mistake each, in the equations (correct gradients, so only a reference or a
 * base cell sees them) or in the graph; and their correct twins. Each declares its gate blocks, so the
 * check attributes by the cell's own declaration.
 */
final class PlantedMistakes {

    private PlantedMistakes() {
    }

    /** The packing every cell here shares: torch's four parameters, G gate blocks, declared by name. */
    private abstract static class Packed extends Cell {
        final Gates gates;

        Packed(String kind, List<String> gateNames, int states, int inputSize, int hiddenSize, RandomGenerator rng) {
            super(kind, CellConfig.of(inputSize, hiddenSize).dtype(DType.FLOAT64).rng(rng),
                    states == 1 ? new String[] {"h"} : new String[] {"h", "c"});
            gates = gates(gateNames.toArray(String[]::new)).separate();
        }

        /** The pre-activations x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh, one [B, H] per gate. */
        List<Tensor> z(Tensor in, State state) {
            return gates.split(gates.plusHidden(in, state.h()));
        }
    }

    private abstract static class Lstm extends Packed {
        Lstm(String kind, int inputSize, int hiddenSize, RandomGenerator rng) {
            super(kind, List.of("i", "f", "g", "o"), 2, inputSize, hiddenSize, rng);
        }
    }

    /** LSTM written out with ops, as a researcher writes it: the correct twin of the mistakes below. */
    static final class OpsLstm extends Lstm {
        OpsLstm(int inputSize, int hiddenSize, RandomGenerator rng) {
            super("OpsLstm", inputSize, hiddenSize, rng);
        }

        @Override
        protected State step(Tensor in, State state) {
            List<Tensor> z = z(in, state);
            Tensor c = z.get(1).sigmoid().mul(state.get(1)).add(z.get(0).sigmoid().mul(z.get(2).tanh()));
            return State.of(z.get(3).sigmoid().mul(c.tanh()), c);
        }
    }

    /** A sign flipped: c' = σ(f) c − σ(i) tanh(g). */
    static final class FlippedSignLstm extends Lstm {
        FlippedSignLstm(int inputSize, int hiddenSize, RandomGenerator rng) {
            super("FlippedSignLstm", inputSize, hiddenSize, rng);
        }

        @Override
        protected State step(Tensor in, State state) {
            List<Tensor> z = z(in, state);
            Tensor c = z.get(1).sigmoid().mul(state.get(1)).sub(z.get(0).sigmoid().mul(z.get(2).tanh()));
            return State.of(z.get(3).sigmoid().mul(c.tanh()), c);
        }
    }

    /** Two gates swapped: c' = σ(i) c + σ(f) tanh(g). */
    static final class SwappedGatesLstm extends Lstm {
        SwappedGatesLstm(int inputSize, int hiddenSize, RandomGenerator rng) {
            super("SwappedGatesLstm", inputSize, hiddenSize, rng);
        }

        @Override
        protected State step(Tensor in, State state) {
            List<Tensor> z = z(in, state);
            Tensor c = z.get(0).sigmoid().mul(state.get(1)).add(z.get(1).sigmoid().mul(z.get(2).tanh()));
            return State.of(z.get(3).sigmoid().mul(c.tanh()), c);
        }
    }

    /** A term missing: the recurrent bias b_hh is never added. */
    static final class MissingBiasLstm extends Lstm {
        MissingBiasLstm(int inputSize, int hiddenSize, RandomGenerator rng) {
            super("MissingBiasLstm", inputSize, hiddenSize, rng);
        }

        @Override
        protected State step(Tensor in, State state) {
            List<Tensor> z = gates.split(in.add(state.h().matmulT(gates.weightHh())));
            Tensor c = z.get(1).sigmoid().mul(state.get(1)).add(z.get(0).sigmoid().mul(z.get(2).tanh()));
            return State.of(z.get(3).sigmoid().mul(c.tanh()), c);
        }
    }

    /** A wrong slice: the output gate is read from the g block. c' is right; h' is not. */
    static final class WrongSliceLstm extends Lstm {
        WrongSliceLstm(int inputSize, int hiddenSize, RandomGenerator rng) {
            super("WrongSliceLstm", inputSize, hiddenSize, rng);
        }

        @Override
        protected State step(Tensor in, State state) {
            List<Tensor> z = z(in, state);
            Tensor c = z.get(1).sigmoid().mul(state.get(1)).add(z.get(0).sigmoid().mul(z.get(2).tanh()));
            return State.of(z.get(2).sigmoid().mul(c.tanh()), c);
        }
    }

    /** A stray detach on the candidate: the forward is right, the g blocks get no gradient. */
    static final class StrayDetachLstm extends Lstm {
        StrayDetachLstm(int inputSize, int hiddenSize, RandomGenerator rng) {
            super("StrayDetachLstm", inputSize, hiddenSize, rng);
        }

        @Override
        protected State step(Tensor in, State state) {
            List<Tensor> z = z(in, state);
            Tensor c = z.get(1).sigmoid().mul(state.get(1)).add(z.get(0).sigmoid().mul(z.get(2).detach().tanh()));
            return State.of(z.get(3).sigmoid().mul(c.tanh()), c);
        }
    }

    /** GRU with b_hn outside the reset gate: n = tanh(W_in x + b_in + r (W_hn h) + b_hn). */
    static final class ResetOutsideBiasGru extends Packed {
        ResetOutsideBiasGru(int inputSize, int hiddenSize, RandomGenerator rng) {
            super("ResetOutsideBiasGru", List.of("r", "z", "n"), 1, inputSize, hiddenSize, rng);
        }

        @Override
        protected State step(Tensor in, State state) {
            List<Tensor> gx = gates.split(in);
            Tensor h = state.h();
            List<Tensor> gh = gates.split(h.matmulT(gates.weightHh()));
            List<Tensor> bh = gates.biasHh().chunk(3, 0);
            Tensor r = gx.get(0).add(gh.get(0)).add(bh.get(0)).sigmoid();
            Tensor z = gx.get(1).add(gh.get(1)).add(bh.get(1)).sigmoid();
            Tensor n = gx.get(2).add(r.mul(gh.get(2))).add(bh.get(2)).tanh();
            return State.of(n.add(z.mul(h.sub(n))));
        }
    }

    /** Coupled input and forget gates (CIFG), gates i, g, o: c' = (1 − σ(i)) c + σ(i) tanh(g). */
    static final class Cifg extends Packed {
        Cifg(int inputSize, int hiddenSize, RandomGenerator rng) {
            super("Cifg", List.of("i", "g", "o"), 2, inputSize, hiddenSize, rng);
        }

        @Override
        protected State step(Tensor in, State state) {
            List<Tensor> z = z(in, state);
            Tensor i = z.get(0).sigmoid();
            Tensor c = i.rsub(1).mul(state.get(1)).add(i.mul(z.get(1).tanh()));
            return State.of(z.get(2).sigmoid().mul(c.tanh()), c);
        }
    }

    /** CIFG with the coupling forgotten: f = σ(i) where 1 − σ(i) belongs. */
    static final class UncoupledCifg extends Packed {
        UncoupledCifg(int inputSize, int hiddenSize, RandomGenerator rng) {
            super("UncoupledCifg", List.of("i", "g", "o"), 2, inputSize, hiddenSize, rng);
        }

        @Override
        protected State step(Tensor in, State state) {
            List<Tensor> z = z(in, state);
            Tensor i = z.get(0).sigmoid();
            Tensor c = i.mul(state.get(1)).add(i.mul(z.get(1).tanh()));
            return State.of(z.get(2).sigmoid().mul(c.tanh()), c);
        }
    }

    /**
     * State outside the declared state: the step index t, counted in a field and reset when a sequence
     * starts, enters the pre-activation (h' = tanh(z + 0.1 t)). A sequence split in two restarts t.
     */
    static final class StepCountingRnn extends Packed {
        private int t;

        StepCountingRnn(int inputSize, int hiddenSize, RandomGenerator rng) {
            super("StepCountingRnn", List.of("h"), 1, inputSize, hiddenSize, rng);
        }

        @Override
        protected Tensor sequenceInput(Tensor projected) {
            t = 0; // Recurrent asks once per sequence, before the first step
            return projected;
        }

        @Override
        protected State step(Tensor in, State state) {
            return State.of(z(in, state).get(0).add(0.1 * t++).tanh());
        }
    }
}
