package io.github.tapegrad.autograd;

/**
 * The bodies of the in-place ops ({@code copy_}, {@code add_}, {@code mul_}, {@code zero_}), through the
 * target's strides, so they work on views too. A dense target (an optimizer's parameter) takes one flat
 * loop. A broadcast view repeats storage positions; each is written once, as if through the view's base
 * (its repeated dimensions taken at index 0), so {@code mul_} scales each value once.
 */
final class InPlace {
    private InPlace() {
    }

    /** In-place ops are for optimizers: leaves, with recording off for those that require grad. */
    static void check(String op, Tensor t) {
        if (t.node() != null || (t.requiresGrad() && Grad.isEnabled())) {
            throw Errors.op(op, "in-place update of a tensor in a graph; run it on a leaf inside Grad.off()", t);
        }
    }

    /** this := src (same shape and dtype). */
    static Tensor copy_(Tensor dst, Tensor src) {
        check("copy_", dst);
        if (!src.shape().equals(dst.shape()) || src.dtype() != dst.dtype()) {
            throw Errors.op("copy_", "shape and dtype must match", dst, src);
        }
        dst.storage.bump();
        copy(dst, src);
        return dst;
    }

    static Tensor add_(Tensor dst, Tensor other, double alpha) {
        check("add_", dst);
        Errors.sameDType("add_", dst, other);
        if (!other.shape().broadcastsTo(dst.shape())) {
            throw Errors.op("add_", "cannot broadcast the operand to the target", dst, other);
        }
        dst.storage.bump();
        add(dst, other, alpha);
        return dst;
    }

    /** dst := dst · factor, or dst := 0 (NaN and Inf included) for zero_. */
    static Tensor mul_(Tensor dst, double factor, String op) {
        check(op, dst);
        dst.storage.bump();
        scale(dst, factor, op.equals("zero_"));
        return dst;
    }

    static void copy(Tensor dst, Tensor src) {
        if (src.storage == dst.storage) {
            src = Shaping.copyOut(src, src.dtype()); // overlapping reads and writes: read a snapshot
        }
        if (dst.isDense()) {
            Tensor c = Shaping.contiguous(src);
            c.storage.convertInto(c.offset, dst.storage, 0, dst.numel());
            return;
        }
        Tensor[] ws = unique(dst, src);
        Tensor w = ws[0];
        Tensor s = ws[1];
        for (int i = 0, n = w.numel(); i < n; i++) {
            w.storage.set(w.position(i), s.storage.get(s.position(i)));
        }
    }

    /** dst += alpha * other, other broadcast to dst's shape. */
    static void add(Tensor dst, Tensor other, double alpha) {
        Tensor o = Shaping.broadcastView(other, dst.shape());
        if (o.storage == dst.storage) {
            o = Shaping.broadcastView(Shaping.copyOut(other, other.dtype()), dst.shape());
        }
        if (dst.isDense()) {
            Tensor c = Shaping.contiguous(o);
            dst.storage.axpy(0, dst.numel(), alpha, c.storage, c.offset);
            return;
        }
        Tensor[] ws = unique(dst, o);
        Tensor w = ws[0];
        Tensor s = ws[1];
        for (int i = 0, n = w.numel(); i < n; i++) {
            int p = w.position(i);
            w.storage.set(p, w.storage.get(p) + alpha * s.storage.get(s.position(i)));
        }
    }

    /** dst *= factor, or dst := 0 when {@code zero} (NaN and Inf included). */
    private static void scale(Tensor dst, double factor, boolean zero) {
        if (dst.isDense()) {
            if (zero) dst.storage.fill(0.0); else dst.storage.scale(0, dst.numel(), factor);
            return;
        }
        Tensor w = unique(dst, dst)[0];
        for (int i = 0, n = w.numel(); i < n; i++) {
            int p = w.position(i);
            w.storage.set(p, zero ? 0.0 : w.storage.get(p) * factor);
        }
    }

    /** dst and src restricted to index 0 along every dimension dst repeats (stride 0, size above 1). */
    private static Tensor[] unique(Tensor dst, Tensor src) {
        int[] dims = dst.shape().toArray();
        boolean repeats = false;
        for (int i = 0; i < dims.length; i++) {
            if (dst.strides[i] == 0 && dims[i] > 1) {
                dims[i] = 1;
                repeats = true;
            }
        }
        if (!repeats) {
            return new Tensor[] {dst, src};
        }
        Shape s = Shape.of(dims);
        return new Tensor[] {dst.view(s, dst.offset, dst.strides), src.view(s, src.offset, src.strides)};
    }
}
