package io.github.tapegrad.autograd;

import io.github.tapegrad.autograd.check.GradCheck;
import io.github.tapegrad.autograd.check.GradCheckReport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.quicktheories.QuickTheory.qt;

/**
 * For every row of {@link OpTable}: on generated shapes (ranks 0-3, sizes 1-5, broadcasting variants) and
 * values in the row's domain, autograd's first and second derivatives match central differences.
 * Constant inputs (a where mask, a shape carrier) are held fixed; the others are checked.
 */
class OpGradientPropertiesTest {
    private static final int FIRST_ORDER_TRIES = 40;
    private static final int SECOND_ORDER_TRIES = 15;

    @TestFactory
    Stream<DynamicTest> firstDerivativesMatchFiniteDifferences() {
        return OpTable.ALL.stream().map(spec -> dynamicTest(spec.name(), () ->
                qt().withExamples(FIRST_ORDER_TRIES).forAll(OpCase.cases(5))
                        .checkAssert(c -> assertGradients(spec, c, false))));
    }

    /** Sizes up to 3: a second-order check differentiates every gradient entry. */
    @TestFactory
    Stream<DynamicTest> secondDerivativesMatchFiniteDifferences() {
        return OpTable.ALL.stream().map(spec -> dynamicTest(spec.name(), () ->
                qt().withExamples(SECOND_ORDER_TRIES).forAll(OpCase.cases(3))
                        .checkAssert(c -> assertGradients(spec, c, true))));
    }

    static void assertGradients(OpSpec spec, OpCase c, boolean secondOrder) {
        List<Tensor> all = spec.inputs(c);
        List<Integer> free = new ArrayList<>();
        List<Tensor> checked = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (spec.domains().get(i).differentiable()) {
                free.add(i);
                checked.add(all.get(i));
            }
        }
        Function<List<Tensor>, Tensor> f = xs -> {
            List<Tensor> args = new ArrayList<>(all);
            for (int i = 0; i < free.size(); i++) args.set(free.get(i), xs.get(i));
            return spec.fn().apply(args);
        };
        String what = spec.name() + (secondOrder ? " (second order)" : "") + " on shapes " + OpTable.shapesOf(all);
        GradCheckReport report;
        try {
            report = secondOrder
                    ? GradCheck.checkSecondOrder(f, checked, new SplittableRandom(c.seed()), spec.tolerance())
                    : GradCheck.check(f, checked, spec.tolerance());
        } catch (RuntimeException e) {
            throw new AssertionError(what + " threw " + e, e);
        }
        if (!report.passed()) {
            throw new AssertionError(what + ": " + report);
        }
    }
}
