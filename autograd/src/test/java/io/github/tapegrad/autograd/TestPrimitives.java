package io.github.tapegrad.autograd;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;

/**
 * Primitives the API tests define through the public API, each registered once per JVM (names are unique across the
 * suite), with spies recording what their rules saw.
 */
final class TestPrimitives {
    private TestPrimitives() {
    }

    /** The values of the output gradients productAndSum's fast rule received last (copied: they are temporaries). */
    static double[][] productAndSumGrads;
    /** needsGrad(0..2) as affine's rule saw them last. */
    static boolean[] affineNeeds;
    /** scratchSquare's last forward: a buffer it neither saved nor returned, and one it saved (private). */
    static Tensor scratchTemporary;
    static Tensor scratchPrivate;

    static Tensor example(long seed, int... dims) {
        return Tensor.randn(new SplittableRandom(seed), DType.FLOAT64, dims).requiresGrad_(true);
    }

    /** out[i] = f(a[i], b[i]) over float[] or double[] arrays. */
    static void zip(Object a, Object b, Object out, DoubleBinaryOperator f) {
        if (out instanceof double[] o) {
            double[] x = (double[]) a;
            double[] y = (double[]) b;
            for (int i = 0; i < o.length; i++) o[i] = f.applyAsDouble(x[i], y[i]);
        } else {
            float[] o = (float[]) out;
            float[] x = (float[]) a;
            float[] y = (float[]) b;
            for (int i = 0; i < o.length; i++) o[i] = (float) f.applyAsDouble(x[i], y[i]);
        }
    }

    /** [a ⊙ b, a + b] for a and b of one shape: two outputs, a fast rule over arrays and a differentiable one. */
    static final Primitive<Void> PRODUCT_AND_SUM = Primitive.<Void>define("test.productAndSum")
            .inputs("a", "b")
            .forward((ctx, in) -> {
                Tensor a = in.get(0);
                Tensor b = in.get(1);
                if (!a.shape().equals(b.shape())) {
                    throw ctx.badInput("a and b must have one shape");
                }
                Tensor product = ctx.empty(a.shape(), a.dtype());
                Tensor sum = ctx.empty(a.shape(), a.dtype());
                zip(ctx.read(a), ctx.read(b), ctx.write(product), (x, y) -> x * y);
                zip(ctx.read(a), ctx.read(b), ctx.write(sum), Double::sum);
                ctx.save(a, b);
                return List.of(product, sum);
            })
            .fastVjp((ctx, g) -> { // d/da = g₀ ⊙ b + g₁, d/db = g₀ ⊙ a + g₁
                productAndSumGrads = new double[][] {g.get(0).toDoubleArray(), g.get(1).toDoubleArray()};
                Tensor[] out = new Tensor[2];
                for (int k = 0; k < 2; k++) {
                    if (!ctx.needsGrad(k)) continue;
                    Tensor other = ctx.saved(1 - k);
                    Tensor t = ctx.empty(other.shape(), other.dtype());
                    zip(ctx.read(g.get(0)), ctx.read(other), ctx.write(t), (x, y) -> x * y);
                    zip(ctx.write(t), ctx.read(g.get(1)), ctx.write(t), Double::sum);
                    out[k] = t;
                }
                return out;
            })
            .differentiableVjp((ctx, g) -> new Tensor[] {
                ctx.needsGrad(0) ? g.get(0).mul(ctx.saved(1)).add(g.get(1)) : null,
                ctx.needsGrad(1) ? g.get(0).mul(ctx.saved(0)).add(g.get(1)) : null})
            .example(null, example(1, 2, 3), example(2, 2, 3))
            .examples(2, rng -> {
                int[] dims = {1 + rng.nextInt(3), 1 + rng.nextInt(3)};
                return Primitive.Example.of(null, example(rng.nextLong(), dims), example(rng.nextLong(), dims));
            })
            .register();

    /** x ⊙ scale + shift, scale and shift optional (ones, zeros) and of x's shape; one differentiable rule. */
    static final Primitive<Void> AFFINE = Primitive.<Void>define("test.affine")
            .inputs("x")
            .optionalInputs("scale", "shift")
            .forward((ctx, in) -> {
                Tensor x = in.get(0);
                Tensor scale = in.get(1);
                Tensor shift = in.get(2);
                if ((scale != null && !scale.shape().equals(x.shape()))
                        || (shift != null && !shift.shape().equals(x.shape()))) {
                    throw ctx.badInput("scale and shift must have x's shape");
                }
                Tensor y = scale == null ? x.mul(1.0) : x.mul(scale);
                ctx.save(x, scale); // not shift: its gradient needs no values
                return List.of(shift == null ? y : y.add(shift));
            })
            .differentiableVjp((ctx, g) -> {
                affineNeeds = new boolean[] {ctx.needsGrad(0), ctx.needsGrad(1), ctx.needsGrad(2)};
                Tensor gy = g.get(0);
                Tensor scale = ctx.saved(1);
                return new Tensor[] {
                    ctx.needsGrad(0) ? (scale == null ? gy : gy.mul(scale)) : null,
                    ctx.needsGrad(1) ? gy.mul(ctx.saved(0)) : null,
                    ctx.needsGrad(2) ? gy : null};
            })
            .example(null, example(3, 2, 2), example(4, 2, 2), example(5, 2, 2))
            .example(null, example(6, 3), null, example(7, 3))
            .example(null, example(8, 3), Tensor.randn(new SplittableRandom(9), DType.FLOAT64, 3), null) // constant
            .register();

    /** eˣ, saving its output (the rule reads it, as the built-in exp does). */
    static final Primitive<Void> EXP_OUT = Primitive.<Void>define("test.expOut")
            .inputs("x")
            .forward((ctx, in) -> {
                Tensor y = in.get(0).exp();
                ctx.save(y);
                return List.of(y);
            })
            .differentiableVjp((ctx, g) -> new Tensor[] {g.get(0).mul(ctx.saved(0))})
            .example(null, example(10, 3))
            .register();

    /**
     * x², with only a fast rule (first order): it saves a view of x (checked like x itself) and 2x in a buffer of its
     * own (private, recycled with the graph), and allocates a temporary it neither saves nor returns.
     */
    static final Primitive<Void> SCRATCH_SQUARE = Primitive.<Void>define("test.scratchSquare")
            .inputs("x")
            .forward((ctx, in) -> {
                Tensor x = in.get(0);
                Tensor temporary = ctx.empty(x.shape(), x.dtype());
                Tensor twice = ctx.empty(x.shape(), x.dtype());
                Tensor y = ctx.empty(x.shape(), x.dtype());
                zip(ctx.read(x), ctx.read(x), ctx.write(temporary), Double::sum);
                zip(ctx.read(temporary), ctx.read(temporary), ctx.write(twice), (a, b) -> a);
                zip(ctx.read(x), ctx.read(x), ctx.write(y), (a, b) -> a * b);
                scratchTemporary = temporary;
                scratchPrivate = twice;
                ctx.save(x.reshape(-1), twice);
                return List.of(y);
            })
            .fastVjp((ctx, g) -> {
                Tensor twice = ctx.saved(1);
                Tensor dx = ctx.empty(twice.shape(), twice.dtype());
                zip(ctx.read(g.get(0)), ctx.read(twice), ctx.write(dx), (a, b) -> a * b);
                return new Tensor[] {dx};
            })
            .example(null, example(11, 2, 2))
            .register();

    /** x·1 when params is false; when true its rule returns a gradient one element too long. */
    static final Primitive<Boolean> BAD_GRADIENT = Primitive.<Boolean>define("test.badGradient")
            .inputs("x")
            .forward((ctx, in) -> List.of(in.get(0).mul(1.0)))
            .differentiableVjp((ctx, g) -> new Tensor[] {ctx.params()
                    ? Tensor.zeros(g.get(0).dtype(), g.get(0).numel() + 1) : g.get(0)})
            .example(false, example(12, 2))
            .register();

    /** x·1 when params is false; when true its forward returns x itself. */
    static final Primitive<Boolean> RETURNS_INPUT = Primitive.<Boolean>define("test.returnsInput")
            .inputs("x")
            .forward((ctx, in) -> List.of(ctx.params() ? in.get(0) : in.get(0).mul(1.0)))
            .differentiableVjp((ctx, g) -> new Tensor[] {g.get(0)})
            .example(false, example(13, 2))
            .register();
}
