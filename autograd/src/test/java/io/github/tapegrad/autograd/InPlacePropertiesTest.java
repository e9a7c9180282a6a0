package io.github.tapegrad.autograd;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.quicktheories.QuickTheory.qt;

/**
 * In-place writes against saved tensors, for every row of {@link OpTable} and every in-place op: a write
 * after the forward to something the backward reads must throw, naming the op; any other write, and any
 * write before the forward or after the backward, must leave the gradients exactly those of the values
 * the forward saw. Writes change the values (mul_ by -1.5, not 1), so a rule that read a tensor it did
 * not declare would give a different gradient and fail here too.
 */
class InPlacePropertiesTest {
    private static final int EXAMPLES = 5;
    private static final List<String> WRITES = List.of("copy_", "add_", "mul_", "zero_");

    @Test
    void aWriteAfterTheForwardToASavedTensorThrowsAndAnyOtherWriteChangesNothing() {
        qt().withExamples(EXAMPLES).forAll(OpCase.cases(3)).checkAssert(c -> {
            for (OpSpec spec : OpTable.ALL) {
                List<Tensor> expected = gradients(spec, spec.inputs(c), c.seed());
                for (String write : WRITES) {
                    for (int target = 0; target <= spec.arity(); target++) { // arity: the output, through detach()
                        afterForward(spec, c, write, target, expected);
                    }
                }
            }
        });
    }

    private static void afterForward(OpSpec spec, OpCase c, String write, int target, List<Tensor> expected) {
        List<Tensor> inputs = spec.inputs(c);
        List<Tensor> free = markFree(spec, inputs);
        Tensor y = spec.fn().apply(inputs);
        Tensor loss = y.mul(direction(y, c.seed())).sum();
        boolean output = target == spec.arity();
        write(write, output ? y.detach() : inputs.get(target), c.seed());
        boolean saved = output ? spec.saved().output() : spec.saved().inputs().contains(target);
        String what = spec.name() + " on " + c + ": " + write + " on " + (output ? "its output" : "input " + target)
                + " after the forward";
        List<Tensor> actual;
        try {
            actual = Grad.grad(List.of(loss), free, null, false, false);
        } catch (IllegalStateException e) {
            String prefix = spec.saved().by() + ": its ";
            if (!saved || !e.getMessage().startsWith(prefix) || !e.getMessage().contains("modified in place")) {
                throw new AssertionError(what + ": unexpected " + e, e);
            }
            return;
        }
        if (saved) {
            throw new AssertionError(what + ": backward did not throw although " + spec.saved().by() + " saved it");
        }
        assertSameGradients(expected, actual, what);
    }

    @Test
    void writesBeforeTheForwardAndAfterTheBackwardNeverThrowAndGiveTheGradientOfTheNewValues() {
        qt().withExamples(EXAMPLES).forAll(OpCase.cases(3)).checkAssert(c -> {
            for (OpSpec spec : OpTable.ALL) {
                for (int target = 0; target < spec.arity(); target++) {
                    for (int w = 0; w < WRITES.size(); w++) {
                        List<Tensor> inputs = spec.inputs(c);
                        String what = spec.name() + " on " + c + ", input " + target;
                        write(WRITES.get(w), inputs.get(target), c.seed());
                        assertSameGradients(gradients(spec, copies(inputs), c.seed()),
                                gradients(spec, inputs, c.seed()), what + " after " + WRITES.get(w));
                        // the training loop: update after backward, then a new forward and backward
                        String next = WRITES.get((w + 1) % WRITES.size());
                        write(next, inputs.get(target), c.seed() + 1);
                        assertSameGradients(gradients(spec, copies(inputs), c.seed()),
                                gradients(spec, inputs, c.seed()), what + " after " + WRITES.get(w) + ", " + next);
                    }
                }
            }
        });
    }

    /** Each in-place op, changing every value (a saved tensor's version always moves, even for mul_(1)). */
    private static void write(String op, Tensor t, long seed) {
        try (Grad.Scope off = Grad.off()) {
            switch (op) {
                case "copy_" -> t.copy_(Tensor.uniform(new SplittableRandom(seed ^ 0x5DEECE66DL), 0.5, 1.5, t.dtype(),
                        t.shape().toArray()));
                case "add_" -> t.add_(Tensor.scalar(0.25, t.dtype()), 1.0);
                case "mul_" -> t.mul_(-1.5);
                case "zero_" -> t.zero_();
                default -> throw new IllegalArgumentException(op);
            }
        }
    }

    /** Differentiable inputs require grad (the others stay constants); returns them. */
    private static List<Tensor> markFree(OpSpec spec, List<Tensor> inputs) {
        List<Tensor> free = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (spec.domains().get(i).differentiable()) {
                free.add(inputs.get(i).requiresGrad_(true));
            }
        }
        return free;
    }

    private static Tensor direction(Tensor y, long seed) {
        return Tensor.randn(new SplittableRandom(seed), DType.FLOAT64, y.shape().toArray());
    }

    /** Gradients of sum(v ⊙ f(inputs)) for a seeded direction v. */
    private static List<Tensor> gradients(OpSpec spec, List<Tensor> inputs, long seed) {
        List<Tensor> free = markFree(spec, inputs);
        Tensor y = spec.fn().apply(inputs);
        return Grad.grad(List.of(y.mul(direction(y, seed)).sum()), free, null, false, false);
    }

    private static List<Tensor> copies(List<Tensor> xs) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor x : xs) out.add(Tensor.of(x.toDoubleArray(), x.shape()));
        return out;
    }

    /** Same shapes and bit-for-bit the same values (NaN equal to NaN): the same computation on the same values. */
    private static void assertSameGradients(List<Tensor> expected, List<Tensor> actual, String what) {
        for (int i = 0; i < expected.size(); i++) {
            Tensor e = expected.get(i);
            Tensor a = actual.get(i);
            if (!e.shape().equals(a.shape()) || !Arrays.equals(e.toDoubleArray(), a.toDoubleArray())) {
                throw new AssertionError(what + ": gradient " + i + " is " + a + ", expected " + e);
            }
        }
    }
}
