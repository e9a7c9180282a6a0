package io.github.tapegrad.examples.customcell;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.LSTMCell;
import io.github.tapegrad.nn.State;
import io.github.tapegrad.nn.init.Init;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeepholeLSTMCellTest {

    @Test
    void withZeroPeepholesItIsTheBuiltInLstm() {
        SplittableRandom rng = new SplittableRandom(3);
        LSTMCell lstm = new LSTMCell(3, 4, DType.FLOAT64, rng);
        Tensor zeros = Tensor.zeros(DType.FLOAT64, 4);
        PeepholeLSTMCell peephole = PeepholeLSTMCell.ofParameters(3, 4, List.of(lstm.weightIh().detach(),
                lstm.weightHh().detach(), lstm.biasIh().add(lstm.biasHh()).detach(), zeros, zeros, zeros));
        Tensor x = Tensor.uniform(rng, -1, 1, DType.FLOAT64, 2, 3);
        State s = State.of(Tensor.uniform(rng, -1, 1, DType.FLOAT64, 2, 4), Tensor.uniform(rng, -1, 1, DType.FLOAT64, 2, 4));
        State expected = lstm.step(x, s);
        State actual = peephole.step(x, s);
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(expected.get(i).toDoubleArray(), actual.get(i).toDoubleArray(), 1e-12);
        }
    }

    @Test
    void peepholesChangeTheResult() {
        SplittableRandom rng = new SplittableRandom(3);
        PeepholeLSTMCell cell = new PeepholeLSTMCell(3, 4, DType.FLOAT64, rng, Init.uniform(-1, 1), Init.uniform(-1, 1));
        List<Tensor> ps = cell.parameters();
        Tensor zeros = Tensor.zeros(DType.FLOAT64, 4);
        PeepholeLSTMCell blind = PeepholeLSTMCell.ofParameters(3, 4, List.of(ps.get(0).detach(), ps.get(1).detach(),
                ps.get(2).detach(), zeros, zeros, zeros));
        Tensor x = Tensor.uniform(rng, -1, 1, DType.FLOAT64, 2, 3);
        State s = cell.initialState(2, DType.FLOAT64);
        s = State.of(s.h(), Tensor.uniform(rng, -1, 1, DType.FLOAT64, 2, 4));
        double diff = cell.step(x, s).h().sub(blind.step(x, s).h()).abs().sum().item();
        assertTrue(diff > 1e-3, "peepholes have an effect: " + diff);
    }

    @Test
    void wrongShapesAreNamed() {
        PeepholeLSTMCell cell = new PeepholeLSTMCell(3, 4, DType.FLOAT32, new SplittableRandom(1), Init.zeros(),
                Init.zeros());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cell.step(Tensor.zeros(DType.FLOAT32, 2, 5), cell.initialState(2, DType.FLOAT32)));
        assertTrue(e.getMessage().contains("PeepholeLSTMCell(3, 4)") && e.getMessage().contains("[2, 5]"), e.getMessage());
        assertEquals(PeepholeLSTMCell.PARAMETER_NAMES, List.copyOf(cell.namedParameters().keySet()));
    }

    @Test
    void aHiddenSizeWhoseGateRowsOverflowIntIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PeepholeLSTMCell(28,
                Integer.MAX_VALUE, DType.FLOAT32, new SplittableRandom(1), Init.zeros(), Init.zeros()));
        assertEquals("PeepholeLSTMCell: 4 * hiddenSize = 4 * 2147483647 overflows int", e.getMessage());
    }
}
