package io.github.tapegrad.autograd.fused;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Primitive;
import io.github.tapegrad.autograd.PrimitiveContext;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.autograd.kernels.LstmPointwise;

import java.util.List;
import java.util.SplittableRandom;

/**
 * {@link FusedOps#lstmPointwise} as a primitive: the forward and the fast backward are {@link LstmPointwise}'s kernels;
 * the differentiable rule replays the backward's formulas in tensor ops. Registered (and so gradient-checked) when
 * first used.
 */
final class LstmPointwiseOp {
    private LstmPointwiseOp() {
    }

    static final Primitive<Void> PRIMITIVE = Primitive.<Void>define("lstmPointwise")
            .inputs("gates", "c")
            .forward(LstmPointwiseOp::forward)
            .fastVjp(LstmPointwiseOp::backward)
            .differentiableVjp(LstmPointwiseOp::replay)
            .example(null, FusedOps.example(1, 1, 8), FusedOps.example(2, 1, 2))
            .register();

    private static List<Tensor> forward(PrimitiveContext<Void> ctx, List<Tensor> in) {
        Tensor gates = in.get(0);
        Tensor c = in.get(1);
        if (gates.rank() != 2 || c.rank() != 2) {
            throw ctx.badInput("expected gates [B, 4H] and c [B, H]");
        }
        int rows = c.dim(0);
        int hidden = c.dim(1);
        if (gates.dim(0) != rows || gates.dim(1) != 4L * hidden) {
            throw ctx.badInput("gates must be [B, 4H] for c [B, H] (B = " + rows + ", H = " + hidden + ")");
        }
        DType dtype = c.dtype();
        Tensor act = ctx.empty(gates.shape(), dtype);
        Tensor cNext = ctx.empty(c.shape(), dtype);
        Tensor tc = ctx.empty(c.shape(), dtype);
        Tensor h = ctx.empty(c.shape(), dtype);
        LstmPointwise.forward(ctx.read(gates), ctx.read(c), ctx.write(act), ctx.write(cNext), ctx.write(tc),
                ctx.write(h), rows, hidden);
        ctx.save(gates, c, act, tc); // act and tc are private to the rule: recycled when the graph is released
        return List.of(h, cNext);
    }

    private static Tensor[] backward(PrimitiveContext<Void> ctx, List<Tensor> grads) {
        Tensor c = ctx.saved(1);
        Tensor act = ctx.saved(2);
        Tensor dGates = ctx.empty(act.shape(), act.dtype());
        Tensor dc = ctx.empty(c.shape(), c.dtype());
        LstmPointwise.backward(ctx.read(grads.get(0)), ctx.read(grads.get(1)), ctx.read(act), ctx.read(c),
                ctx.read(ctx.saved(3)), ctx.write(dGates), ctx.write(dc), c.dim(0), c.dim(1));
        return new Tensor[] {dGates, ctx.needsGrad(1) ? dc : null};
    }

    /** The same formulas as {@link LstmPointwise#backward}, recorded: the gates are recomputed from the inputs. */
    private static Tensor[] replay(PrimitiveContext<Void> ctx, List<Tensor> grads) {
        Tensor c = ctx.saved(1);
        Tensor dh = grads.get(0);
        List<Tensor> blocks = ctx.saved(0).chunk(4, 1);
        Tensor i = blocks.get(0).sigmoid();
        Tensor f = blocks.get(1).sigmoid();
        Tensor g = blocks.get(2).tanh();
        Tensor o = blocks.get(3).sigmoid();
        Tensor tc = f.mul(c).add(i.mul(g)).tanh();
        Tensor dct = grads.get(1).add(tanhGrad(dh.mul(o), tc));
        Tensor dGates = Tensor.concat(List.of(
                sigmoidGrad(dct.mul(g), i),
                sigmoidGrad(dct.mul(c), f),
                tanhGrad(dct.mul(i), g),
                sigmoidGrad(dh.mul(tc), o)), 1);
        return new Tensor[] {dGates, dct.mul(f)};
    }

    /** u ⊙ (1 − y²), tanh's derivative from its output, rounded as the kernel rounds it. */
    private static Tensor tanhGrad(Tensor u, Tensor y) {
        return u.mul(y.square().rsub(1.0));
    }

    /** u ⊙ y ⊙ (1 − y), sigmoid's derivative from its output, rounded as the kernel rounds it. */
    private static Tensor sigmoidGrad(Tensor u, Tensor y) {
        return u.mul(y).mul(y.rsub(1.0));
    }
}
