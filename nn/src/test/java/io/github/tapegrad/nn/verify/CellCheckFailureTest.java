package io.github.tapegrad.nn.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.nn.LSTMCell;
import io.github.tapegrad.nn.check.Attribution;
import io.github.tapegrad.nn.check.CellCheck;
import io.github.tapegrad.nn.check.CellCheckError;
import io.github.tapegrad.nn.check.CellCheckReport;
import io.github.tapegrad.nn.check.CheckCase;
import io.github.tapegrad.nn.check.CheckFailure;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The public check on broken cells: it fails, names the property, shrinks to the smallest case, attributes
 * the mismatch to tensors and gate blocks, and the reported seed and case replay the failure.
 */
class CellCheckFailureTest {
    static final long SEED = 0xBADL;

    private static CheckFailure failure(CellCheckReport report, String property) {
        System.out.println(report);
        assertFalse(report.passed(), "the broken cell was caught");
        CheckFailure f = report.failure();
        assertEquals(property, f.property());
        return f;
    }

    private static void assertSmallest(CheckCase c, int batch) {
        assertEquals(List.of(1, batch, 1, 1, 1), List.of(c.steps(), c.batch(), c.inputSize(), c.hiddenSize(), c.layers()),
                c::toString);
    }

    @Test
    void detachedCandidateIsShrunkAndAttributedToGateG() {
        CellCheckReport report = CellCheck.of(BrokenCells.DetachedCandidateLstm::new).gates("i", "f", "g", "o")
                .seed(SEED).run();
        CheckFailure f = failure(report, CellCheck.FIRST_ORDER);
        assertSmallest(f.shrunk(), 1);
        Attribution where = f.attribution();
        // the cut path carries dx and dh too, so they differ; c0's gradient goes through f only and is right
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "x", "h0_l0"), where.tensors());
        assertEquals(4, where.gates().size());
        where.gates().values().forEach(blocks -> assertEquals(List.of("g"), blocks));
        assertEquals(0, where.earliestInputStep());
    }

    @Test
    void detachedCellStateIsAttributedToC0() {
        CheckFailure f = failure(CellCheck.of(BrokenCells.DetachedCellStateLstm::new).seed(SEED).run(), CellCheck.FIRST_ORDER);
        assertSmallest(f.shrunk(), 1);
        assertEquals(List.of("c0_l0"), f.attribution().tensors());
    }

    @Test
    void theReportReplays() {
        CellCheck check = CellCheck.of(BrokenCells.DetachedCandidateLstm::new).seed(SEED);
        CellCheckError error = assertThrows(CellCheckError.class, check::check);
        String message = error.getMessage();
        CheckCase shrunk = error.report().failure().shrunk();
        assertTrue(message.contains(".replay(" + shrunk.toJava() + ")"), message);
        assertTrue(message.contains(String.format(".seed(0x%xL)", SEED)), message);
        assertEquals(message, assertThrows(CellCheckError.class, check::check).getMessage(), "a seed replays the run");
        CellCheckReport replayed = CellCheck.of(BrokenCells.DetachedCandidateLstm::new).replay(shrunk).run();
        assertEquals(List.of(shrunk), replayed.cases());
        assertEquals(shrunk, replayed.failure().found(), "the shrunk case fails on its own");
        assertEquals(error.report().failure().detail(), replayed.failure().detail());
    }

    @Test
    void aBatchMixingCellFailsBatchInvarianceAtBatchTwo() {
        CheckFailure f = failure(CellCheck.of(BrokenCells.BatchMeanRnn::new).seed(SEED).run(), CellCheck.BATCH);
        assertSmallest(f.shrunk(), 2);
    }

    @Test
    void aVariantThatIsNotItsBaseFails() {
        CheckFailure f = failure(CellCheck.of(BrokenCells.CoupledGateLstm::new)
                .reducesTo((in, hidden, rng) -> new LSTMCell(in, hidden, DType.FLOAT64, rng)).seed(SEED).run(),
                CellCheck.BASE);
        assertSmallest(f.shrunk(), 1);
    }

    @Test
    void onlyTheSecondOrderCheckSeesAWrongSecondDerivative() {
        CellCheckReport report = CellCheck.of(BrokenCells.DetachedSquareRnn::new).seed(SEED).run();
        CheckFailure f = failure(report, CellCheck.SECOND_ORDER);
        assertTrue(f.shrunk().steps() == 1 && f.shrunk().batch() == 1, f.shrunk()::toString);
        assertTrue(CellCheck.of(BrokenCells.DetachedSquareRnn::new).seed(SEED).secondOrder(false).run().passed(),
                "first order and batch invariance hold");
    }

    @Test
    void aFloat32CellIsRejectedNamingTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CellCheck.of((in, hidden, rng) -> new LSTMCell(in, hidden, DType.FLOAT32, rng)).run());
        assertTrue(e.getMessage().contains("weight_ih_l0") && e.getMessage().contains("float64"), e.getMessage());
    }

    @Test
    void aMakerThatIgnoresTheHiddenSizeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CellCheck.of((in, hidden, rng) -> new LSTMCell(in, 3, DType.FLOAT64, rng)).maxHiddenSize(4).run());
        assertTrue(e.getMessage().contains("hiddenSize 4"), e.getMessage());
    }
}
