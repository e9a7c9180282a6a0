package io.github.tapegrad.examples.customcell;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.check.CellCheck;
import io.github.tapegrad.nn.check.CellCheckReport;
import io.github.tapegrad.nn.check.CellReference;
import io.github.tapegrad.nn.check.Ref;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example's cell, as the recipe asks: CellCheck with its equations stated again, and proof that they can fail. */
class JanetCellTest {

    private static CellCheck check() {
        return CellCheck.of((in, h, rng) -> new JanetCell(CellConfig.of(in, h).dtype(DType.FLOAT64).rng(rng)));
    }

    @Test
    void gradientsAndForwardMatchThePapersEquations() {
        CellCheckReport report = check().reference(JanetReference.EQUATIONS).check();
        assertTrue(report.properties().contains(CellCheck.REFERENCE), report.toString());
    }

    /** A misreading of the paper, the input gate 1 − σ(s) without the shift β, is caught and shrunk. */
    @Test
    void aReferenceWithoutTheShiftDisagrees() {
        CellReference unshifted = (p, x, state) -> {
            int n = p.hiddenSize();
            double[] next = new double[n];
            for (int u = 0; u < n; u++) {
                double s = Ref.affine(p.matrix("weight_ih"), p.vector("bias_ih"), Ref.row(0, u, n), x)
                        + Ref.affine(p.matrix("weight_hh"), p.vector("bias_hh"), Ref.row(0, u, n), state[0]);
                double c = Math.tanh(Ref.affine(p.matrix("weight_ih"), p.vector("bias_ih"), Ref.row(1, u, n), x)
                        + Ref.affine(p.matrix("weight_hh"), p.vector("bias_hh"), Ref.row(1, u, n), state[0]));
                next[u] = Ref.sigmoid(s) * state[0][u] + (1 - Ref.sigmoid(s)) * c;
            }
            return new double[][] {next};
        };
        CellCheckReport report = check().reference(unshifted).run();
        assertFalse(report.passed(), report.toString());
        assertEquals(CellCheck.REFERENCE, report.failure().property(), report.toString());
        assertEquals(1, report.failure().shrunk().hiddenSize(), report.toString());
    }
}
