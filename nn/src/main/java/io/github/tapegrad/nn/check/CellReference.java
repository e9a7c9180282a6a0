package io.github.tapegrad.nn.check;

/**
 * A cell's equations written a second time, per element on plain doubles as a paper writes them (no
 * tensors, no autograd), for {@link CellCheck#reference}: the check runs it beside the cell on every case
 * and compares outputs and states step by step. For an LSTM (torch's packing i, f, g, o):
 * <pre>{@code
 * (p, x, s) -> {
 *     int n = p.hiddenSize();
 *     double[][] wi = p.matrix("weight_ih"), wh = p.matrix("weight_hh");
 *     double[] bi = p.vector("bias_ih"), bh = p.vector("bias_hh"), h = new double[n], c = new double[n];
 *     for (int u = 0; u < n; u++) {
 *         double[] z = new double[4]; // i, f, g, o
 *         for (int g = 0; g < 4; g++) {
 *             int r = Ref.row(g, u, n);
 *             z[g] = Ref.affine(wi, bi, r, x) + Ref.affine(wh, bh, r, s[0]);
 *         }
 *         c[u] = Ref.sigmoid(z[1]) * s[1][u] + Ref.sigmoid(z[0]) * Math.tanh(z[2]);
 *         h[u] = Ref.sigmoid(z[3]) * Math.tanh(c[u]);
 *     }
 *     return new double[][] {h, c};
 * }
 * }</pre>
 * A reference is only as right as its author's reading of the paper: written from the same misreading as
 * the cell, it agrees with the wrong cell.
 */
@FunctionalInterface
public interface CellReference {
    /**
     * One step of one sequence.
     *
     * @param p this layer's parameters by local name ({@code weight_ih}, not {@code weight_ih_l0})
     * @param x this step's input [inputSize] (for layer l > 0, the reference's own outputs of layer l - 1)
     * @param state state[k] [H] per state tensor, in the cell's order (h first); the reference may modify it
     * @return the next state, same layout
     */
    double[][] step(ReferenceParameters p, double[] x, double[][] state);
}
