package io.github.tapegrad.autograd;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static io.github.tapegrad.autograd.TestPrimitives.AFFINE;
import static io.github.tapegrad.autograd.TestPrimitives.BAD_GRADIENT;
import static io.github.tapegrad.autograd.TestPrimitives.EXP_OUT;
import static io.github.tapegrad.autograd.TestPrimitives.PRODUCT_AND_SUM;
import static io.github.tapegrad.autograd.TestPrimitives.RETURNS_INPUT;
import static io.github.tapegrad.autograd.TestPrimitives.SCRATCH_SQUARE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calls of primitives defined through the public API ({@link TestPrimitives}): outputs, gradients against the same
 * formulas in built-in ops, absent and constant inputs, the in-place checks on what they save, the recycling of
 * their private buffers, higher order, and the errors for misuse.
 */
class PrimitiveTest {
    private static Tensor randn(long seed, int... dims) {
        return Tensor.randn(new SplittableRandom(seed), DType.FLOAT64, dims);
    }

    private static void assertClose(Tensor expected, Tensor actual) {
        assertEquals(expected.shape(), actual.shape());
        assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), 1e-12);
    }

    private static void assertContains(String message, String... fragments) {
        for (String f : fragments) {
            assertTrue(message.contains(f), () -> "message '" + message + "' lacks '" + f + "'");
        }
    }

    @Test
    void twoOutputsHaveTheirValuesAndGradientsInBothRules() {
        for (DType dtype : DType.values()) {
            Tensor a = Tensor.randn(new SplittableRandom(1), dtype, 2, 3);
            Tensor b = Tensor.randn(new SplittableRandom(2), dtype, 2, 3);
            List<Tensor> out = PRODUCT_AND_SUM.apply(null, a, b);
            assertArrayEquals(a.mul(b).toDoubleArray(), out.get(0).toDoubleArray(), 0.0, dtype.toString());
            assertArrayEquals(a.add(b).toDoubleArray(), out.get(1).toDoubleArray(), 0.0, dtype.toString());
        }
        Tensor a = randn(1, 2, 3).requiresGrad_(true);
        Tensor b = randn(2, 2, 3).requiresGrad_(true);
        Tensor u = randn(3, 2, 3);
        Tensor v = randn(4, 2, 3);
        List<Tensor> out = PRODUCT_AND_SUM.apply(null, a, b);
        Tensor loss = out.get(0).mul(u).sum().add(out.get(1).mul(v).sum());
        List<Tensor> fast = Grad.grad(List.of(loss), List.of(a, b), null, true, false);
        List<Tensor> recorded = Grad.grad(List.of(loss), List.of(a, b), null, false, true);
        List<Tensor> expected = Grad.grad(a.mul(b).mul(u).sum().add(a.add(b).mul(v).sum()), List.of(a, b));
        for (int k = 0; k < 2; k++) {
            assertClose(expected.get(k), fast.get(k));
            assertClose(expected.get(k), recorded.get(k));
        }
        assertTrue(recorded.get(0).requiresGrad(), "the differentiable rule is recorded under createGraph");
    }

    @Test
    void anOutputWithoutGradientReachesTheRuleAsZeros() {
        Tensor a = randn(1, 2, 2).requiresGrad_(true);
        Tensor b = randn(2, 2, 2).requiresGrad_(true);
        TestPrimitives.productAndSumGrads = null;
        PRODUCT_AND_SUM.apply(null, a, b).get(0).sum().backward(); // the sum output gets no gradient
        double[][] seen = TestPrimitives.productAndSumGrads;
        assertNotNull(seen);
        assertArrayEquals(new double[] {1, 1, 1, 1}, seen[0], 0.0);
        assertArrayEquals(new double[4], seen[1], 0.0);
        assertClose(b, a.grad());
    }

    @Test
    void anAbsentOptionalInputIsNullInTheRuleAndGetsNoGradient() {
        Tensor x = randn(1, 3).requiresGrad_(true);
        Tensor shift = randn(2, 3).requiresGrad_(true);
        Tensor y = AFFINE.apply(null, x, null, shift).get(0);
        assertClose(x.add(shift), y);
        List<Tensor> g = Grad.grad(y.mul(randn(3, 3)).sum(), List.of(x, shift));
        assertClose(randn(3, 3), g.get(0));
        assertClose(randn(3, 3), g.get(1));
        assertArrayEquals(new boolean[] {true, false, true}, TestPrimitives.affineNeeds);
        // and with the middle input present, the last absent
        Tensor scale = randn(4, 3).requiresGrad_(true);
        Tensor z = AFFINE.apply(null, x, scale, null).get(0);
        List<Tensor> h = Grad.grad(z.sum(), List.of(x, scale));
        assertClose(scale, h.get(0));
        assertClose(x, h.get(1));
    }

    @Test
    void anInputThatDoesNotRequireGradIsHeldConstant() {
        Tensor x = randn(1, 2, 2).requiresGrad_(true);
        Tensor scale = randn(2, 2, 2); // a constant
        Tensor shift = randn(3, 2, 2).requiresGrad_(true);
        AFFINE.apply(null, x, scale, shift).get(0).sum().backward();
        assertArrayEquals(new boolean[] {true, false, true}, TestPrimitives.affineNeeds);
        assertClose(scale, x.grad());
        assertNull(scale.grad());
        assertClose(Tensor.ones(DType.FLOAT64, 2, 2), shift.grad());
        // no input requires grad: nothing is recorded
        Tensor y = AFFINE.apply(null, randn(4, 2), null, null).get(0);
        assertFalse(y.requiresGrad());
        assertTrue(y.isLeaf());
    }

    @Test
    void writingASavedInputInPlaceAfterTheForwardMakesBackwardThrowNamingThePrimitive() {
        Tensor a = randn(1, 3).requiresGrad_(true);
        Tensor b = randn(2, 3).requiresGrad_(true);
        Tensor loss = PRODUCT_AND_SUM.apply(null, a, b).get(0).sum();
        try (Grad.Scope off = Grad.off()) {
            a.mul_(2.0);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertContains(e.getMessage(), "test.productAndSum: its input 0, [3] float64, saved for backward, was modified");
    }

    @Test
    void aSavedViewOfAnInputIsCheckedLikeTheInput() {
        Tensor x = randn(1, 2, 2).requiresGrad_(true);
        Tensor loss = SCRATCH_SQUARE.apply(null, x).get(0).sum();
        try (Grad.Scope off = Grad.off()) {
            x.add_(Tensor.scalar(1, DType.FLOAT64), 1.0);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertContains(e.getMessage(), "test.scratchSquare: its input 0", "modified in place");
    }

    @Test
    void writingASavedOutputInPlaceMakesBackwardThrow() {
        Tensor x = randn(1, 3).requiresGrad_(true);
        Tensor y = EXP_OUT.apply(null, x).get(0);
        Tensor loss = y.sum();
        try (Grad.Scope off = Grad.off()) {
            y.detach().mul_(2.0);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertContains(e.getMessage(), "test.expOut: its output 0, [3] float64, saved for backward");
    }

    @Test
    void writingAnInputThePrimitiveDidNotSaveChangesNothing() {
        Tensor x = randn(1, 3).requiresGrad_(true);
        Tensor scale = randn(2, 3).requiresGrad_(true);
        Tensor shift = randn(3, 3).requiresGrad_(true);
        Tensor loss = AFFINE.apply(null, x, scale, shift).get(0).sum();
        try (Grad.Scope off = Grad.off()) {
            shift.mul_(-3.0);
        }
        List<Tensor> g = Grad.grad(loss, List.of(x, scale));
        assertClose(scale, g.get(0));
        assertClose(x, g.get(1));
    }

    @Test
    void buffersTheForwardDidNotKeepAreRecycledWhenItReturnsAndSavedOnesWhenTheGraphIsReleased() {
        Tensor x = randn(1, 2, 2).requiresGrad_(true);
        Tensor loss = SCRATCH_SQUARE.apply(null, x).get(0).sum();
        assertThrows(IllegalStateException.class, () -> TestPrimitives.scratchTemporary.get(0));
        Tensor saved = TestPrimitives.scratchPrivate;
        assertEquals(2 * x.get(3), saved.get(3), 0.0); // alive while the graph may run backward
        loss.backward(null, true, false);
        assertEquals(2 * x.get(3), saved.get(3), 0.0); // a retained graph keeps it
        assertClose(x.mul(2.0), x.grad());
        loss.backward(); // releases the graph
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> saved.get(0));
        assertContains(e.getMessage(), "recycled");
        // nothing recorded: the saved buffer has no rule to serve and goes back at once
        SCRATCH_SQUARE.apply(null, randn(2, 2, 2));
        assertThrows(IllegalStateException.class, () -> TestPrimitives.scratchPrivate.get(0));
    }

    @Test
    void aDifferentiableRuleGivesSecondDerivatives() {
        Tensor x = randn(1, 4).requiresGrad_(true);
        Tensor dy = Grad.grad(List.of(EXP_OUT.apply(null, x).get(0).sum()), List.of(x), null, true, true).get(0);
        assertTrue(EXP_OUT.supportsHigherOrder());
        assertClose(x.exp(), Grad.grad(dy.sum(), List.of(x)).get(0)); // (eˣ)'' = eˣ
        Tensor a = randn(2, 3).requiresGrad_(true);
        Tensor b = randn(3, 3).requiresGrad_(true);
        List<Tensor> g = Grad.grad(List.of(PRODUCT_AND_SUM.apply(null, a, b).get(0).sum()), List.of(a), null, true,
                true);
        assertClose(Tensor.ones(DType.FLOAT64, 3), Grad.grad(g.get(0).sum(), List.of(b)).get(0)); // ∂²(ab)/∂a∂b = 1
    }

    @Test
    void aPrimitiveWithOnlyAFastRuleRefusesCreateGraphNamingItself() {
        Tensor x = randn(1, 3).requiresGrad_(true);
        assertFalse(SCRATCH_SQUARE.supportsHigherOrder());
        Tensor y = SCRATCH_SQUARE.apply(null, x).get(0).sum();
        assertClose(x.mul(2.0), Grad.grad(List.of(y), List.of(x), null, true, false).get(0));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Grad.grad(List.of(y), List.of(x), null, false, true));
        assertContains(e.getMessage(), "test.scratchSquare", "fast VJP", "createGraph", "differentiableVjp");
    }

    @Test
    void badInputsAreRejectedNamingTheOpAndEveryInput() {
        Tensor a = randn(1, 2, 3);
        TensorAssert.assertRejected(() -> PRODUCT_AND_SUM.apply(null, a),
                "test.productAndSum: [2, 3] float64: expects 2 inputs (a, b), got 1");
        TensorAssert.assertRejected(() -> PRODUCT_AND_SUM.apply(null, a, null),
                "test.productAndSum: [2, 3] float64, null: input 1 (b) is required");
        TensorAssert.assertRejected(() -> PRODUCT_AND_SUM.apply(null, a, a.toFloat()),
                "test.productAndSum: [2, 3] float64, [2, 3] float32: mixed dtypes");
        TensorAssert.assertRejected(() -> PRODUCT_AND_SUM.apply(null, a, randn(2, 3, 2)),
                "test.productAndSum: [2, 3] float64, [3, 2] float64: a and b must have one shape");
        TensorAssert.assertRejected(() -> AFFINE.apply(null, a, null, randn(2, 3)),
                "test.affine: [2, 3] float64, null, [3] float64: scale and shift must have x's shape");
    }

    @Test
    void aForwardThatReturnsItsInputOrARuleThatReturnsAWrongShapeIsStoppedNamingTheOp() {
        Tensor x = randn(1, 2).requiresGrad_(true);
        IllegalStateException forward = assertThrows(IllegalStateException.class, () -> RETURNS_INPUT.apply(true, x));
        assertContains(forward.getMessage(), "test.returnsInput: its forward returned input 0 (x) itself as output 0");
        assertTrue(x.isLeaf(), "the input is untouched");
        Tensor y = BAD_GRADIENT.apply(true, x).get(0).sum();
        IllegalStateException rule = assertThrows(IllegalStateException.class, y::backward);
        assertContains(rule.getMessage(), "test.badGradient: its VJP returned [3] float64 as the gradient of input 0"
                + " (x), which is [2] float64");
    }

    @Test
    void anomalyModeNamesThePrimitiveAndTheCallSite() {
        Tensor x = Tensor.of(new double[] {Double.POSITIVE_INFINITY, 1}).requiresGrad_(true);
        Tensor zero = Tensor.of(new double[] {0, 1});
        try (Grad.Scope anomaly = Grad.detectAnomaly()) {
            AnomalyException e = assertThrows(AnomalyException.class, () -> AFFINE.apply(null, x, zero, null));
            assertContains(e.getMessage(), "anomaly: test.affine produced NaN", PrimitiveTest.class.getName());
        }
    }

    @Test
    void registeredPrimitivesAreListedByName() {
        assertTrue(Primitive.registered().containsAll(List.of("test.productAndSum", "test.affine", "test.expOut",
                "test.scratchSquare")), () -> Primitive.registered().toString());
        assertEquals(List.of("x", "scale", "shift"), AFFINE.inputs());
        assertEquals("test.affine", AFFINE.name());
        assertEquals(Arrays.asList("a", "b"), PRODUCT_AND_SUM.inputs());
    }
}
