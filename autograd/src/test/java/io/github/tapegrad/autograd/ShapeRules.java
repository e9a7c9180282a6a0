package io.github.tapegrad.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** How the op table turns a generated {@link OpCase} into input shapes. */
final class ShapeRules {
    private ShapeRules() {
    }

    /** {@code arity} inputs of one shape, rank at least {@code minRank}. */
    static OpSpec.ShapeRule same(int arity, int minRank) {
        return c -> {
            List<Shape> out = new ArrayList<>();
            for (int i = 0; i < arity; i++) out.add(Shape.of(c.dims(minRank)));
            return out;
        };
    }

    static OpSpec.ShapeRule unary(int minRank) {
        return same(1, minRank);
    }

    /**
     * {@code arity} shapes that broadcast together: an output shape, and for operand i that shape with
     * {@code knob(2i) % (rank+1)} leading dims dropped and the dims in the bit set {@code knob(2i+1)} set to 1.
     */
    static OpSpec.ShapeRule broadcasting(int arity) {
        return c -> {
            List<Shape> out = new ArrayList<>();
            for (int i = 0; i < arity; i++) out.add(variant(c.dims(0), c.knob(2 * i), c.knob(2 * i + 1)));
            return out;
        };
    }

    /** {@code full} with some leading dims dropped and some dims set to 1: it broadcasts to {@code full}. */
    static Shape variant(int[] full, int dropKnob, int onesBits) {
        int drop = dropKnob % (full.length + 1);
        int[] d = Arrays.copyOfRange(full, drop, full.length);
        for (int j = 0; j < d.length; j++) {
            if ((onesBits >> j & 1) == 1) d[j] = 1;
        }
        return Shape.of(d);
    }

    /** Shapes for op(A) @ op(B) with m, k, n from the pool and up to {@code maxBatch} broadcast batch dims. */
    static OpSpec.ShapeRule matmul(boolean transA, boolean transB, int maxBatch) {
        return c -> {
            int m = c.size(0), k = c.size(1), n = c.size(2);
            int[] batch = Arrays.copyOfRange(c.sizes(), 3, 3 + Math.min(c.rank(), maxBatch));
            Shape a = withMatrix(variant(batch, c.knob(0), c.knob(1)), transA ? k : m, transA ? m : k);
            Shape b = withMatrix(variant(batch, c.knob(2), c.knob(3)), transB ? n : k, transB ? k : n);
            return List.of(a, b);
        };
    }

    static Shape withMatrix(Shape batch, int rows, int cols) {
        int[] b = batch.toArray();
        int[] d = Arrays.copyOf(b, b.length + 2);
        d[b.length] = rows;
        d[b.length + 1] = cols;
        return Shape.of(d);
    }

    /** x [batch..., in], weight [out, in], and bias [out] when {@code withBias}. */
    /** linear whose "bias" is a full [..., out] addend (e.g. a precomputed input projection). */
    static OpSpec.ShapeRule linearWithAddend() {
        return c -> {
            int in = c.size(0), out = c.size(1);
            int[] batch = Arrays.copyOfRange(c.sizes(), 2, 2 + Math.min(Math.max(c.rank(), 1), 2));
            return List.of(Shape.of(append(batch, in)), Shape.of(out, in), Shape.of(append(batch, out)));
        };
    }

    static OpSpec.ShapeRule linear(boolean withBias) {
        return c -> {
            int in = c.size(0), out = c.size(1);
            int[] batch = Arrays.copyOfRange(c.sizes(), 2, 2 + Math.min(Math.max(c.rank(), 1), 2));
            Shape x = Shape.of(append(batch, in));
            return withBias ? List.of(x, Shape.of(out, in), Shape.of(out)) : List.of(x, Shape.of(out, in));
        };
    }

    /** Two shapes equal except along one axis (knob 0), where the second has size {@code size(5)}. */
    static OpSpec.ShapeRule concatPair() {
        return c -> {
            int[] a = c.dims(1);
            int[] b = a.clone();
            b[c.knob(0) % a.length] = c.size(5);
            return List.of(Shape.of(a), Shape.of(b));
        };
    }

    /** A full shape and a broadcast variant of it: (source, target) for sumTo, (variant, full) for expand. */
    static OpSpec.ShapeRule fullThenVariant(boolean variantFirst) {
        return c -> {
            Shape full = Shape.of(c.dims(0));
            Shape part = variant(c.dims(0), c.knob(0), c.knob(1));
            return variantFirst ? List.of(part, full) : List.of(full, part);
        };
    }

    static int[] append(int[] d, int last) {
        int[] out = Arrays.copyOf(d, d.length + 1);
        out[d.length] = last;
        return out;
    }

    static int[] reversed(int[] d) {
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) out[i] = d[d.length - 1 - i];
        return out;
    }

    /** The first axis where two equal-rank shapes differ, or the last axis. */
    static int firstDifference(Shape a, Shape b) {
        for (int i = 0; i < a.rank(); i++) {
            if (a.dim(i) != b.dim(i)) return i;
        }
        return a.rank() - 1;
    }

    /** LSTM gates [B, 4H] and cell state [B, H]. */
    static OpSpec.ShapeRule lstm() {
        return c -> List.of(Shape.of(c.size(0), 4 * c.size(1)), Shape.of(c.size(0), c.size(1)));
    }

    /** x [..., D] (rank 1 to 4), gamma [D], beta [D]. */
    static OpSpec.ShapeRule layerNorm() {
        return c -> {
            int[] x = c.dims(1);
            int d = x[x.length - 1];
            return List.of(Shape.of(x), Shape.of(d), Shape.of(d));
        };
    }

    /** x [N, in], weight [out, in], bias [out]. */
    static OpSpec.ShapeRule linearSplit() {
        return c -> List.of(Shape.of(c.size(0), c.size(1)), Shape.of(c.size(2), c.size(1)), Shape.of(c.size(2)));
    }
}
