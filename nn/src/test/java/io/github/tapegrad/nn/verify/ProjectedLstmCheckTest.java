package io.github.tapegrad.nn.verify;

import static io.github.tapegrad.nn.check.Ref.affine;
import static io.github.tapegrad.nn.check.Ref.dot;
import static io.github.tapegrad.nn.check.Ref.row;
import static io.github.tapegrad.nn.check.Ref.sigmoid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.autograd.check.GradCheck;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.LSTM;
import io.github.tapegrad.nn.LSTMCell;
import io.github.tapegrad.nn.Recurrent;
import io.github.tapegrad.nn.check.CellCheck;
import io.github.tapegrad.nn.check.CellCheckReport;
import io.github.tapegrad.nn.check.CellMaker;
import io.github.tapegrad.nn.check.CellReference;
import io.github.tapegrad.nn.check.GateBlocks;
import io.github.tapegrad.nn.check.GradientDiff;
import io.github.tapegrad.nn.check.RecurrentProblem;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;

/**
 * The projected LSTM (torch.nn.LSTM's proj_size) through CellCheck: its forward against LSTMP's equations per
 * element, gradients against central differences, batch invariance, T = 0, a split sequence, second order, a
 * bidirectional variable-length stack; and a fixed-length bidirectional projected stack's gradients with every
 * parameter and initial state named.
 */
class ProjectedLstmCheckTest {
    static final long SEED = 0x9A0FL;

    /**
     * LSTMP (Sak et al. 2014; torch's proj_size), gates i, f, g, o: z = W_ih x + b_ih + W_hh h + b_hh with h of
     * P entries; c' = σ(f) c + σ(i) tanh(g); h' = W_hr (σ(o) tanh(c')), W_hr [P, H]. Without weight_hr, the LSTM.
     */
    static final CellReference LSTMP = (p, x, s) -> {
        int n = p.hiddenSize();
        double[][] wi = p.matrix("weight_ih"), wh = p.matrix("weight_hh");
        double[][] wr = p.names().contains("weight_hr") ? p.matrix("weight_hr") : null;
        double[] bi = p.vector("bias_ih"), bh = p.vector("bias_hh"), m = new double[n], c = new double[n];
        for (int u = 0; u < n; u++) {
            double[] z = new double[4];
            for (int g = 0; g < 4; g++) {
                z[g] = affine(wi, bi, row(g, u, n), x) + affine(wh, bh, row(g, u, n), s[0]);
            }
            c[u] = sigmoid(z[1]) * s[1][u] + sigmoid(z[0]) * Math.tanh(z[2]);
            m[u] = sigmoid(z[3]) * Math.tanh(c[u]);
        }
        if (wr == null) {
            return new double[][] {m, c};
        }
        double[] h = new double[wr.length];
        for (int k = 0; k < h.length; k++) {
            h[k] = dot(wr[k], m);
        }
        return new double[][] {h, c};
    };

    /**
     * Projected LSTM cells with P = {@code proj}(H). CellCheck's cases have H from 1, where no P fits (0 &lt; P &lt; H):
     * there the maker makes the unprojected LSTM, which the reference also covers.
     */
    private static CellMaker<LSTMCell> projected(IntUnaryOperator proj) {
        return (in, h, rng) -> new LSTMCell(CellConfig.of(in, h).projSize(h > 1 ? proj.applyAsInt(h) : 0)
                .dtype(DType.FLOAT64).rng(rng));
    }

    private static void passes(CellCheckReport report) {
        System.out.println(report);
        assertTrue(report.passed(), report::toString);
        assertTrue(report.properties().contains(CellCheck.REFERENCE), report::toString);
        assertTrue(report.properties().contains(CellCheck.SECOND_ORDER), report::toString);
        assertTrue(report.properties().contains(CellCheck.SEQUENCES), "projected cells stacked bidirectionally");
        assertTrue(report.cases().stream().anyMatch(c -> c.layers() == 2 && c.hiddenSize() > 1),
                "a 2-layer projected stack: layer 1 reads P features");
    }

    @Test
    void projectionToHMinusOnePassesEveryProperty() {
        passes(CellCheck.of(projected(h -> h - 1)).reference(LSTMP).maxHiddenSize(5).seed(SEED).cases(10).check());
    }

    @Test
    void projectionToOnePassesEveryProperty() {
        passes(CellCheck.of(projected(h -> 1)).reference(LSTMP).maxHiddenSize(5).seed(SEED + 1).cases(10).check());
    }

    /** The reference sees a projection left out: W_hr applied to c instead of o ⊙ tanh(c) is reported. */
    @Test
    void theReferenceSeesAWrongProjection() {
        CellReference wrong = (p, x, s) -> {
            double[][] next = LSTMP.step(p, x, s.clone());
            if (p.names().contains("weight_hr")) {
                double[][] wr = p.matrix("weight_hr");
                for (int k = 0; k < wr.length; k++) {
                    next[0][k] = dot(wr[k], next[1]);
                }
            }
            return next;
        };
        CellCheckReport report = CellCheck.of(projected(h -> h - 1)).reference(wrong).maxHiddenSize(3).seed(SEED)
                .cases(3).secondOrder(false).run();
        assertTrue(!report.passed() && report.failure().property().equals(CellCheck.REFERENCE), report::toString);
        assertEquals(2, report.failure().shrunk().hiddenSize(), "shrinks to the smallest H with a projection");
    }

    @Test
    void aBidirectionalProjectedStackHasCentralDifferenceGradients() {
        LSTM net = new LSTM(Recurrent.options(2, 3).projSize(2).layers(2).bidirectional(true).dtype(DType.FLOAT64)
                .rng(new SplittableRandom(7)));
        RecurrentProblem p = RecurrentProblem.generate(net, 3, 2, new SplittableRandom(8));
        Map<String, Tensor> analytical = p.gradients();
        GradientDiff diff = GradientDiff.compare(analytical, p.numericalGradients(1e-6), GradCheck.Tolerance.DEFAULT,
                GateBlocks.declared(net));
        assertTrue(diff.agrees(), diff::toString);
        assertTrue(analytical.containsKey("weight_hr_l1_reverse") && analytical.containsKey("h0_l1_reverse"),
                analytical.keySet()::toString);
        assertEquals(2, analytical.get("h0_l1_reverse").dim(1), "h states are P wide");
        assertEquals(3, analytical.get("c0_l1_reverse").dim(1), "c states are H wide");
    }
}
