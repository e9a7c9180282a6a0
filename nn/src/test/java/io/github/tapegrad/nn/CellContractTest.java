package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.zoo.MguCell;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the Cell contract promises a cell's author: declarations checked, results checked, names derived. */
class CellContractTest {
    private static CellConfig config() {
        return CellConfig.of(3, 2).dtype(DType.FLOAT64);
    }

    /** Returns one state tensor where it declared two. */
    static final class ForgetsTheCellState extends Cell {
        private final Gates gates;

        ForgetsTheCellState(CellConfig config) {
            super("ForgetsTheCellState", config, "h", "c");
            gates = gates("i", "f", "g", "o");
        }

        @Override
        protected State step(Tensor in, State state) {
            return State.of(gates.split(gates.plusHidden(in, state.h())).get(0).tanh());
        }
    }

    /** Declares its input gates twice. */
    static final class DeclaresTwice extends Cell {
        DeclaresTwice(CellConfig config) {
            super("DeclaresTwice", config, "h");
            gates("a");
            inputGates("b");
        }

        @Override
        protected State step(Tensor in, State state) {
            return state;
        }
    }

    /** Asks summed gates for their hidden side alone, where b_hh is already in the input. */
    static final class MisusesSummedGates extends Cell {
        private final Gates gates;

        MisusesSummedGates(CellConfig config) {
            super("MisusesSummedGates", config, "h");
            gates = gates("h");
        }

        @Override
        protected State step(Tensor in, State state) {
            return State.of(in.add(gates.hidden(state.h())).tanh());
        }
    }

    @Test
    void aStepReturningTheWrongStateIsNamed() {
        Recurrent net = new Recurrent(ForgetsTheCellState::new, Recurrent.options(3, 2).dtype(DType.FLOAT64));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.forward(Tensor.zeros(DType.FLOAT64, 2, 1, 3)));
        assertTrue(e.getMessage().contains("ForgetsTheCellState(3, 2)") && e.getMessage().contains("[h, c]")
                && e.getMessage().contains("step's result"), e.getMessage());
    }

    @Test
    void inputGatesAreDeclaredOnce() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new DeclaresTwice(config()));
        assertTrue(e.getMessage().contains("DeclaresTwice.inputGates") && e.getMessage().contains("[a]"), e.getMessage());
    }

    @Test
    void summedGatesRefuseTheirHiddenSideAlone() {
        Cell cell = new MisusesSummedGates(config());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> cell.forward(Tensor.zeros(DType.FLOAT64, 1, 3), cell.initialState(1, DType.FLOAT64)));
        assertTrue(e.getMessage().contains("plusHidden") && e.getMessage().contains("separate()"), e.getMessage());
    }

    @Test
    void declarationsGiveTorchNamesStateAndGateBlocks() {
        LSTMCell lstm = new LSTMCell(config());
        assertEquals(List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh"), List.copyOf(lstm.namedParameters().keySet()));
        assertEquals(List.of("h", "c"), lstm.stateNames());
        assertEquals(List.of("i", "f", "g", "o"), lstm.gateBlocks().get("weight_hh"));
        assertEquals(List.of(8, 3), List.of(lstm.weightIh().dim(0), lstm.weightIh().dim(1)));
        MguCell mgu = new MguCell(config());
        assertEquals(Map.of("weight_ih", List.of("f", "n"), "bias_ih", List.of("f", "n"), "weight_hf", List.of("f"),
                "weight_hn", List.of("n")), mgu.gateBlocks());
        assertEquals(List.of(2, 2), List.of(mgu.namedParameters().get("weight_hn").dim(0),
                mgu.namedParameters().get("weight_hn").dim(1)));
    }

    @Test
    void theHoistedProjectionEqualsStepByStep() {
        for (String name : Cells.names()) {
            Recurrent net = new Recurrent(Cells.factory(name), Recurrent.options(3, 2).layers(2).dtype(DType.FLOAT64)
                    .rng(new java.util.SplittableRandom(5)));
            Tensor x = Tensor.uniform(new java.util.SplittableRandom(6), -1, 1, DType.FLOAT64, 4, 2, 3);
            Tensor whole = net.forward(x).outputs();
            State s0 = net.cell(0).initialState(2, DType.FLOAT64);
            State s1 = net.cell(1).initialState(2, DType.FLOAT64);
            for (int t = 0; t < 4; t++) {
                s0 = net.cell(0).forward(x.select(0, t), s0);
                s1 = net.cell(1).forward(s0.h(), s1);
                double diff = s1.h().sub(whole.select(0, t)).abs().max().item();
                assertTrue(diff < 1e-12, name + " step " + t + ": " + diff);
            }
        }
    }

    @Test
    void aZeroLengthSequenceReturnsTheInitialStates() {
        Recurrent net = new Recurrent(LSTMCell::new, Recurrent.options(3, 2).dtype(DType.FLOAT64));
        State init = new State(List.of(Tensor.ones(DType.FLOAT64, 4, 2), Tensor.ones(DType.FLOAT64, 4, 2).mul(2)));
        RecurrentOutput out = net.forward(Tensor.zeros(DType.FLOAT64, 0, 4, 3), List.of(init));
        assertEquals(List.of(0, 4, 2), List.of(out.outputs().dim(0), out.outputs().dim(1), out.outputs().dim(2)));
        assertEquals(2.0, out.finalState().get(1).max().item());
    }

    @Test
    void cellsByNameAndByClass() {
        assertTrue(Cells.factory("CIFG").create(config()).toString().startsWith("CIFG(3, 2)"));
        assertEquals(MguCell.class, Cells.factory(MguCell.class.getName()).create(config()).getClass());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Cells.factory("lsmt"));
        assertTrue(unknown.getMessage().contains("unknown cell 'lsmt'") && unknown.getMessage().contains("cifg"),
                unknown.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Cells.factory("com.example.Missing"))
                .getMessage().contains("not on the classpath"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Cells.factory(String.class.getName()))
                .getMessage().contains("not a concrete subclass"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Cells.factory(DeclaresTwice.class.getName()))
                .getMessage().contains("public constructor taking a CellConfig"));
    }
}
