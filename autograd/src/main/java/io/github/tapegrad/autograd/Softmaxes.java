package io.github.tapegrad.autograd;

/** softmax and log-softmax are primitives for numerical stability (max subtracted before exp). */
final class Softmaxes {
    private Softmaxes() {
    }

    static Tensor softmax(Tensor x, int dim, boolean log) {
        String name = log ? "logSoftmax" : "softmax";
        int a = Shaping.axis(name, x, dim);
        Tensor y = Tensor.empty(x.shape(), x.dtype());
        int outer = x.shape().numel(0, a);
        int n = x.shape().dim(a);
        int inner = x.shape().numel(a + 1, x.rank());
        Shaping.dense(x).storage.softmax(y.storage, outer, n, inner, log);
        int[] axis = {a};
        if (log) {
            // dx = g - softmax(x) * sum(g)
            return Tape.record(name, y, Saves.OUTPUT, g -> new Tensor[] {g.sub(y.exp().mul(g.sum(axis, true)))}, x);
        }
        // dx = y * (g - sum(g * y))
        return Tape.record(name, y, Saves.OUTPUT, g -> new Tensor[] {y.mul(g.sub(g.mul(y).sum(axis, true)))}, x);
    }
}
