package io.github.tapegrad.nn.zoo;

import static io.github.tapegrad.nn.check.Ref.affine;
import static io.github.tapegrad.nn.check.Ref.dot;
import static io.github.tapegrad.nn.check.Ref.row;
import static io.github.tapegrad.nn.check.Ref.sigmoid;

import io.github.tapegrad.nn.check.CellReference;
import io.github.tapegrad.nn.check.ReferenceParameters;

import java.util.Map;

/**
 * The zoo's equations stated a second time, per element on doubles, from the papers (not from the cells'
 * code), for {@code CellCheck.reference}: Greff et al. 2017 sections II-III for the LSTM family (gate order
 * i, f, g, o as the cells pack them), Zhou et al. 2016 eq. (5) for MGU, Ba et al. 2016 for LayerNorm-LSTM,
 * torch's documentation for the built-ins. Also a starting point for a variant's own reference.
 */
public final class Equations {
    private Equations() {
    }

    /** Gate {@code gate}'s pre-activation at unit u: W_ih x + b_ih + W_hh h + b_hh (row gate·H + u). */
    private static double z(ReferenceParameters p, double[] x, double[] h, int gate, int u) {
        int r = row(gate, u, p.hiddenSize());
        return affine(p.matrix("weight_ih"), p.vector("bias_ih"), r, x)
                + affine(p.matrix("weight_hh"), p.vector("bias_hh"), r, h);
    }

    /** Greff et al.'s V: i, f see c through peepholes, o sees c'. */
    public static final CellReference VANILLA = (p, x, s) -> {
        int n = p.hiddenSize();
        double[] ci = p.vector("weight_ci"), cf = p.vector("weight_cf"), co = p.vector("weight_co");
        double[] h = new double[n], c = new double[n];
        for (int u = 0; u < n; u++) {
            double i = sigmoid(z(p, x, s[0], 0, u) + ci[u] * s[1][u]);
            double f = sigmoid(z(p, x, s[0], 1, u) + cf[u] * s[1][u]);
            c[u] = f * s[1][u] + i * Math.tanh(z(p, x, s[0], 2, u));
            h[u] = sigmoid(z(p, x, s[0], 3, u) + co[u] * c[u]) * Math.tanh(c[u]);
        }
        return new double[][] {h, c};
    };

    /** NIG: i = 1; gates f, g, o. */
    public static final CellReference NIG = (p, x, s) -> {
        int n = p.hiddenSize();
        double[] cf = p.vector("weight_cf"), co = p.vector("weight_co"), h = new double[n], c = new double[n];
        for (int u = 0; u < n; u++) {
            double f = sigmoid(z(p, x, s[0], 0, u) + cf[u] * s[1][u]);
            c[u] = f * s[1][u] + Math.tanh(z(p, x, s[0], 1, u));
            h[u] = sigmoid(z(p, x, s[0], 2, u) + co[u] * c[u]) * Math.tanh(c[u]);
        }
        return new double[][] {h, c};
    };

    /** NFG: f = 1; gates i, g, o. */
    public static final CellReference NFG = (p, x, s) -> {
        int n = p.hiddenSize();
        double[] ci = p.vector("weight_ci"), co = p.vector("weight_co"), h = new double[n], c = new double[n];
        for (int u = 0; u < n; u++) {
            double i = sigmoid(z(p, x, s[0], 0, u) + ci[u] * s[1][u]);
            c[u] = s[1][u] + i * Math.tanh(z(p, x, s[0], 1, u));
            h[u] = sigmoid(z(p, x, s[0], 2, u) + co[u] * c[u]) * Math.tanh(c[u]);
        }
        return new double[][] {h, c};
    };

    /** NOG: o = 1; gates i, f, g. */
    public static final CellReference NOG = (p, x, s) -> {
        int n = p.hiddenSize();
        double[] ci = p.vector("weight_ci"), cf = p.vector("weight_cf"), h = new double[n], c = new double[n];
        for (int u = 0; u < n; u++) {
            double i = sigmoid(z(p, x, s[0], 0, u) + ci[u] * s[1][u]);
            double f = sigmoid(z(p, x, s[0], 1, u) + cf[u] * s[1][u]);
            c[u] = f * s[1][u] + i * Math.tanh(z(p, x, s[0], 2, u));
            h[u] = Math.tanh(c[u]);
        }
        return new double[][] {h, c};
    };

    /** NIAF: the block input is linear, g = W_g x + R_g h + b_g. */
    public static final CellReference NIAF = (p, x, s) -> {
        int n = p.hiddenSize();
        double[] ci = p.vector("weight_ci"), cf = p.vector("weight_cf"), co = p.vector("weight_co");
        double[] h = new double[n], c = new double[n];
        for (int u = 0; u < n; u++) {
            double i = sigmoid(z(p, x, s[0], 0, u) + ci[u] * s[1][u]);
            double f = sigmoid(z(p, x, s[0], 1, u) + cf[u] * s[1][u]);
            c[u] = f * s[1][u] + i * z(p, x, s[0], 2, u);
            h[u] = sigmoid(z(p, x, s[0], 3, u) + co[u] * c[u]) * Math.tanh(c[u]);
        }
        return new double[][] {h, c};
    };

    /** NOAF: h' = o c' (no tanh on the cell state). */
    public static final CellReference NOAF = (p, x, s) -> {
        int n = p.hiddenSize();
        double[] ci = p.vector("weight_ci"), cf = p.vector("weight_cf"), co = p.vector("weight_co");
        double[] h = new double[n], c = new double[n];
        for (int u = 0; u < n; u++) {
            double i = sigmoid(z(p, x, s[0], 0, u) + ci[u] * s[1][u]);
            double f = sigmoid(z(p, x, s[0], 1, u) + cf[u] * s[1][u]);
            c[u] = f * s[1][u] + i * Math.tanh(z(p, x, s[0], 2, u));
            h[u] = sigmoid(z(p, x, s[0], 3, u) + co[u] * c[u]) * c[u];
        }
        return new double[][] {h, c};
    };

    /** CIFG: f = 1 − i; gates i, g, o. */
    public static final CellReference CIFG = (p, x, s) -> {
        int n = p.hiddenSize();
        double[] ci = p.vector("weight_ci"), co = p.vector("weight_co"), h = new double[n], c = new double[n];
        for (int u = 0; u < n; u++) {
            double i = sigmoid(z(p, x, s[0], 0, u) + ci[u] * s[1][u]);
            c[u] = (1 - i) * s[1][u] + i * Math.tanh(z(p, x, s[0], 1, u));
            h[u] = sigmoid(z(p, x, s[0], 2, u) + co[u] * c[u]) * Math.tanh(c[u]);
        }
        return new double[][] {h, c};
    };

    /** FGR: i, f, o also read R_gg [i, f, o](t − 1), carried in the state (h, c, i, f, o). */
    public static final CellReference FGR = (p, x, s) -> {
        int n = p.hiddenSize();
        double[] ci = p.vector("weight_ci"), cf = p.vector("weight_cf"), co = p.vector("weight_co");
        double[][] rgg = p.matrix("weight_gg");
        double[] prev = new double[3 * n];
        for (int k = 0; k < 3; k++) {
            System.arraycopy(s[2 + k], 0, prev, k * n, n);
        }
        double[] h = new double[n], c = new double[n], gi = new double[n], gf = new double[n], go = new double[n];
        for (int u = 0; u < n; u++) {
            gi[u] = sigmoid(z(p, x, s[0], 0, u) + dot(rgg[u], prev) + ci[u] * s[1][u]);
            gf[u] = sigmoid(z(p, x, s[0], 1, u) + dot(rgg[n + u], prev) + cf[u] * s[1][u]);
            c[u] = gf[u] * s[1][u] + gi[u] * Math.tanh(z(p, x, s[0], 2, u));
            go[u] = sigmoid(z(p, x, s[0], 3, u) + dot(rgg[2 * n + u], prev) + co[u] * c[u]);
            h[u] = go[u] * Math.tanh(c[u]);
        }
        return new double[][] {h, c, gi, gf, go};
    };

    /** MGU: f = σ(W_f x + U_f h + b_f); h̃ = tanh(W_h x + U_h (f h) + b_h); h' = (1 − f) h + f h̃. */
    public static final CellReference MGU = (p, x, s) -> {
        int n = p.hiddenSize();
        double[][] w = p.matrix("weight_ih"), uf = p.matrix("weight_hf"), uh = p.matrix("weight_hn");
        double[] b = p.vector("bias_ih"), f = new double[n], fh = new double[n], h = new double[n];
        for (int u = 0; u < n; u++) {
            f[u] = sigmoid(affine(w, b, row(0, u, n), x) + dot(uf[u], s[0]));
            fh[u] = f[u] * s[0][u];
        }
        for (int u = 0; u < n; u++) {
            double candidate = Math.tanh(affine(w, b, row(1, u, n), x) + dot(uh[u], fh));
            h[u] = (1 - f[u]) * s[0][u] + f[u] * candidate;
        }
        return new double[][] {h};
    };

    /** LN(v; α, β) over all of v: (v − mean) / sqrt(var + ε) α + β, biased variance. */
    private static double[] layerNorm(double[] v, double[] gain, double[] shift) {
        double mean = 0;
        for (double e : v) {
            mean += e / v.length;
        }
        double var = 0;
        for (double e : v) {
            var += (e - mean) * (e - mean) / v.length;
        }
        double[] out = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            out[k] = (v[k] - mean) / Math.sqrt(var + LayerNormLSTMCell.EPS) * gain[k] + shift[k];
        }
        return out;
    }

    /** LayerNorm-LSTM: gates = LN(W_hh h) + LN(W_ih x) + b; h' = σ(o) tanh(LN(c')). */
    public static final CellReference LNLSTM = (p, x, s) -> {
        int n = p.hiddenSize();
        double[][] wi = p.matrix("weight_ih"), wh = p.matrix("weight_hh");
        double[] xs = new double[4 * n], hs = new double[4 * n];
        for (int r = 0; r < 4 * n; r++) {
            xs[r] = dot(wi[r], x);
            hs[r] = dot(wh[r], s[0]);
        }
        double[] lx = layerNorm(xs, p.vector("ln_ih_weight"), p.vector("ln_ih_bias"));
        double[] lh = layerNorm(hs, p.vector("ln_hh_weight"), p.vector("ln_hh_bias"));
        double[] b = p.vector("bias"), z = new double[4 * n], c = new double[n], h = new double[n];
        for (int r = 0; r < 4 * n; r++) {
            z[r] = lh[r] + lx[r] + b[r];
        }
        for (int u = 0; u < n; u++) {
            c[u] = sigmoid(z[n + u]) * s[1][u] + sigmoid(z[u]) * Math.tanh(z[2 * n + u]);
        }
        double[] lc = layerNorm(c, p.vector("ln_c_weight"), p.vector("ln_c_bias"));
        for (int u = 0; u < n; u++) {
            h[u] = sigmoid(z[3 * n + u]) * Math.tanh(lc[u]);
        }
        return new double[][] {h, c};
    };

    /** torch.nn.LSTMCell. */
    public static final CellReference LSTM = (p, x, s) -> {
        int n = p.hiddenSize();
        double[] h = new double[n], c = new double[n];
        for (int u = 0; u < n; u++) {
            c[u] = sigmoid(z(p, x, s[0], 1, u)) * s[1][u] + sigmoid(z(p, x, s[0], 0, u)) * Math.tanh(z(p, x, s[0], 2, u));
            h[u] = sigmoid(z(p, x, s[0], 3, u)) * Math.tanh(c[u]);
        }
        return new double[][] {h, c};
    };

    /** torch.nn.GRUCell: r multiplies W_hn h + b_hn. */
    public static final CellReference GRU = (p, x, s) -> {
        int n = p.hiddenSize();
        double[][] wi = p.matrix("weight_ih"), wh = p.matrix("weight_hh");
        double[] bi = p.vector("bias_ih"), bh = p.vector("bias_hh"), h = new double[n];
        for (int u = 0; u < n; u++) {
            double r = sigmoid(z(p, x, s[0], 0, u));
            double up = sigmoid(z(p, x, s[0], 1, u));
            double cand = Math.tanh(affine(wi, bi, row(2, u, n), x) + r * affine(wh, bh, row(2, u, n), s[0]));
            h[u] = (1 - up) * cand + up * s[0][u];
        }
        return new double[][] {h};
    };

    /** torch.nn.RNNCell with tanh or relu. */
    public static CellReference rnn(boolean relu) {
        return (p, x, s) -> {
            double[] h = new double[p.hiddenSize()];
            for (int u = 0; u < h.length; u++) {
                double a = z(p, x, s[0], 0, u);
                h[u] = relu ? Math.max(0, a) : Math.tanh(a);
            }
            return new double[][] {h};
        };
    }

    /** The reference of every name in {@code Cells.names()}. */
    public static final Map<String, CellReference> BY_NAME = Map.ofEntries(
            Map.entry("lstm", LSTM), Map.entry("np", LSTM), Map.entry("gru", GRU), Map.entry("rnn", rnn(false)),
            Map.entry("rnn-relu", rnn(true)), Map.entry("vanilla", VANILLA), Map.entry("nig", NIG),
            Map.entry("nfg", NFG), Map.entry("nog", NOG), Map.entry("niaf", NIAF), Map.entry("noaf", NOAF),
            Map.entry("cifg", CIFG), Map.entry("fgr", FGR), Map.entry("mgu", MGU), Map.entry("lnlstm", LNLSTM));
}
