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

    static final Primitive<Integer> PRIMITIVE = Primitive.<Integer>define("linearSplit")
            .inputs("x", "weight")
            .optionalInputs("bias")
            .forward(LinearSplitOp::forward)
            .differentiableVjp(LinearSplitOp::backward)
            .example(2, FusedOps.example(3, 2, 2), FusedOps.example(4, 2, 2), FusedOps.example(5, 2))
            .example(1, FusedOps.example(6, 1, 2), FusedOps.example(7, 1, 2), null)
            .register();

    private static List<Tensor> forward(PrimitiveContext<Integer> ctx, List<Tensor> in) {
        Tensor x = in.get(0);
        Tensor w = in.get(1);
        Tensor bias = in.get(2);
        int pieces = ctx.params();
        if (x.rank() != 2 || w.rank() != 2 || x.dim(1) != w.dim(1)
                || (bias != null && (bias.rank() != 1 || bias.dim(0) != w.dim(0)))) {
            throw ctx.badInput("expected x [N, in], weight [out, in] and bias [out]");
        }
        if (pieces <= 0 || x.dim(0) % pieces != 0) {
            throw ctx.badInput("N = " + x.dim(0) + " rows do not split into " + pieces + " equal pieces");
        }
        Tensor full = x.linear(w, bias); // neither saved nor returned: recycled when the forward returns
        int rows = x.dim(0) / pieces;
        int width = full.dim(1);
        Object product = ctx.read(full);
        Tensor[] outs = new Tensor[pieces];
        for (int p = 0; p < pieces; p++) {
            outs[p] = ctx.empty(Shape.of(rows, width), full.dtype());
            System.arraycopy(product, p * rows * width, ctx.write(outs[p]), 0, rows * width);
        }
        ctx.save(x, w); // the bias gradient is a sum
        return Arrays.asList(outs);
    }

    private static Tensor[] backward(PrimitiveContext<Integer> ctx, List<Tensor> grads) {
        Tensor x = ctx.saved(0);
        Tensor w = ctx.saved(1);
        Tensor g = Tensor.concat(grads, 0);
        return new Tensor[] {
            ctx.needsGrad(0) ? g.matmul(w) : null,
            ctx.needsGrad(1) ? g.tmatmul(x) : null,
            ctx.needsGrad(2) ? g.sum(0, false) : null};
    }
}
