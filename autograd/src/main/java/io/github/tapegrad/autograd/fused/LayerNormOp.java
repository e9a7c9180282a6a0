package io.github.tapegrad.autograd.fused;

import io.github.tapegrad.autograd.Primitive;
import io.github.tapegrad.autograd.PrimitiveContext;
import io.github.tapegrad.autograd.Shape;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.autograd.kernels.LayerNorm;

import java.util.List;

/**
 * {@link FusedOps#layerNorm} as a primitive: the forward and the fast backward are {@link LayerNorm}'s kernels; the
 * differentiable rule writes the backward's formulas in tensor ops, recomputing the row statistics from x so that they
 * are differentiated too. Registered (and so gradient-checked) when first used.
 */
final class LayerNormOp {
    private LayerNormOp() {
    }

    static final Primitive<Double> PRIMITIVE = Primitive.<Double>define("layerNorm")
            .inputs("x")
            .optionalInputs("gamma", "beta")
            .forward(LayerNormOp::forward)
            .fastVjp(LayerNormOp::backward)
            .differentiableVjp(LayerNormOp::replay)
            .example(1e-5, FusedOps.example(8, 2, 3), FusedOps.example(9, 3), FusedOps.example(10, 3))
            .example(0.1, FusedOps.example(11, 2, 1, 2), null, null)
            .register();

    private static List<Tensor> forward(PrimitiveContext<Double> ctx, List<Tensor> in) {
        Tensor x = in.get(0);
        Tensor gamma = in.get(1);
        Tensor beta = in.get(2);
        double eps = ctx.params();
        if (x.rank() < 1) {
            throw ctx.badInput("x needs a last dimension to normalize over");
        }
        int d = x.dim(-1);
        if ((gamma != null && (gamma.rank() != 1 || gamma.dim(0) != d))
                || (beta != null && (beta.rank() != 1 || beta.dim(0) != d))) {
            throw ctx.badInput("gamma and beta must be [D] for x [..., D] (D = " + d + ")");
        }
        if (!(eps >= 0) || eps == Double.POSITIVE_INFINITY) {
            throw ctx.badInput("eps must be finite and at least 0, got " + eps);
        }
        int rows = x.shape().numel(0, x.rank() - 1);
        Tensor y = ctx.empty(x.shape(), x.dtype());
        Tensor mean = ctx.empty(Shape.of(rows), x.dtype());
        Tensor rstd = ctx.empty(Shape.of(rows), x.dtype());
        LayerNorm.forward(ctx.read(x), gamma == null ? null : ctx.read(gamma), beta == null ? null : ctx.read(beta),
                ctx.write(y), ctx.write(mean), ctx.write(rstd), rows, d, eps);
        ctx.save(x, gamma, mean, rstd); // mean and rstd are private to the rule
        return List.of(y);
    }

    private static Tensor[] backward(PrimitiveContext<Double> ctx, List<Tensor> grads) {
        Tensor x = ctx.saved(0);
        Tensor gamma = ctx.saved(1);
        Tensor mean = ctx.saved(2);
        int d = x.dim(-1);
        Tensor dx = ctx.needsGrad(0) ? ctx.empty(x.shape(), x.dtype()) : null;
        Tensor dGamma = ctx.needsGrad(1) ? ctx.empty(Shape.of(d), x.dtype()) : null;
        Tensor dBeta = ctx.needsGrad(2) ? ctx.empty(Shape.of(d), x.dtype()) : null;
        LayerNorm.backward(ctx.read(grads.get(0)), ctx.read(x), gamma == null ? null : ctx.read(gamma),
                ctx.read(mean), ctx.read(ctx.saved(3)), dx == null ? null : ctx.write(dx),
                dGamma == null ? null : ctx.write(dGamma), dBeta == null ? null : ctx.write(dBeta), mean.numel(), d);
        return new Tensor[] {dx, dGamma, dBeta};
    }

    /** The backward's formulas in tensor ops; the statistics are recomputed from x so they are differentiated too. */
    private static Tensor[] replay(PrimitiveContext<Double> ctx, List<Tensor> grads) {
        Tensor x = ctx.saved(0);
        Tensor gamma = ctx.saved(1);
        Tensor dy = grads.get(0);
        Tensor xc = x.sub(x.mean(-1, true));
        Tensor rstd = xc.square().mean(-1, true).add(ctx.params()).pow(-0.5);
        Tensor xhat = xc.mul(rstd);
        Tensor g = gamma == null ? dy : dy.mul(gamma);
        return new Tensor[] {
            // rstd · (g − mean(g) − x̂ · mean(g · x̂)), per row
            ctx.needsGrad(0) ? g.sub(g.mean(-1, true)).sub(xhat.mul(g.mul(xhat).mean(-1, true))).mul(rstd) : null,
            ctx.needsGrad(1) ? dy.mul(xhat).sumTo(ctx.inputShape(1)) : null,
            ctx.needsGrad(2) ? dy.sumTo(ctx.inputShape(2)) : null};
    }
}
