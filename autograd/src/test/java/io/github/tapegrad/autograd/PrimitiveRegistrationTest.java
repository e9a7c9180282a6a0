package io.github.tapegrad.autograd;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static io.github.tapegrad.autograd.TestPrimitives.example;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Registration gradient-checks a primitive's rules and refuses wrong ones, naming the op, the example, the input and
 * the check that failed; a refused name stays free, a registered one is taken.
 */
class PrimitiveRegistrationTest {

    /** x³ with the given rules (either may be null). */
    private static Primitive.Builder<Void> cube(String name, Primitive.Rule<Void> fast, Primitive.Rule<Void> recorded) {
        Primitive.Builder<Void> b = Primitive.<Void>define(name)
                .inputs("x")
                .forward((ctx, in) -> {
                    ctx.save(in.get(0));
                    return List.of(in.get(0).pow(3));
                })
                .example(null, example(1, 2, 2));
        if (fast != null) b.fastVjp(fast);
        if (recorded != null) b.differentiableVjp(recorded);
        return b;
    }

    /** 3x² g, in tensor ops (first and higher orders). */
    private static final Primitive.Rule<Void> RIGHT = (ctx, g) -> new Tensor[] {
        g.get(0).mul(ctx.saved(0).square()).mul(3.0)};

    private static IllegalArgumentException refused(Primitive.Builder<?> b, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::register);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
        return e;
    }

    @Test
    void aRightRuleIsRegisteredAndItsNameIsThenTaken() {
        Primitive<Void> p = cube("reg.cube", RIGHT, RIGHT).register();
        assertTrue(Primitive.registered().contains("reg.cube"));
        Tensor x = example(2, 3);
        assertEquals(x.pow(3).get(1), p.apply(null, x).get(0).get(1), 0.0);
        refused(cube("reg.cube", RIGHT, RIGHT), "primitive reg.cube is already registered");
    }

    @Test
    void aFastRuleWithASignErrorIsRefusedNamingTheOpTheExampleAndTheInput() {
        Primitive.Rule<Void> wrongSign = (ctx, g) -> new Tensor[] {g.get(0).mul(ctx.saved(0).square()).mul(-3.0)};
        refused(cube("reg.cubeSignError", wrongSign, null), "primitive reg.cubeSignError refused: example 0 (x [2, 2]"
                + " float64; checked inputs 0 = x): its fast VJP (first order) is wrong: gradcheck FAILED",
                "worst: input 0 [2, 2] element [", "analytical", "numerical");
        assertFalse(Primitive.registered().contains("reg.cubeSignError"), "a refused name stays free");
        cube("reg.cubeSignError", RIGHT, null).register(); // and can be registered once right
    }

    @Test
    void aDifferentiableRuleRightOnlyAtFirstOrderIsRefusedAtSecondOrder() {
        // reads x detached: the right first derivative, but its own derivative misses 6x
        Primitive.Rule<Void> detached = (ctx, g) -> new Tensor[] {
            g.get(0).mul(ctx.saved(0).detach().square()).mul(3.0)};
        refused(cube("reg.cubeDetached", null, detached), "primitive reg.cubeDetached refused: example 0",
                "its differentiable VJP (second order) is wrong: gradgradcheck FAILED");
    }

    @Test
    void fastAndDifferentiableRulesThatDisagreeAreRefused() {
        Primitive.Rule<Void> doubled = (ctx, g) -> new Tensor[] {g.get(0).mul(ctx.saved(0).square()).mul(6.0)};
        refused(cube("reg.cubeDisagree", RIGHT, doubled), "primitive reg.cubeDisagree refused: example 0",
                "its fast and differentiable VJPs disagree at checked input 0 [2, 2] element");
    }

    @Test
    void onlyInputsThatRequireGradAreCheckedTheOthersHeldConstant() {
        Primitive.Builder<Void> scaled = Primitive.<Void>define("reg.scaledByConstant")
                .inputs("x", "c")
                .forward((ctx, in) -> List.of(in.get(0).mul(in.get(1))))
                .differentiableVjp((ctx, g) -> new Tensor[] {g.get(0), null}) // wrong for x unless c = 1
                .example(null, example(3, 2), Tensor.ones(DType.FLOAT64, 2)); // c constant, all ones
        scaled.register();
        Primitive.Builder<Void> checked = Primitive.<Void>define("reg.scaledChecked")
                .inputs("x", "c")
                .forward((ctx, in) -> List.of(in.get(0).mul(in.get(1))))
                .differentiableVjp((ctx, g) -> new Tensor[] {g.get(0), null})
                .example(null, example(3, 2), Tensor.ones(DType.FLOAT64, 2).requiresGrad_(true)); // c checked
        refused(checked, "checked inputs 0 = x, 1 = c", "worst: input 1 [2]");
    }

    @Test
    void generatedExamplesAreCheckedToo() {
        // right on the fixed example (x = 0), wrong wherever x ≠ 0: only the generated examples catch it
        Primitive.Builder<Void> fixedOnly = Primitive.<Void>define("reg.cubeZeroOnly")
                .inputs("x")
                .forward((ctx, in) -> List.of(in.get(0).pow(3)))
                .fastVjp((ctx, g) -> new Tensor[] {g.get(0).mul(0.0)})
                .example(null, Tensor.zeros(DType.FLOAT64, 2).requiresGrad_(true));
        Primitive<Void> lucky = fixedOnly.register(); // the zero example cannot tell
        assertEquals("reg.cubeZeroOnly", lucky.name());
        Primitive.Builder<Void> generated = Primitive.<Void>define("reg.cubeGenerated")
                .inputs("x")
                .forward((ctx, in) -> List.of(in.get(0).pow(3)))
                .fastVjp((ctx, g) -> new Tensor[] {g.get(0).mul(0.0)})
                .example(null, Tensor.zeros(DType.FLOAT64, 2).requiresGrad_(true))
                .examples(3, rng -> Primitive.Example.of(null, example(rng.nextLong(), 1 + rng.nextInt(3))));
        IllegalArgumentException e = refused(generated, "primitive reg.cubeGenerated refused: example ");
        assertFalse(e.getMessage().contains("example 0"), e.getMessage());
    }

    @Test
    void aRuleOrForwardThatThrowsIsRefusedWithTheCause() {
        Primitive.Builder<Void> b = cube("reg.cubeThrows", (ctx, g) -> {
            throw new ArithmeticException("boom");
        }, null);
        IllegalArgumentException e = refused(b, "primitive reg.cubeThrows refused: example 0",
                "checking its fast VJP (first order) threw java.lang.ArithmeticException: boom");
        assertTrue(e.getCause() instanceof ArithmeticException);
        Primitive.Builder<Void> returnsInput = Primitive.<Void>define("reg.returnsInput")
                .inputs("x")
                .forward((ctx, in) -> List.of(in.get(0)))
                .differentiableVjp((ctx, g) -> new Tensor[] {g.get(0)})
                .example(null, example(4, 2));
        refused(returnsInput, "its forward returned input 0 (x) itself as output 0");
    }

    @Test
    void incompleteDefinitionsAndBadExamplesAreRefused() {
        refused(Primitive.<Void>define("reg.noInputs").forward((ctx, in) -> in).differentiableVjp(RIGHT)
                .example(null, example(5, 2)), "primitive reg.noInputs: declare 1 to 31 distinct input names");
        refused(Primitive.<Void>define("reg.noRule").inputs("x").forward((ctx, in) -> in).example(null, example(5, 2)),
                "needs a forward and a fastVjp or differentiableVjp rule");
        refused(cube("reg.emptyExample", RIGHT, null).example(null), "example 1 has 0 inputs; it takes 1 (x)");
        refused(Primitive.<Void>define("reg.noExamples").inputs("x").forward((ctx, in) -> in).differentiableVjp(RIGHT),
                "needs at least one example");
        refused(Primitive.<Void>define("reg.float32").inputs("x").forward((ctx, in) -> List.of(in.get(0).mul(2.0)))
                .differentiableVjp((ctx, g) -> new Tensor[] {g.get(0).mul(2.0)})
                .example(null, Tensor.randn(new SplittableRandom(6), DType.FLOAT32, 2).requiresGrad_(true)),
                "example 0: input 0 (x) is float32; gradient checks need float64 examples");
        refused(cube("reg.nothingChecked", RIGHT, null).example(null, Tensor.ones(DType.FLOAT64, 2)),
                "example 1: no input requires grad");
        assertThrows(IllegalArgumentException.class, () -> Primitive.define(" "));
    }

    @Test
    void registrationRunsWithGradModeOnWhateverTheCaller() {
        Primitive<Void> p;
        try (Grad.Scope off = Grad.off()) {
            p = cube("reg.cubeUnderNoGrad", RIGHT, RIGHT).register();
            assertFalse(Grad.isEnabled(), "the caller's mode is restored");
        }
        assertTrue(p.supportsHigherOrder());
    }
}
