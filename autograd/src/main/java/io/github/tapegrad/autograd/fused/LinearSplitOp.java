package io.github.tapegrad.autograd.fused;

import io.github.tapegrad.autograd.Primitive;
import io.github.tapegrad.autograd.PrimitiveContext;
import io.github.tapegrad.autograd.Shape;
import io.github.tapegrad.autograd.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * {@link FusedOps#linearSplit} as a primitive. Its one rule is in tensor ops (the GEMMs dominate; nothing to fuse),
 * so it serves every order. Registered (and so gradient-checked) when first used.
 */
final class LinearSplitOp {
    private LinearSplitOp() {
    }

    static final Primitive<int[]> PRIMITIVE = Primitive.<int[]>define("linearSplit")
            .inputs("x", "weight")
            .optionalInputs("bias")
            .forward(LinearSplitOp::forward)
            .differentiableVjp(LinearSplitOp::backward)
            .example(new int[] {1, 1}, FusedOps.example(3, 2, 2), FusedOps.example(4, 2, 2), FusedOps.example(5, 2))
            .example(new int[] {1}, FusedOps.example(6, 1, 2), FusedOps.example(7, 1, 2), null)
            .example(new int[] {2, 1}, FusedOps.example(8, 3, 2), FusedOps.example(9, 2, 2), FusedOps.example(10, 2))
            .register();

    private static List<Tensor> forward(PrimitiveContext<int[]> ctx, List<Tensor> in) {
        Tensor x = in.get(0);
        Tensor w = in.get(1);
        Tensor bias = in.get(2);
        int[] sizes = ctx.params();
        if (x.rank() != 2 || w.rank() != 2 || x.dim(1) != w.dim(1)
                || (bias != null && (bias.rank() != 1 || bias.dim(0) != w.dim(0)))) {
            throw ctx.badInput("expected x [N, in], weight [out, in] and bias [out]");
        }
        long total = 0;
        for (int size : sizes) {
            if (size < 0) {
                throw ctx.badInput("piece sizes must not be negative, got " + Arrays.toString(sizes));
            }
            total += size;
        }
        if (sizes.length == 0 || total != x.dim(0)) {
            throw ctx.badInput("N = " + x.dim(0) + " rows do not split into pieces of " + Arrays.toString(sizes)
                    + " rows");
        }
        Tensor full = x.linear(w, bias); // neither saved nor returned: recycled when the forward returns
        int width = full.dim(1);
        Object product = ctx.read(full);
        Tensor[] outs = new Tensor[sizes.length];
        int offset = 0;
        for (int p = 0; p < sizes.length; p++) {
            outs[p] = ctx.empty(Shape.of(sizes[p], width), full.dtype());
            System.arraycopy(product, offset, ctx.write(outs[p]), 0, sizes[p] * width);
            offset += sizes[p] * width;
        }
        ctx.save(x, w); // the bias gradient is a sum
        return Arrays.asList(outs);
    }

    private static Tensor[] backward(PrimitiveContext<int[]> ctx, List<Tensor> grads) {
        Tensor x = ctx.saved(0);
        Tensor w = ctx.saved(1);
        Tensor g = Tensor.concat(grads, 0);
        return new Tensor[] {
            ctx.needsGrad(0) ? g.matmul(w) : null,
            ctx.needsGrad(1) ? g.tmatmul(x) : null,
            ctx.needsGrad(2) ? g.sum(0, false) : null};
    }
}
