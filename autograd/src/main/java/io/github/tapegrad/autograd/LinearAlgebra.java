package io.github.tapegrad.autograd;

import io.github.tapegrad.autograd.kernels.Broadcast;
import io.github.tapegrad.autograd.kernels.Copy;

/**
 * Matrix product op(A)·op(B) over the last two dims, with NumPy-broadcast batch dims. The transpose
 * flags go to the kernel, so backward's A·Bᵀ and Aᵀ·B never materialise a transpose.
 */
final class LinearAlgebra {
    private LinearAlgebra() {
    }

    /** x · weightᵀ + bias (bias null, [out], or anything broadcasting to the output: the GEMM's start). */
    static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (x.dtype() != weight.dtype() || (bias != null && bias.dtype() != x.dtype())) {
            Errors.sameDType("linear", operands(x, weight, bias));
        }
        if (x.rank() < 2 || weight.rank() != 2 || x.dim(-1) != weight.dim(1)) {
            throw Errors.op("linear", "needs x [..., in], weight [out, in] and bias [out]", operands(x, weight, bias));
        }
        return matmul("linear", x, weight, false, true, bias); // which checks that the bias broadcasts to the output
    }

    private static Tensor[] operands(Tensor x, Tensor weight, Tensor bias) {
        return bias == null ? new Tensor[] {x, weight} : new Tensor[] {x, weight, bias};
    }

    static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        return matmul("matmul", a, b, transA, transB, null);
    }

    /**
     * addend + op(A)·op(B): the addend (a bias row, or a precomputed input projection) broadcasts to the
     * result and is written first, so the GEMM accumulates onto it with no extra pass or buffer. Errors name
     * {@code name} (linear or matmul). Matrices (the common case) make no shape arrays beyond the result's.
     */
    static Tensor matmul(String name, Tensor a, Tensor b, boolean transA, boolean transB, Tensor addend) {
        if (a.dtype() != b.dtype()) {
            Errors.sameDType(name, a, b);
        }
        if (a.rank() < 2 || b.rank() < 2) {
            throw Errors.op(name, "both operands need rank >= 2", a, b);
        }
        int m = a.shape().dim(transA ? -1 : -2);
        int k = a.shape().dim(transA ? -2 : -1);
        int k2 = b.shape().dim(transB ? -1 : -2);
        int n = b.shape().dim(transB ? -2 : -1);
        if (k != k2) {
            throw new IllegalArgumentException(name + ": " + a.shape() + (transA ? "ᵀ" : "") + " @ " + b.shape()
                    + (transB ? "ᵀ" : "") + ": inner dimensions " + k + " != " + k2);
        }
        Shape aBatch = batch(a.shape());
        Shape bBatch = batch(b.shape());
        Shape outBatch;
        try {
            outBatch = Shape.broadcast(name, aBatch, bBatch);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + a.shape() + (transA ? "ᵀ" : "") + " @ " + b.shape()
                    + (transB ? "ᵀ" : "") + ": batch dimensions " + aBatch + " and " + bBatch + " do not broadcast");
        }
        int[] outDims = new int[outBatch.rank() + 2];
        System.arraycopy(outBatch.dims(), 0, outDims, 0, outBatch.rank());
        outDims[outBatch.rank()] = m;
        outDims[outBatch.rank() + 1] = n;
        Shape out = Shape.adopt(name, outDims); // [m, 0] @ [0, n] is legal for any m, n: the product may not fit

        Tensor y = Tensor.empty(out, a.dtype());
        boolean acc = addend != null;
        Operand oa = operand(a, transA);
        Operand ob = operand(b, transB);
        if (acc) {
            if (addend.dtype() != a.dtype()) {
                Errors.sameDType(name, a, b, addend);
            }
            if (!addend.shape().broadcastsTo(out)) {
                throw Errors.op(name, name.equals("linear") ? "the bias must broadcast to the output " + out
                        : "the addend does not broadcast to the result " + out, a, b, addend);
            }
            int[] od = out.dims();
            Copy.strided(addend.data(), addend.offset, Broadcast.strides(addend.shape().dims(), addend.strides, od),
                    y.data(), od);
        }
        if (bBatch.rank() == 0 && !oa.trans) {
            // A's batch dims fold into its rows: one GEMM
            gemm(false, ob.trans, aBatch.numel() * m, n, k, oa.t, 0, ob.t, 0, y, 0, acc);
        } else {
            int[] od = outBatch.inserted(outBatch.rank(), 1).toArray();
            int[] as = Broadcast.strides(aBatch.inserted(aBatch.rank(), 1).toArray(), od);
            int[] bs = Broadcast.strides(bBatch.inserted(bBatch.rank(), 1).toArray(), od);
            Broadcast it = new Broadcast(od, as, bs);
            for (int i = 0, count = outBatch.numel(); i < count; i++, it.next()) {
                gemm(oa.trans, ob.trans, m, n, k, oa.t, it.offsets[0] * m * k, ob.t, it.offsets[1] * k * n, y, i * m * n,
                        acc);
            }
        }
        // A is read only for B's gradient and B for A's; the addend's gradient is a sum (shape only)
        int saves = Saves.when(b.requiresGrad, Saves.INPUT0) | Saves.when(a.requiresGrad, Saves.INPUT1);
        if (acc) {
            return Tape.record("matmul", y, saves, new Rule(a, b, transA, transB, addend), a, b, addend);
        }
        return Tape.record("matmul", y, saves, new Rule(a, b, transA, transB, null), a, b);
    }

    /** d op(A) = g · op(B)ᵀ,  d op(B) = op(A)ᵀ · g, each transposed back when the operand was. */
    private record Rule(Tensor a, Tensor b, boolean transA, boolean transB, Tensor addend) implements AccumulatingVjp {
        @Override
        public Tensor[] apply(Tensor g) {
            return addend == null ? new Tensor[] {gradient(0, g), gradient(1, g)}
                    : new Tensor[] {gradient(0, g), gradient(1, g), gradient(2, g)};
        }

        @Override
        public Tensor gradient(int k, Tensor g) {
            if (k == 2) {
                return addend.requiresGrad ? g.sumTo(addend.shape()) : null;
            }
            if (k == 0) {
                return a.requiresGrad ? product(0, g).sumTo(a.shape()) : null;
            }
            return b.requiresGrad ? product(1, g).sumTo(b.shape()) : null;
        }

        /** The unreduced gradient product for input k as (left, right, transLeft, transRight). */
        private Tensor product(int k, Tensor g) {
            if (k == 0) {
                return transA ? matmul(b, g, transB, true) : matmul(g, b, false, !transB);
            }
            return transB ? matmul(g, a, true, transA) : matmul(a, g, !transA, false);
        }

        @Override
        public boolean addGradientInto(int k, Tensor g, Tensor acc, DeferredProducts later) {
            if (k == 2 || a.rank() != 2 || b.rank() != 2) {
                return false; // batched products may need a sum over broadcast dims: use the general path
            }
            if (k == 1 && transB && !transA) {
                later.add(acc, g, a); // W of x·Wᵀ (linear): gᵀ·x, batched with the other steps' (DeferredProducts)
            } else if (k == 0) {
                if (transA) {
                    gemmInto(b, transB, g, true, acc);
                } else {
                    gemmInto(g, false, b, !transB, acc);
                }
            } else if (transB) {
                gemmInto(g, true, a, transA, acc);
            } else {
                gemmInto(a, !transA, g, false, acc);
            }
            return true;
        }
    }

    /** acc += op(x)·op(y) for 2-D operands. */
    private static void gemmInto(Tensor x, boolean tx, Tensor y, boolean ty, Tensor acc) {
        int m = x.shape().dim(tx ? 1 : 0);
        int k = x.shape().dim(tx ? 0 : 1);
        int n = y.shape().dim(ty ? 0 : 1);
        Operand ox = operand(x, tx);
        Operand oy = operand(y, ty);
        Storage.gemm(ox.trans, oy.trans, m, n, k, ox.t.storage, ox.t.offset, oy.t.storage, oy.t.offset, acc.storage, 0,
                true);
    }

    /** An operand as the kernel reads it: layout t (row-major, any offset) and whether to transpose it. */
    private record Operand(Tensor t, boolean trans) {
    }

    /**
     * x as is when row-major; a transposed view of a row-major tensor (x.t(), a permute of the last two
     * dims) as that tensor with the flag flipped, so it goes in with no copy; anything else copied.
     */
    private static Operand operand(Tensor x, boolean trans) {
        if (x.isContiguous()) {
            return new Operand(x, trans);
        }
        int r = x.rank();
        int[] dims = x.shape().toArray();
        int[] strides = x.strides.clone();
        int d = dims[r - 1];
        dims[r - 1] = dims[r - 2];
        dims[r - 2] = d;
        int s = strides[r - 1];
        strides[r - 1] = strides[r - 2];
        strides[r - 2] = s;
        Tensor swapped = x.view(Shape.of(dims), x.offset, strides);
        return swapped.isContiguous() ? new Operand(swapped, !trans) : new Operand(Shaping.dense(x), trans);
    }

    private static Shape batch(Shape s) {
        return s.rank() == 2 ? Shape.scalar() : Shape.adopt("matmul", java.util.Arrays.copyOf(s.dims(), s.rank() - 2));
    }

    private static void gemm(boolean ta, boolean tb, int m, int n, int k, Tensor a, int ao, Tensor b, int bo,
                             Tensor c, int co, boolean accumulate) {
        Storage.gemm(ta, tb, m, n, k, a.storage, a.offset + ao, b.storage, b.offset + bo, c.storage, co, accumulate);
    }
}
