package io.github.tapegrad.autograd;

import io.github.tapegrad.autograd.check.GradCheck;
import io.github.tapegrad.autograd.fused.FusedOps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.github.tapegrad.autograd.Domain.any;
import static io.github.tapegrad.autograd.Domain.awayFrom;
import static io.github.tapegrad.autograd.Domain.distinct;
import static io.github.tapegrad.autograd.Domain.mask;
import static io.github.tapegrad.autograd.Domain.positive;
import static io.github.tapegrad.autograd.Domain.shapeOnly;
import static io.github.tapegrad.autograd.OpSpec.op;
import static io.github.tapegrad.autograd.ShapeRules.broadcasting;
import static io.github.tapegrad.autograd.ShapeRules.unary;

/**
 * Every differentiable op, one row each; the gradient, shape-error and in-place properties iterate this list.
 * Parameters an op needs (a dim, indices, split sizes) are derived from the input shapes so each row's
 * function is fixed. A new op means a new row here (a misuse in {@link OpMisuses} if shapes can be wrong, and
 * {@code saves} naming what its backward reads).
 */
final class OpTable {
    private OpTable() {
    }

    /** Finite differences through a float32 round trip need a larger step than float64 rounding allows. */
    private static final GradCheck.Tolerance ROUND_TRIP = new GradCheck.Tolerance(1e-3, 1e-5, 1e-3);

    static final List<OpSpec> ALL = List.of(
            // ---- elementwise binary, broadcasting
            op("add", broadcasting(2), x -> x.get(0).add(x.get(1)), any(), any()).misuse(OpMisuses.broadcast(2)),
            op("sub", broadcasting(2), x -> x.get(0).sub(x.get(1)), any(), any()).misuse(OpMisuses.broadcast(2)),
            op("mul", broadcasting(2), x -> x.get(0).mul(x.get(1)), any(), any()).misuse(OpMisuses.broadcast(2))
                    .saves("mul", 0, 1),
            op("div", broadcasting(2), x -> x.get(0).div(x.get(1)), any(), awayFrom(0))
                    .misuse(OpMisuses.broadcast(2)).saves("div", 1).savesOutput("div"),
            op("where", broadcasting(3), x -> Tensor.where(x.get(0), x.get(1), x.get(2)), mask(), any(), any())
                    .misuse(OpMisuses.broadcast(3)).saves("where", 0),
            op("square (x used twice)", unary(0), x -> x.get(0).square(), any()).saves("mul", 0),
            // ---- elementwise unary
            op("neg", unary(0), x -> x.get(0).neg(), any()),
            op("pow(3)", unary(0), x -> x.get(0).pow(3), any()).saves("pow", 0),
            op("pow(2.5)", unary(0), x -> x.get(0).pow(2.5), positive()).saves("pow", 0),
            op("pow(-1.5)", unary(0), x -> x.get(0).pow(-1.5), positive()).saves("pow", 0),
            op("pow(0)", unary(0), x -> x.get(0).pow(0), any()),
            op("exp", unary(0), x -> x.get(0).exp(), any()).savesOutput("exp"),
            op("log", unary(0), x -> x.get(0).log(), positive()).saves("log", 0),
            op("sqrt", unary(0), x -> x.get(0).sqrt(), positive()).savesOutput("sqrt"),
            op("tanh", unary(0), x -> x.get(0).tanh(), any()).savesOutput("tanh"),
            op("sigmoid", unary(0), x -> x.get(0).sigmoid(), any()).savesOutput("sigmoid"),
            // the fused derivative primitives are differentiable too (third order of tanh/sigmoid)
            op("tanhBackward", broadcasting(2), x -> Elementwise.tanhBackward(x.get(0), x.get(1)), any(), any())
                    .saves("tanhBackward", 0, 1),
            op("sigmoidBackward", broadcasting(2), x -> Elementwise.sigmoidBackward(x.get(0), x.get(1)), any(), any())
                    .saves("sigmoidBackward", 0, 1),
            op("relu", unary(0), x -> x.get(0).relu(), awayFrom(0)).saves("relu", 0),
            op("abs", unary(0), x -> x.get(0).abs(), awayFrom(0)).saves("abs", 0),
            op("clamp(-0.5, 0.5)", unary(0), x -> x.get(0).clamp(-0.5, 0.5), awayFrom(-0.5, 0.5)).saves("clamp", 0),
            op("toFloat().toDouble()", unary(0), x -> x.get(0).toFloat().toDouble(), any()).tolerance(ROUND_TRIP),
            // ---- linear algebra
            op("matmul 2-D", ShapeRules.matmul(false, false, 0), x -> x.get(0).matmul(x.get(1)), any(), any())
                    .misuse(OpMisuses.matmul(false, false, 0)).saves("matmul", 0, 1),
            op("matmul batched", ShapeRules.matmul(false, false, 2), x -> x.get(0).matmul(x.get(1)), any(), any())
                    .misuse(OpMisuses.matmul(false, false, 2)).saves("matmul", 0, 1),
            op("matmulT", ShapeRules.matmul(false, true, 2), x -> x.get(0).matmulT(x.get(1)), any(), any())
                    .errorName("matmul").misuse(OpMisuses.matmul(false, true, 2)).saves("matmul", 0, 1),
            op("tmatmul", ShapeRules.matmul(true, false, 2), x -> x.get(0).tmatmul(x.get(1)), any(), any())
                    .errorName("matmul").misuse(OpMisuses.matmul(true, false, 2)).saves("matmul", 0, 1),
            op("linear", ShapeRules.linear(true), x -> x.get(0).linear(x.get(1), x.get(2)), any(), any(), any())
                    .misuse(OpMisuses.linear(true)).saves("matmul", 0, 1),
            op("linear (full addend)", ShapeRules.linearWithAddend(), x -> x.get(0).linear(x.get(1), x.get(2)),
                    any(), any(), any()).saves("matmul", 0, 1),
            op("linear (no bias)", ShapeRules.linear(false), x -> x.get(0).linear(x.get(1), null), any(), any())
                    .misuse(OpMisuses.linear(false)).saves("matmul", 0, 1),
            // ---- reductions
            op("sum()", unary(0), x -> x.get(0).sum(), any()),
            op("sum(0)", unary(1), x -> x.get(0).sum(0, false), any()).misuse(OpMisuses.badDim("sum")),
            op("sum(-1, keepDim)", unary(1), x -> x.get(0).sum(-1, true), any()),
            op("sum([0, -1], keepDim)", unary(2), x -> x.get(0).sum(new int[] {0, -1}, true), any()),
            op("sum([-1, 0])", unary(2), x -> x.get(0).sum(new int[] {-1, 0}, false), any()),
            op("mean()", unary(0), x -> x.get(0).mean(), any()),
            op("mean(0, keepDim)", unary(1), x -> x.get(0).mean(0, true), any()).misuse(OpMisuses.badDim("mean")),
            op("mean([0, -1])", unary(2), x -> x.get(0).mean(new int[] {0, -1}, false), any()),
            op("max()", unary(0), x -> x.get(0).max(), distinct()).saves("max", 0).savesOutput("max"),
            op("max(-1)", unary(1), x -> x.get(0).max(-1, false), distinct()).misuse(OpMisuses.badDim("max"))
                    .saves("max", 0).savesOutput("max"),
            op("max(0, keepDim)", unary(1), x -> x.get(0).max(0, true), distinct()).saves("max", 0).savesOutput("max"),
            op("max([0, -1], keepDim)", unary(2), x -> x.get(0).max(new int[] {0, -1}, true), distinct())
                    .saves("max", 0).savesOutput("max"),
            op("expand", ShapeRules.fullThenVariant(true), x -> x.get(0).expand(x.get(1).shape()), any(), shapeOnly())
                    .misuse(OpMisuses.expand()),
            op("sumTo", ShapeRules.fullThenVariant(false), x -> x.get(0).sumTo(x.get(1).shape()), any(), shapeOnly())
                    .misuse(OpMisuses.sumTo()),
            // ---- shaping
            op("reshape", unary(0), x -> x.get(0).reshape(ShapeRules.append(
                    ShapeRules.reversed(x.get(0).shape().toArray()), 1)), any()).misuse(OpMisuses.reshape()),
            op("flatten", unary(0), x -> x.get(0).flatten(), any()),
            op("transpose(0, -1)", unary(2), x -> x.get(0).transpose(0, -1), any())
                    .misuse(OpMisuses.transpose()),
            op("permute (rotate)", unary(1), x -> x.get(0).permute(rotation(x.get(0).rank())), any())
                    .misuse(OpMisuses.permute()),
            op("narrow(-1)", unary(1), x -> inner(x.get(0)), any()).misuse(OpMisuses.narrow()),
            op("select(0)", unary(1), x -> x.get(0).select(0, x.get(0).dim(0) / 2), any())
                    .misuse(OpMisuses.select()),
            op("concat", ShapeRules.concatPair(), x -> Tensor.concat(x, ShapeRules.firstDifference(
                    x.get(0).shape(), x.get(1).shape())), any(), any()).misuse(OpMisuses.concat()),
            op("stack(0)", ShapeRules.same(2, 0), x -> Tensor.stack(x, 0), any(), any())
                    .misuse(OpMisuses.stack()),
            op("stack(-1)", ShapeRules.same(2, 0), x -> Tensor.stack(x, -1), any(), any()),
            op("split(-1)", unary(1), x -> weighted(x.get(0).split(splitSizes(x.get(0).dim(-1)), -1), -1), any())
                    .misuse(OpMisuses.split()),
            op("chunk(0)", unary(1), x -> weighted(x.get(0).chunk(smallestDivisor(x.get(0).dim(0)), 0), 0), any())
                    .misuse(OpMisuses.chunk()),
            // ---- views of views, and kernels fed strided operands (transposes, slices, broadcasts)
            op("contiguous (of a transpose)", unary(2), x -> x.get(0).transpose(0, -1).contiguous(), any()),
            op("reshape (of a transpose: a copy)", unary(2), x -> x.get(0).transpose(0, -1).reshape(-1), any()),
            op("narrow (of a transpose)", unary(2), x -> inner(x.get(0).transpose(0, -1)), any()),
            op("select (of a narrow)", unary(2), x -> inner(x.get(0)).select(-1, 0), any()),
            op("expand (a view) then exp", ShapeRules.fullThenVariant(true), x -> x.get(0).expand(x.get(1).shape())
                    .exp(), any(), shapeOnly()).savesOutput("exp"),
            op("mul of transposed views", ShapeRules.same(2, 2), x -> x.get(0).t().mul(x.get(1).t()), any(), any())
                    .saves("mul", 0, 1),
            op("tanh of a strided view", unary(2), x -> inner(x.get(0).transpose(0, -1)).tanh(), any())
                    .savesOutput("tanh"),
            op("sigmoid of chunk views", unary(1), x -> weighted(sigmoids(x.get(0).chunk(
                    smallestDivisor(x.get(0).dim(-1)), -1)), -1), any()),
            op("matmul of transposed views", ShapeRules.matmul(true, true, 2), x -> x.get(0).transpose(-2, -1)
                    .matmul(x.get(1).transpose(-1, -2)), any(), any()).saves("matmul", 0, 1),
            op("matmul of a row-strided view", ShapeRules.matmul(false, false, 0), x -> Tensor.concat(
                    List.of(x.get(0), x.get(0)), -1).narrow(-1, x.get(0).dim(-1), x.get(0).dim(-1)).matmul(x.get(1)),
                    any(), any()).saves("matmul", 1),
            op("linear with a split view as addend", ShapeRules.linearWithAddend(), x -> x.get(0).linear(x.get(1),
                    Tensor.concat(List.of(x.get(2), x.get(2)), 0).narrow(0, x.get(2).dim(0), x.get(2).dim(0))),
                    any(), any(), any()).saves("matmul", 0, 1),
            // ---- fused
            op("lstmPointwise", ShapeRules.lstm(), x -> weighted(FusedOps.lstmPointwise(x.get(0), x.get(1)), 1), any(), any())
                    .misuse(OpMisuses.lstmPointwise()).saves("lstmPointwise", 0, 1),
            op("linearSplit", ShapeRules.linearSplit(), x -> weighted(FusedOps.linearSplit(x.get(0), x.get(1), x.get(2),
                    x.get(0).dim(0) / smallestDivisor(x.get(0).dim(0))), 0), any(), any(), any())
                    .misuse(OpMisuses.linearSplit()).saves("linearSplit", 0, 1),
            // distinct x: no row is near-constant, so 1/√var stays moderate for finite differences
            op("layerNorm", ShapeRules.layerNorm(), x -> FusedOps.layerNorm(x.get(0), x.get(1), x.get(2), 1e-5),
                    distinct(), any(), any()).misuse(OpMisuses.layerNorm()).saves("layerNorm", 0, 1),
            op("layerNorm (no gamma, beta)", unary(1), x -> FusedOps.layerNorm(x.get(0), null, null, 0.1), distinct())
                    .saves("layerNorm", 0),
            // ---- indexing
            op("indexSelect(0)", unary(1), x -> x.get(0).indexSelect(0, spread(x.get(0).dim(0) + 1, x.get(0).dim(0))),
                    any()).misuse(OpMisuses.indexSelect()),
            op("indexSelect(-1)", unary(2), x -> x.get(0).indexSelect(-1, spread(3, x.get(0).dim(-1))), any()),
            op("gather(-1)", unary(1), x -> x.get(0).gather(-1, gatherIndex(x.get(0).shape())), any())
                    .misuse(OpMisuses.gather()),
            // ---- softmax
            op("softmax(-1)", unary(1), x -> x.get(0).softmax(-1), any())
                    .misuse(OpMisuses.badDim("softmax")).savesOutput("softmax"),
            op("logSoftmax(0)", unary(1), x -> x.get(0).logSoftmax(0), any())
                    .misuse(OpMisuses.badDim("logSoftmax")).savesOutput("logSoftmax")
    );

    static List<Tensor> sigmoids(List<Tensor> xs) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor x : xs) out.add(x.sigmoid());
        return out;
    }

    /** [1, 2, ..., r-1, 0]. */
    static int[] rotation(int r) {
        int[] p = new int[r];
        for (int i = 0; i < r; i++) p[i] = (i + 1) % r;
        return p;
    }

    /** The last dim without its first and last element (all of it when that is too short). */
    static Tensor inner(Tensor x) {
        int n = x.dim(-1);
        return n > 2 ? x.narrow(-1, 1, n - 2) : x.narrow(-1, n - 1, 1);
    }

    /** [1, n-1], or [1] when n is 1. */
    static int[] splitSizes(int n) {
        return n == 1 ? new int[] {1} : new int[] {1, n - 1};
    }

    static int smallestDivisor(int n) {
        for (int d = 2; d <= n; d++) {
            if (n % d == 0) return d;
        }
        return 1;
    }

    /** Pieces scaled by 1, 2, 3, ... and joined again, so each piece's gradient is distinct. */
    static Tensor weighted(List<Tensor> pieces, int dim) {
        List<Tensor> scaled = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) scaled.add(pieces.get(i).mul(i + 1.0));
        return Tensor.concat(scaled, dim);
    }

    /** {@code count} indices into [0, size), with repeats once count exceeds size. */
    static Indices spread(int count, int size) {
        int[] v = new int[count];
        for (int k = 0; k < count; k++) v[k] = (3 * k + 1) % size;
        return Indices.of(v);
    }

    /** An index for gather along the last dim: the input's shape with one more column, repeats included. */
    static Indices gatherIndex(Shape x) {
        int[] d = x.toArray();
        int size = d[d.length - 1];
        d[d.length - 1] = size + 1;
        int[] v = new int[Shape.of(d).numel()];
        for (int k = 0; k < v.length; k++) v[k] = (2 * k + 1) % size;
        return Indices.of(v, d);
    }

    static String shapesOf(List<Tensor> xs) {
        List<String> s = new ArrayList<>();
        for (Tensor x : xs) s.add(x.shape().toString());
        return String.join(", ", s);
    }

    static String shapes(List<Shape> ss) {
        return Arrays.toString(ss.toArray());
    }
}
