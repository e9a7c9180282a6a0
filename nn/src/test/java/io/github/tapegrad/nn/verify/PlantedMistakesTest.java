package io.github.tapegrad.nn.verify;

import static io.github.tapegrad.nn.check.Ref.affine;
import static io.github.tapegrad.nn.check.Ref.row;
import static io.github.tapegrad.nn.check.Ref.sigmoid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.LSTMCell;
import io.github.tapegrad.nn.check.Attribution;
import io.github.tapegrad.nn.check.CellCheck;
import io.github.tapegrad.nn.check.CellCheckReport;
import io.github.tapegrad.nn.check.CellMaker;
import io.github.tapegrad.nn.check.CellReference;
import io.github.tapegrad.nn.check.CheckCase;
import io.github.tapegrad.nn.check.CheckFailure;
import io.github.tapegrad.nn.check.ReferenceMismatch;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deliberately wrong cells, each caught by CellCheck with a reference (or a base cell), shrunk to the
 * smallest case, and attributed: a wrong equation to the step, layer and state tensors it first spoils; a
 * stray detach to the gate block the cell declares. The correct twin passes the same check.
 */
class PlantedMistakesTest {
    static final long SEED = 0x91A7EDL;
    static final CheckCase SMALLEST = new CheckCase(1, 1, 1, 1, 1, 0);

    private static <C extends Cell> CheckFailure caught(CellMaker<C> maker, CellReference reference,
                                                                  String property) {
        CellCheckReport report = CellCheck.of(maker).reference(reference).seed(SEED).run();
        System.out.println(report);
        assertFalse(report.passed(), "the planted mistake was caught");
        CheckFailure f = report.failure();
        assertEquals(property, f.property(), report::toString);
        return f;
    }

    private static void assertShrunkTo(CheckCase expected, CheckCase shrunk) {
        assertEquals(List.of(expected.steps(), expected.batch(), expected.inputSize(), expected.hiddenSize(),
                expected.layers()), List.of(shrunk.steps(), shrunk.batch(), shrunk.inputSize(), shrunk.hiddenSize(),
                shrunk.layers()), shrunk::toString);
    }

    /** A wrong equation: caught by the reference alone, at t = 0 of layer 0 of the smallest case. */
    private static void wrongEquation(CellMaker<?> maker, CellReference reference, List<String> tensors) {
        CheckFailure f = caught(maker, reference, CellCheck.REFERENCE);
        assertShrunkTo(SMALLEST, f.shrunk());
        ReferenceMismatch m = f.reference();
        assertEquals(0, m.step());
        assertEquals(0, m.layer());
        assertEquals(tensors, m.tensors(), m::toString);
        ReferenceMismatch.Entry e = m.first().get(0);
        assertTrue(e.batch() == 0 && e.unit() == 0 && Math.abs(e.actual() - e.expected()) > 1e-6, e::toString);
        assertTrue(f.detail().contains("t=0, layer 0"), f.detail());
    }

    @Test
    void theCorrectTwinPasses() {
        CellCheckReport report = CellCheck.of(PlantedMistakes.OpsLstm::new).reference(CellReferences.LSTM).seed(SEED)
                .check();
        assertTrue(report.properties().contains(CellCheck.REFERENCE), report::toString);
    }

    @Test
    void aFlippedSignIsCaughtInCAndH() {
        wrongEquation(PlantedMistakes.FlippedSignLstm::new, CellReferences.LSTM, List.of("h", "c", "outputs"));
    }

    @Test
    void swappedGatesAreCaughtInCAndH() {
        wrongEquation(PlantedMistakes.SwappedGatesLstm::new, CellReferences.LSTM, List.of("h", "c", "outputs"));
    }

    @Test
    void aMissingTermIsCaught() {
        wrongEquation(PlantedMistakes.MissingBiasLstm::new, CellReferences.LSTM, List.of("h", "c", "outputs"));
    }

    /** The output gate read from the wrong block spoils h' only: c' at t = 0 is right. */
    @Test
    void aWrongSliceIsCaughtInHOnly() {
        wrongEquation(PlantedMistakes.WrongSliceLstm::new, CellReferences.LSTM, List.of("h", "outputs"));
    }

    @Test
    void aGruWithTheResetGateOutsideTheBiasIsCaught() {
        wrongEquation(PlantedMistakes.ResetOutsideBiasGru::new, CellReferences.GRU, List.of("h", "outputs"));
    }

    /**
     * A stray detach leaves the forward right, so the reference passes on every case (it runs first) and the
     * gradient check catches it, attributed to gate g by the cell's own gateBlocks() (no .gates(...)).
     */
    @Test
    void aStrayDetachPassesTheReferenceAndFailsTheGradients() {
        CheckFailure f = caught(PlantedMistakes.StrayDetachLstm::new, CellReferences.LSTM, CellCheck.FIRST_ORDER);
        assertShrunkTo(SMALLEST, f.shrunk());
        Attribution where = f.attribution();
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "x", "h0_l0"), where.tensors());
        where.gates().values().forEach(blocks -> assertEquals(List.of("g"), blocks));
        assertEquals(4, where.gates().size());
    }

    /** CIFG with the coupling forgotten is not the LSTM the map makes of it. */
    @Test
    void anUncoupledCifgFailsTheMappedBase() {
        CellCheckReport report = CellCheck.of(PlantedMistakes.UncoupledCifg::new)
                .reducesTo((in, h, rng) -> new LSTMCell(in, h, DType.FLOAT64, rng), ReducesToMapTest.CIFG_TO_LSTM)
                .seed(SEED).run();
        System.out.println(report);
        CheckFailure f = report.failure();
        assertEquals(CellCheck.MAPPED_BASE, f.property(), report::toString);
        assertShrunkTo(SMALLEST, f.shrunk());
        Attribution where = f.attribution();
        assertTrue(where.tensors().containsAll(List.of("outputs", "h_final_l0", "c_final_l0", "x", "c0_l0")),
                where::toString);
        assertTrue(where.tensors().contains("weight_ih_l0"), "the chain-ruled parameter gradients differ too");
    }

    /** A step index kept in a field is state outside the declared state: a split sequence restarts it. */
    @Test
    void stateKeptOutsideTheStateFailsTheSplit() {
        CellCheckReport report = CellCheck.of(PlantedMistakes.StepCountingRnn::new).seed(SEED).run();
        System.out.println(report);
        CheckFailure f = report.failure();
        assertEquals(CellCheck.SPLIT, f.property(), report::toString);
        assertShrunkTo(new CheckCase(2, 1, 1, 1, 1, 0), f.shrunk());
        assertTrue(f.attribution().tensors().containsAll(List.of("outputs", "h_final_l0")), f.attribution()::toString);
        assertTrue(f.detail().startsWith("split at k=1 of T=2"), f.detail());
    }

    /**
     * What the reference cannot do: written from the same misreading (here, the flipped sign), it agrees with
     * the wrong cell. Only a second source (a base cell, another implementation) can see that.
     */
    @Test
    void aReferenceSharingTheMistakeAgrees() {
        CellReference sameMisreading = (p, x, s) -> {
            int n = p.hiddenSize();
            double[][] wi = p.matrix("weight_ih"), wh = p.matrix("weight_hh");
            double[] bi = p.vector("bias_ih"), bh = p.vector("bias_hh"), h = new double[n], c = new double[n];
            for (int u = 0; u < n; u++) {
                double[] z = new double[4];
                for (int g = 0; g < 4; g++) {
                    z[g] = affine(wi, bi, row(g, u, n), x) + affine(wh, bh, row(g, u, n), s[0]);
                }
                c[u] = sigmoid(z[1]) * s[1][u] - sigmoid(z[0]) * Math.tanh(z[2]);
                h[u] = sigmoid(z[3]) * Math.tanh(c[u]);
            }
            return new double[][] {h, c};
        };
        assertTrue(CellCheck.of(PlantedMistakes.FlippedSignLstm::new).reference(sameMisreading).seed(SEED).cases(4)
                .run().passed());
    }
}
