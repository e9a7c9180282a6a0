package io.github.tapegrad.autograd.check;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checker passes correct gradients, catches wrong ones with a precise report, and refuses float32. */
class GradCheckTest {
    private static final SplittableRandom RNG = new SplittableRandom(11);

    /** x * y, with autograd told that x is a constant in one factor: its gradient misses a term. */
    private static final Function<List<Tensor>, Tensor> WRONG = xs -> xs.get(0).mul(xs.get(0).detach()).mul(xs.get(1));

    private static Tensor randn(int... dims) {
        return Tensor.randn(new SplittableRandom(dims.length * 7L + dims[0]), DType.FLOAT64, dims);
    }

    @Test
    void passesACorrectGradient() {
        GradCheckReport r = GradCheck.check(xs -> xs.get(0).mul(xs.get(0)).mul(xs.get(1)).tanh(),
                List.of(randn(2, 3), randn(3)));
        assertTrue(r.passed(), r.toString());
        assertEquals((6 + 3) * 6, r.entries());   // every input element against every output element
        r.orThrow();
    }

    @Test
    void catchesAWrongDerivativeNamingInputAndElement() {
        GradCheckReport r = GradCheck.check(WRONG, List.of(Tensor.of(new double[] {1, 2}), Tensor.of(new double[] {3, 4})));
        assertFalse(r.passed());
        assertTrue(r.worst().contains("input 0 [2] element [1]"), r.worst());
        assertTrue(r.worst().contains("analytical 8.0"), r.worst());        // x y instead of 2 x y at x=2, y=4
        AssertionError e = assertThrows(AssertionError.class, r::orThrow);
        assertTrue(e.getMessage().contains("FAILED"), e.getMessage());
    }

    @Test
    void secondOrderCatchesAWrongSecondDerivative() {
        // first derivative of x * detach(x) is x (wrong: 2x), so its derivative is 1 instead of 2
        GradCheckReport first = GradCheck.checkSecondOrder(xs -> xs.get(0).pow(3),
                List.of(Tensor.of(new double[] {0.5, 1.5})), RNG);
        assertTrue(first.passed(), first.toString());
        GradCheckReport wrong = GradCheck.checkSecondOrder(xs -> xs.get(0).square().mul(xs.get(0).detach()),
                List.of(Tensor.of(new double[] {0.5, 1.5})), RNG);
        assertFalse(wrong.passed());
        assertTrue(wrong.toString().startsWith("gradgradcheck FAILED"), wrong.toString());
    }

    @Test
    void randomDirectionCheckScalesToLargeInputs() {
        Function<List<Tensor>, Tensor> layer = xs -> xs.get(0).matmul(xs.get(1)).tanh();
        List<Tensor> inputs = List.of(randn(50, 40), randn(40, 30).mul(0.2));
        GradCheckReport ok = GradCheck.checkDirection(layer, inputs, new SplittableRandom(3));
        assertTrue(ok.passed(), ok.toString());

        Function<List<Tensor>, Tensor> wrong = xs -> xs.get(0).matmul(xs.get(1).detach().mul(2).sub(xs.get(1))).tanh();
        GradCheckReport bad = GradCheck.checkDirection(wrong, inputs, new SplittableRandom(3));
        assertFalse(bad.passed(), bad.toString());
        assertTrue(bad.worst().contains("random direction"), bad.worst());
    }

    @Test
    void refusesFloat32() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.check(xs -> xs.get(0).exp(), List.of(Tensor.of(new float[] {1f, 2f}))));
        assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("float64"), e.getMessage());
        IllegalArgumentException out = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.check(xs -> xs.get(0).toFloat(), List.of(Tensor.of(new double[] {1}))));
        assertTrue(out.getMessage().contains("output"), out.getMessage());
    }

    @Test
    void worksOnRankZeroInputs() {
        GradCheckReport r = GradCheck.check(xs -> xs.get(0).mul(xs.get(1)).exp(),
                List.of(Tensor.scalar(0.5, DType.FLOAT64), Tensor.of(new double[] {1, 2})));
        assertTrue(r.passed(), r.toString());
        assertEquals((1 + 2) * 2, r.entries());
    }

    @Test
    void rejectsInvalidTolerances() {
        assertThrows(IllegalArgumentException.class, () -> new GradCheck.Tolerance(0, 1e-5, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> new GradCheck.Tolerance(1e-6, -1, 1e-3));
    }
}
