package io.github.tapegrad.autograd;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/** Laws of the reverse sweep on generated shapes and values. */
class TapePropertiesTest {

    private static Tensor leaf(long seed, int rows, int cols) {
        return Tensor.uniform(new SplittableRandom(seed), -1, 1, DType.FLOAT64, rows, cols).requiresGrad_(true);
    }

    private static Tensor f(Tensor x) {
        return x.tanh().mul(x).sum();
    }

    private static Tensor g(Tensor x) {
        return x.matmulT(x).exp().mean();
    }

    private static void assertClose(Tensor expected, Tensor actual, String what) {
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        if (!expected.shape().equals(actual.shape())) {
            throw new AssertionError(what + ": shape " + actual.shape() + " != " + expected.shape());
        }
        for (int i = 0; i < e.length; i++) {
            if (Math.abs(e[i] - a[i]) > 1e-10 * (1 + Math.abs(e[i]))) {
                throw new AssertionError(what + " at " + i + " of " + actual.shape() + ": " + a[i] + " != " + e[i]);
            }
        }
    }

    @Test
    void backwardIsLinear() {
        qt().withExamples(50).forAll(integers().between(1, 4), integers().between(1, 4),
                        doubles().between(-3, 3), doubles().between(-3, 3))
                .checkAssert((rows, cols, a, b) -> {
                    Tensor x = leaf(rows * 31L + cols, rows, cols);
                    Tensor gf = Grad.grad(f(x), List.of(x)).get(0);
                    Tensor gg = Grad.grad(g(x), List.of(x)).get(0);
                    Tensor combined = Grad.grad(f(x).mul(a).add(g(x).mul(b)), List.of(x)).get(0);
                    assertClose(gf.mul(a).add(gg.mul(b)), combined, "grad(a f + b g) for a=" + a + ", b=" + b);
                });
    }

    @Test
    void backwardAccumulatesAndFanOutAdds() {
        qt().withExamples(50).forAll(integers().between(1, 4), integers().between(1, 4), integers().between(1, 4),
                        longs().all())
                .checkAssert((rows, cols, uses, seed) -> {
                    Tensor x = leaf(seed, rows, cols);
                    Tensor once = Grad.grad(f(x), List.of(x)).get(0);
                    Tensor sum = f(x);
                    for (int i = 1; i < uses; i++) sum = sum.add(f(x));   // x feeds `uses` subgraphs
                    sum.backward();
                    f(x).backward();                                       // and accumulates one more
                    assertClose(once.mul(uses + 1.0), x.grad(), uses + " uses plus one more backward");
                    x.zeroGrad();
                    f(x).backward();
                    assertClose(once, x.grad(), "after zeroGrad");
                });
    }

    /** For every op row: recording off gives results that do not require grad; functional grad equals backward. */
    @Test
    void gradModeAndFunctionalGradAgreeForEveryOp() {
        qt().withExamples(5).forAll(OpCase.cases(4)).checkAssert(c -> {
            for (OpSpec spec : OpTable.ALL) {
                List<Tensor> inputs = new ArrayList<>();
                List<Tensor> free = new ArrayList<>();
                List<Tensor> raw = spec.inputs(c);
                for (int i = 0; i < raw.size(); i++) {
                    boolean diff = spec.domains().get(i).differentiable();
                    Tensor t = diff ? raw.get(i).requiresGrad_(true) : raw.get(i);
                    inputs.add(t);
                    if (diff) free.add(t);
                }
                Tensor off;
                try (Grad.Scope s = Grad.off()) {
                    off = spec.fn().apply(inputs);
                }
                Tensor result = off;
                // an op that changes nothing (expand to the same shape, say) returns its input itself
                if (off.requiresGrad() && inputs.stream().noneMatch(t -> t == result)) {
                    throw new AssertionError(spec.name() + " recorded with grad mode off");
                }
                Tensor y = spec.fn().apply(inputs);
                Tensor v = Tensor.randn(new SplittableRandom(c.seed()), DType.FLOAT64, y.shape().toArray());
                Tensor loss = y.mul(v).sum();
                if (!loss.requiresGrad()) {
                    throw new AssertionError(spec.name() + " did not record although its inputs require grad");
                }
                List<Tensor> functional = Grad.grad(List.of(loss), free, null, true, false);
                for (Tensor t : free) {
                    if (t.grad() != null) throw new AssertionError(spec.name() + ": functional grad touched .grad()");
                }
                loss.backward();
                for (int i = 0; i < free.size(); i++) {
                    Tensor fromBackward = free.get(i).grad() != null ? free.get(i).grad()
                            : Tensor.zeros(free.get(i).shape(), DType.FLOAT64);
                    assertClose(fromBackward, functional.get(i), spec.name() + " input " + i);
                }
            }
        });
    }

    @Test
    void detachedFactorsGetNoGradient() {
        qt().withExamples(30).forAll(integers().between(1, 4), integers().between(1, 4), longs().all())
                .checkAssert((rows, cols, seed) -> {
                    Tensor x = leaf(seed, rows, cols);
                    Tensor grad = Grad.grad(x.mul(x.detach()).sum(), List.of(x)).get(0);
                    assertClose(x.detach(), grad, "d/dx sum(x * detach(x))");
                });
    }
}
