package io.github.tapegrad.nn.verify;

import static io.github.tapegrad.nn.check.Ref.affine;
import static io.github.tapegrad.nn.check.Ref.row;
import static io.github.tapegrad.nn.check.Ref.sigmoid;

import io.github.tapegrad.nn.check.CellReference;

/**
 * The cells' equations written again per element, as the papers (and torch's docs) write them, in torch's
 * packing: {@code weight_ih} [G·H, I], {@code weight_hh} [G·H, H], {@code bias_ih}, {@code bias_hh} [G·H].
 */
final class CellReferences {

    private CellReferences() {
    }

    /** LSTM, gates i, f, g, o: c' = σ(f) c + σ(i) tanh(g); h' = σ(o) tanh(c'). */
    static final CellReference LSTM = (p, x, s) -> {
        int n = p.hiddenSize();
        double[][] wi = p.matrix("weight_ih"), wh = p.matrix("weight_hh");
        double[] bi = p.vector("bias_ih"), bh = p.vector("bias_hh"), h = new double[n], c = new double[n];
        for (int u = 0; u < n; u++) {
            double[] z = new double[4]; // i, f, g, o
            for (int g = 0; g < 4; g++) {
                z[g] = affine(wi, bi, row(g, u, n), x) + affine(wh, bh, row(g, u, n), s[0]);
            }
            c[u] = sigmoid(z[1]) * s[1][u] + sigmoid(z[0]) * Math.tanh(z[2]);
            h[u] = sigmoid(z[3]) * Math.tanh(c[u]);
        }
        return new double[][] {h, c};
    };

    /** GRU, gates r, z, n: n = tanh(W_in x + b_in + r (W_hn h + b_hn)); h' = (1 − z) n + z h. */
    static final CellReference GRU = (p, x, s) -> {
        int n = p.hiddenSize();
        double[][] wi = p.matrix("weight_ih"), wh = p.matrix("weight_hh");
        double[] bi = p.vector("bias_ih"), bh = p.vector("bias_hh"), h = new double[n];
        for (int u = 0; u < n; u++) {
            double r = sigmoid(affine(wi, bi, row(0, u, n), x) + affine(wh, bh, row(0, u, n), s[0]));
            double z = sigmoid(affine(wi, bi, row(1, u, n), x) + affine(wh, bh, row(1, u, n), s[0]));
            double candidate = Math.tanh(affine(wi, bi, row(2, u, n), x) + r * affine(wh, bh, row(2, u, n), s[0]));
            h[u] = (1 - z) * candidate + z * s[0][u];
        }
        return new double[][] {h};
    };

    /** Elman RNN: h' = tanh(W_ih x + b_ih + W_hh h + b_hh). */
    static final CellReference RNN_TANH = (p, x, s) -> {
        int n = p.hiddenSize();
        double[][] wi = p.matrix("weight_ih"), wh = p.matrix("weight_hh");
        double[] bi = p.vector("bias_ih"), bh = p.vector("bias_hh"), h = new double[n];
        for (int u = 0; u < n; u++) {
            h[u] = Math.tanh(affine(wi, bi, u, x) + affine(wh, bh, u, s[0]));
        }
        return new double[][] {h};
    };

    /** Peephole LSTM (Gers and Schmidhuber 2000): i, f see c; o sees c'. */
    static final CellReference PEEPHOLE_LSTM = (p, x, s) -> {
        int n = p.hiddenSize();
        double[][] wi = p.matrix("weight_ih"), wh = p.matrix("weight_hh");
        double[] bi = p.vector("bias_ih"), bh = p.vector("bias_hh"), h = new double[n], c = new double[n];
        double[] ci = p.vector("weight_ci"), cf = p.vector("weight_cf"), co = p.vector("weight_co");
        for (int u = 0; u < n; u++) {
            double[] z = new double[4];
            for (int g = 0; g < 4; g++) {
                z[g] = affine(wi, bi, row(g, u, n), x) + affine(wh, bh, row(g, u, n), s[0]);
            }
            c[u] = sigmoid(z[1] + cf[u] * s[1][u]) * s[1][u] + sigmoid(z[0] + ci[u] * s[1][u]) * Math.tanh(z[2]);
            h[u] = sigmoid(z[3] + co[u] * c[u]) * Math.tanh(c[u]);
        }
        return new double[][] {h, c};
    };

    /** Coupled input and forget gates (CIFG), gates i, g, o: c' = (1 − σ(i)) c + σ(i) tanh(g); h' = σ(o) tanh(c'). */
    static final CellReference CIFG = (p, x, s) -> {
        int n = p.hiddenSize();
        double[][] wi = p.matrix("weight_ih"), wh = p.matrix("weight_hh");
        double[] bi = p.vector("bias_ih"), bh = p.vector("bias_hh"), h = new double[n], c = new double[n];
        for (int u = 0; u < n; u++) {
            double[] z = new double[3]; // i, g, o
            for (int g = 0; g < 3; g++) {
                z[g] = affine(wi, bi, row(g, u, n), x) + affine(wh, bh, row(g, u, n), s[0]);
            }
            double i = sigmoid(z[0]);
            c[u] = (1 - i) * s[1][u] + i * Math.tanh(z[1]);
            h[u] = sigmoid(z[2]) * Math.tanh(c[u]);
        }
        return new double[][] {h, c};
    };
}
