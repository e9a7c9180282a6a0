package io.github.tapegrad.autograd;

import io.github.tapegrad.autograd.kernels.Copy;

/** indexSelect / indexAdd and gather / scatterAdd: two adjoint pairs, each the other's derivative. */
final class Indexing {
    private Indexing() {
    }

    static Tensor indexSelect(Tensor x, int dim, Indices idx) {
        int a = Shaping.axis("indexSelect", x, dim);
        if (idx.shape().rank() != 1) {
            throw Errors.op("indexSelect", "indices must be 1-D, got " + idx.shape(), x);
        }
        int size = x.shape().dim(a);
        idx.checkRange("indexSelect", size, x, a);
        Tensor y = Tensor.empty(x.shape().with("indexSelect", a, idx.numel()), x.dtype());
        Copy.indexSelect(Shaping.dense(x).data(), size, idx.raw(), y.data(), x.shape().numel(0, a), x.shape().numel(a + 1, x.rank()));
        return Tape.record("indexSelect", y, g -> new Tensor[] {indexAdd(g, a, idx, size)}, x);
    }

    /** A zero tensor of {@code size} along {@code dim} with src's rows added at the indices. */
    static Tensor indexAdd(Tensor src, int dim, Indices idx, int size) {
        int a = Shaping.axis("indexAdd", src, dim);
        Tensor y = Tensor.zeros(src.shape().with(a, size), src.dtype());
        Copy.indexAdd(Shaping.dense(src).data(), idx.raw(), y.data(), size, src.shape().numel(0, a), src.shape().numel(a + 1, src.rank()));
        return Tape.record("indexAdd", y, g -> new Tensor[] {g.indexSelect(a, idx)}, src);
    }

    static Tensor gather(Tensor x, int dim, Indices idx) {
        int a = Shaping.axis("gather", x, dim);
        if (idx.shape().rank() != x.rank() || !idx.shape().with(a, 1).equals(x.shape().with(a, 1))) {
            throw Errors.op("gather", "index shape " + idx.shape() + " must equal the input's outside dimension " + dim, x);
        }
        int size = x.shape().dim(a);
        idx.checkRange("gather", size, x, a);
        Tensor y = Tensor.empty(idx.shape(), x.dtype());
        Copy.gather(Shaping.dense(x).data(), size, idx.raw(), y.data(), x.shape().numel(0, a), idx.shape().dim(a),
                x.shape().numel(a + 1, x.rank()), false);
        Shape xs = x.shape();
        return Tape.record("gather", y, g -> new Tensor[] {scatterAdd(g, a, idx, xs)}, x);
    }

    /** A zero tensor of {@code shape} with src added at the gathered positions. */
    static Tensor scatterAdd(Tensor src, int a, Indices idx, Shape shape) {
        Tensor y = Tensor.zeros(shape, src.dtype());
        Copy.gather(y.data(), shape.dim(a), idx.raw(), Shaping.dense(src).data(), shape.numel(0, a), idx.shape().dim(a),
                shape.numel(a + 1, shape.rank()), true);
        return Tape.record("scatterAdd", y, g -> new Tensor[] {g.gather(a, idx)}, src);
    }

    static Tensor oneHot(Indices idx, int classes, DType dtype) {
        if (classes <= 0) {
            throw new IllegalArgumentException("oneHot: numClasses must be positive, got " + classes);
        }
        int[] dims = java.util.Arrays.copyOf(idx.shape().toArray(), idx.shape().rank() + 1);
        dims[dims.length - 1] = classes;
        Tensor y = Tensor.zeros(Shape.of("oneHot", dims), dtype);
        for (int i = 0; i < idx.numel(); i++) {
            int c = idx.get(i);
            if (c < 0 || c >= classes) {
                throw new IllegalArgumentException("oneHot: class " + c + " out of range for " + classes + " classes");
            }
            y.storage.set(i * classes + c, 1.0);
        }
        return y;
    }
}
