package io.github.tapegrad.examples.customcell;

import io.github.tapegrad.nn.check.CellReference;
import io.github.tapegrad.nn.check.Ref;

/**
 * {@link JanetCell}'s equations written a second time, per element on plain doubles as the paper writes them, for
 * {@code CellCheck.reference}: the check runs them beside the cell and compares every output and state. Gate blocks
 * as the cell packs them: f (block 0), then the candidate c (block 1).
 */
final class JanetReference {
    private JanetReference() {
    }

    /** s = W_f x + U_f h + b_f, c̃ = tanh(W_c x + U_c h + b_c), h' = σ(s) h + (1 − σ(s − β)) c̃, per unit. */
    static final CellReference EQUATIONS = (p, x, state) -> {
        int n = p.hiddenSize();
        double[][] wi = p.matrix("weight_ih");
        double[][] wh = p.matrix("weight_hh");
        double[] bi = p.vector("bias_ih");
        double[] bh = p.vector("bias_hh");
        double[] h = state[0];
        double[] next = new double[n];
        for (int u = 0; u < n; u++) {
            int f = Ref.row(0, u, n);
            int c = Ref.row(1, u, n);
            double s = Ref.affine(wi, bi, f, x) + Ref.affine(wh, bh, f, h);
            double candidate = Math.tanh(Ref.affine(wi, bi, c, x) + Ref.affine(wh, bh, c, h));
            next[u] = Ref.sigmoid(s) * h[u] + (1 - Ref.sigmoid(s - JanetCell.BETA)) * candidate;
        }
        return new double[][] {next};
    };
}
