package io.github.tapegrad.nn.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;

import io.github.tapegrad.nn.reference.CellKind;
import io.github.tapegrad.nn.reference.GeneratedCase;
import io.github.tapegrad.nn.reference.GradientComparison;
import io.github.tapegrad.nn.reference.RecurrentSpec;
import io.github.tapegrad.nn.reference.ReferenceGenerators;
import io.github.tapegrad.nn.reference.ReferenceProblem;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * nn.Recurrent's bidirectional stacks and variable-length batches ({@code forward(x, lengths, initialStates)})
 * against the hand-derived reference BPTT, float64: outputs, every cell's final states, and autograd's gradient
 * of every parameter (forward and reverse cells), of x and of every initial state. Two exact derivations agree
 * to rounding, so the bound is tight: 1e-11 relative, measured absolutely below magnitude 1e-3 (1e-14 there).
 */
class BidirectionalLengthsAgreementPropertiesTest {
    static final int EXAMPLES = 200;
    /** Below this magnitude an error is measured absolutely: cancellation leaves only rounding noise there. */
    static final double FLOOR = 1e-3;
    static final double TOLERANCE = 1e-11;

    @Test
    void autogradEqualsTheReferenceOnBidirectionalAndVariableLengthStacks() {
        Coverage coverage = new Coverage();
        double[] worst = {0, 0};
        qt().withExamples(EXAMPLES)
                .forAll(ReferenceGenerators.extendedCases(arbitrary().enumValues(CellKind.class), 5, 4, 4))
                .checkAssert(c -> {
                    double[] errors = check(c);
                    worst[0] = Math.max(worst[0], errors[0]);
                    worst[1] = Math.max(worst[1], errors[1]);
                    coverage.add(c.spec());
                });
        System.out.printf(Locale.ROOT, "bidirectional/lengths agreement: %s; max relative error forward %.3g,"
                + " gradients %.3g%n", coverage, worst[0], worst[1]);
        coverage.assertComplete();
    }

    /** Corner cases named outright, for every kind: lengths 0, T, unsorted, all 0, all T, all shorter than T. */
    @ParameterizedTest
    @EnumSource(CellKind.class)
    void cornerCasesAgree(CellKind kind) {
        List<RecurrentSpec> specs = List.of(
                new RecurrentSpec(kind, 4, 5, 3, 2, 2, true, new int[] {2, 4, 0, 1, 3}),
                new RecurrentSpec(kind, 4, 5, 3, 2, 2, false, new int[] {2, 4, 0, 1, 3}),
                new RecurrentSpec(kind, 3, 2, 2, 3, 2, true, new int[] {0, 0}),
                new RecurrentSpec(kind, 3, 2, 2, 3, 2, true, new int[] {3, 3}),
                new RecurrentSpec(kind, 5, 3, 2, 2, 2, true, new int[] {1, 3, 2}),
                new RecurrentSpec(kind, 3, 1, 2, 2, 1, true, new int[] {0}),
                new RecurrentSpec(kind, 3, 3, 2, 3, 2, true, null));
        long seed = 11;
        for (RecurrentSpec spec : specs) {
            check(new GeneratedCase(spec, seed++));
        }
    }

    /** Asserts agreement; returns the worst forward and gradient errors. */
    private static double[] check(GeneratedCase c) {
        ReferenceProblem problem = c.problem();
        ReferenceAdapter.Autograd nn = ReferenceAdapter.autograd(problem);
        GradientComparison.Mismatch forward = GradientComparison.worst(nn.forward(), problem.forward(), FLOOR);
        GradientComparison.Mismatch gradients = GradientComparison.worst(nn.gradients(), problem.backward(), FLOOR);
        assertTrue(forward.error() <= TOLERANCE, () -> c + " forward: " + forward);
        assertTrue(gradients.error() <= TOLERANCE, () -> c + " gradients: " + gradients);
        return new double[] {forward.error(), gradients.error()};
    }

    /** What the generated cases covered. */
    private static final class Coverage {
        final Set<CellKind> unidirectional = EnumSet.noneOf(CellKind.class);
        final Set<CellKind> bidirectional = EnumSet.noneOf(CellKind.class);
        int cases;
        int twoLayerBidirectional;
        int fixed;
        int withZero;
        int withFull;
        int unsorted;
        int allShorter;

        void add(RecurrentSpec spec) {
            cases++;
            (spec.bidirectional() ? bidirectional : unidirectional).add(spec.kind());
            twoLayerBidirectional += spec.bidirectional() && spec.layers() == 2 ? 1 : 0;
            int[] lengths = spec.lengths();
            if (lengths == null) {
                fixed++;
                return;
            }
            withZero += any(lengths, n -> n == 0) ? 1 : 0;
            withFull += any(lengths, n -> n == spec.steps()) ? 1 : 0;
            allShorter += any(lengths, n -> n == spec.steps()) ? 0 : 1;
            for (int b = 1; b < lengths.length; b++) {
                if (lengths[b] > lengths[b - 1]) {
                    unsorted++;
                    break;
                }
            }
        }

        private static boolean any(int[] values, Predicate<Integer> test) {
            for (int v : values) {
                if (test.test(v)) {
                    return true;
                }
            }
            return false;
        }

        void assertComplete() {
            assertTrue(unidirectional.equals(EnumSet.allOf(CellKind.class))
                    && bidirectional.equals(EnumSet.allOf(CellKind.class)), () -> "every kind both ways: " + this);
            assertTrue(twoLayerBidirectional > 0 && fixed > 0 && withZero > 0 && withFull > 0 && unsorted > 0
                    && allShorter > 0, () -> "every shape of batch: " + this);
        }

        @Override
        public String toString() {
            return cases + " cases (" + twoLayerBidirectional + " 2-layer bidirectional, " + fixed + " fixed length, "
                    + withZero + " with a length 0, " + withFull + " with a length T, " + unsorted + " unsorted, "
                    + allShorter + " all shorter than T)";
        }
    }
}
