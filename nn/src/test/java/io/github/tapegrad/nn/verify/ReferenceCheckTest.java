package io.github.tapegrad.nn.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.GRUCell;
import io.github.tapegrad.nn.LSTMCell;
import io.github.tapegrad.nn.RNNCell;
import io.github.tapegrad.nn.check.CellCheck;
import io.github.tapegrad.nn.check.CellCheckReport;
import io.github.tapegrad.nn.check.CellMaker;
import io.github.tapegrad.nn.check.CellReference;
import io.github.tapegrad.nn.check.ReferenceParameters;
import io.github.tapegrad.nn.zoo.PeepholeLSTMCell;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CellCheck's reference property: the built-in cells and a user's peephole LSTM equal their equations
 * written per element, on 1-2 layer stacks; a reference that does not fit the cell is a configuration error.
 */
class ReferenceCheckTest {
    static final long SEED = 0x2EFL;
    static final int CASES = 12;
    static final CellMaker<LSTMCell> LSTM = (in, h, rng) -> new LSTMCell(in, h, DType.FLOAT64, rng);

    private static void passes(CellCheck check) {
        CellCheckReport report = check.seed(SEED).cases(CASES).secondOrder(false).check();
        System.out.println(report);
        assertTrue(report.properties().contains(CellCheck.REFERENCE), report::toString);
        assertTrue(report.cases().stream().anyMatch(c -> c.layers() == 2), "a 2-layer stack feeds layer 1");
    }

    @Test
    void lstmCellEqualsItsEquations() {
        passes(CellCheck.of(LSTM).reference(CellReferences.LSTM));
    }

    @Test
    void gruCellEqualsItsEquations() {
        passes(CellCheck.of((in, h, rng) -> new GRUCell(in, h, DType.FLOAT64, rng)).reference(CellReferences.GRU));
    }

    @Test
    void rnnCellEqualsItsEquations() {
        passes(CellCheck.of((in, h, rng) -> new RNNCell(CellConfig.of(in, h).dtype(DType.FLOAT64).rng(rng), RNNCell.Nonlinearity.TANH))
                .reference(CellReferences.RNN_TANH));
    }

    @Test
    void thePeepholeLstmEqualsItsEquations() {
        passes(CellCheck.of((in, h, rng) -> new PeepholeLSTMCell(CellConfig.of(in, h).dtype(DType.FLOAT64).rng(rng)))
                .reference(CellReferences.PEEPHOLE_LSTM));
    }

    @Test
    void aWrongParameterNameIsAConfigurationErrorListingTheNames() {
        CellReference misnamed = (p, x, s) -> {
            p.matrix("weight_xh");
            return s;
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CellCheck.of(LSTM).reference(misnamed).seed(SEED).run());
        String m = e.getMessage();
        System.out.println(m);
        assertTrue(m.contains("CellCheck.reference") && m.contains("layer 0") && m.contains("weight_xh"), m);
        assertTrue(m.contains("weight_ih [16, 4], weight_hh [16, 4], bias_ih [16], bias_hh [16]"), m);
    }

    @Test
    void aReferenceReturningTheWrongStateIsAConfigurationError() {
        CellReference hOnly = (p, x, s) -> new double[][] {s[0]};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CellCheck.of(LSTM).reference(hOnly).seed(SEED).run());
        assertTrue(e.getMessage().contains("returned 1 state tensors of lengths [4]")
                && e.getMessage().contains("2 tensors of lengths [4, 4]"), e.getMessage());
    }

    @Test
    void referenceParametersAreRowMajorCopiesAndNameWhatIsWrong() {
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("w", Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
        params.put("b", Tensor.of(new double[] {7, 8}, 2));
        ReferenceParameters p = ReferenceParameters.of("Toy(3, 2)", 3, 2, params);
        assertArrayEquals(new double[] {4, 5, 6}, p.matrix("w")[1]);
        p.vector("b")[0] = 99;
        assertArrayEquals(new double[] {7, 8}, p.vector("b"), "a copy each time");
        assertEquals(3, p.inputSize());
        assertEquals(2, p.hiddenSize());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class, () -> p.vector("w"));
        assertTrue(rank.getMessage().contains("w is [2, 3], use matrix(\"w\")"), rank.getMessage());
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class, () -> p.vector("bias"));
        assertTrue(name.getMessage().contains("Toy(3, 2) has no parameter bias; its parameters: {w [2, 3], b [2]}"),
                name.getMessage());
    }
}
