package io.github.tapegrad.nn.verify;

import io.github.tapegrad.nn.CellConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.nn.GRUCell;
import io.github.tapegrad.nn.LSTMCell;
import io.github.tapegrad.nn.RNNCell;
import io.github.tapegrad.nn.check.CellCheck;
import io.github.tapegrad.nn.check.CellCheckReport;
import io.github.tapegrad.nn.zoo.PeepholeLSTMCell;
import org.junit.jupiter.api.Test;

/** The public one-call check passes nn's built-in cells and a user's peephole LSTM. */
class CellCheckTest {
    static final long SEED = 0x5EEDL;
    static final int CASES = 12;

    private static void report(CellCheckReport report) {
        System.out.println(report);
        assertTrue(report.passed(), report::toString);
        assertEquals(CASES, report.cases().size());
        assertTrue(report.maxFirstOrderError() > 0, "the check compared something");
    }

    @Test
    void lstmCellPasses() {
        report(CellCheck.of((in, hidden, rng) -> new LSTMCell(in, hidden, DType.FLOAT64, rng))
                .seed(SEED).cases(CASES).check());
    }

    @Test
    void gruCellPasses() {
        report(CellCheck.of((in, hidden, rng) -> new GRUCell(in, hidden, DType.FLOAT64, rng))
                .seed(SEED).cases(CASES).check());
    }

    @Test
    void tanhRnnCellPasses() {
        report(CellCheck.of((in, hidden, rng) -> new RNNCell(CellConfig.of(in, hidden).dtype(DType.FLOAT64).rng(rng), RNNCell.Nonlinearity.TANH))
                .seed(SEED).cases(CASES).check());
    }

    /** The README's recipe: a peephole LSTM, checked, and equal to LSTMCell when its peepholes are zero. */
    @Test
    void peepholeLstmPassesAndReducesToLstmCell() {
        CellCheckReport report = CellCheck.of((in, hidden, rng) -> new PeepholeLSTMCell(CellConfig.of(in, hidden).dtype(DType.FLOAT64).rng(rng)))
                .reducesTo((in, hidden, rng) -> new LSTMCell(in, hidden, DType.FLOAT64, rng))
                .gates("i", "f", "g", "o")
                .seed(SEED).cases(CASES).check();
        report(report);
        assertTrue(report.properties().contains(CellCheck.BASE));
        assertTrue(report.properties().contains(CellCheck.SECOND_ORDER));
    }
}
