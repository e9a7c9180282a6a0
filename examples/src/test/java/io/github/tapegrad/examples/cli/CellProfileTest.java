package io.github.tapegrad.examples.cli;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.examples.UserInputException;
import io.github.tapegrad.examples.cells.LeakyCell;
import io.github.tapegrad.examples.cells.SquareWeightCell;
import io.github.tapegrad.examples.cli.SizeCheck.TensorSize;
import io.github.tapegrad.nn.Cells;
import io.github.tapegrad.nn.Linear;
import io.github.tapegrad.nn.Recurrent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the size check reads from a cell, against the cells themselves built at real sizes. */
class CellProfileTest {

    private static List<CellChoice> everyCell() {
        List<CellChoice> cells = new ArrayList<>();
        Cells.names().forEach(n -> cells.add(CellChoice.of(n)));
        cells.add(CellChoice.of(LeakyCell.class.getName()));
        cells.add(CellChoice.of("io.github.tapegrad.examples.customcell.JanetCell"));
        return cells;
    }

    /** Every tensor the footprint names, and its parameter count, is the model's own, at sizes never probed. */
    @Test
    void theFootprintsParametersAreTheModelsForEveryCell() {
        int vocab = 29;
        int hidden = 13;
        int layers = 3;
        for (CellChoice cell : everyCell()) {
            CellProfile profile = cell.profile();
            Recurrent rnn = new Recurrent(cell.factory(), Recurrent.options(vocab, hidden).layers(layers)
                    .rng(new SplittableRandom(1)));
            Linear head = new Linear(hidden, vocab, true, DType.FLOAT32, new SplittableRandom(2));
            RecurrentFootprint f = new RecurrentFootprint("rnn", "linear", profile, vocab, hidden, layers, vocab, 4);
            assertEquals(rnn.parameterCount() + head.parameterCount(), f.parameters(), 0, cell.name());
            Map<String, io.github.tapegrad.autograd.Tensor> real = rnn.namedParameters();
            for (TensorSize t : f.tensors(2, 5)) {
                if (t.name().startsWith("rnn.")) {
                    int[] shape = real.get(t.name().substring(4)).shape().toArray();
                    assertArrayEquals(java.util.Arrays.stream(shape).asDoubleStream().toArray(), t.dims(), t.name());
                }
            }
            assertEquals(rnn.cell(0).stateNames().size(), profile.stateTensors(), cell.name());
            assertEquals(rnn.cell(0).gateNames().size(), profile.inputGates(), cell.name());
            assertEquals(CellProfile.KEPT_PER_BLOCK * (profile.gates() + profile.stateTensors()), profile.keptPerStep());
        }
    }

    @Test
    void gateBlocksAreWeightIhRowsOverH() {
        assertEquals("4", CellChoice.of("lstm").profile().weightIhBlocks());
        assertEquals("3", CellChoice.of("gru").profile().weightIhBlocks());
        assertEquals("1", CellChoice.of("rnn").profile().weightIhBlocks());
        assertEquals("2", CellChoice.of("mgu").profile().weightIhBlocks());
        assertEquals("3", CellChoice.of("cifg").profile().weightIhBlocks());
        CellProfile.Dim h = new CellProfile.Dim(0, 1, 0);
        CellProfile.Dim i = new CellProfile.Dim(1, 0, 0);
        assertEquals("-", new CellProfile("none", 1, 0, 0, List.of(new CellProfile.ParameterShape("flat", List.of(h))),
                4).weightIhBlocks());
        assertEquals("-", new CellProfile("odd", 1, 1, 1, List.of(new CellProfile.ParameterShape("weight_ih",
                List.of(new CellProfile.Dim(0, 2, 1), i))), 8).weightIhBlocks());
    }

    /** The figures the estimate's comment states: LSTM 4 gates and 2 states, GRU 3 and 1, MGU 2 and 1. */
    @Test
    void gatesAndStatesAreCountedFromTheDeclarations() {
        assertEquals(24, CellChoice.of("lstm").profile().keptPerStep());
        assertEquals(16, CellChoice.of("gru").profile().keptPerStep());
        assertEquals(8, CellChoice.of("rnn").profile().keptPerStep());
        assertEquals(12, CellChoice.of("mgu").profile().keptPerStep());
        assertEquals(36, CellChoice.of("fgr").profile().keptPerStep());
    }

    @Test
    void aCellThatCannotBeBuiltIsAUserErrorNamingTheSize() {
        String message = assertThrows(UserInputException.class,
                () -> CellChoice.of("io.github.tapegrad.examples.cells.ThrowingCell").profile()).getMessage();
        assertEquals("cell io.github.tapegrad.examples.cells.ThrowingCell: cannot build it at input size 3, hidden size "
                + "4 to read its parameters: Throwing: hidden size 4 is not prime", message);
    }

    @Test
    void aParameterThatIsNotLinearInTheSizesIsRefusedSayingSo() {
        String message = assertThrows(UserInputException.class,
                () -> CellChoice.of(SquareWeightCell.class.getName()).profile()).getMessage();
        assertTrue(message.startsWith("cell io.github.tapegrad.examples.cells.SquareWeightCell: parameter flat does not "
                + "grow as a·I + b·H + c"), message);
        assertTrue(message.contains("at I = 7, H = 12 it is [144], not the [112]"), message);
    }
}
