package io.github.tapegrad.nn.verify;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.tapegrad.autograd.check.GradCheck;
import io.github.tapegrad.nn.check.GradientDiff;
import io.github.tapegrad.nn.check.RecurrentProblem;
import io.github.tapegrad.nn.reference.CellKind;
import io.github.tapegrad.nn.reference.GeneratedCase;
import io.github.tapegrad.nn.reference.Mistake;
import io.github.tapegrad.nn.reference.RecurrentSpec;
import io.github.tapegrad.nn.reference.ReferenceProblem;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quicktheories.core.Gen;

/**
 * Generated cases for autograd-against-reference properties (T 1-8, B 1-4, I 1-6, H 1-6, 1-2 layers), the
 * comparison they make, and reading back the case QuickTheories reports after shrinking.
 */
final class VerifyCases {
    /**
     * Autograd and the reference are two exact derivations, so they agree to rounding: 1e-9 relative,
     * measured absolutely (1e-12) below magnitude 1e-3, where cancellation leaves only rounding noise.
     */
    static final GradCheck.Tolerance EXACT = new GradCheck.Tolerance(1e-6, 1e-12, 1e-9);

    private static final Pattern CASE = Pattern.compile(
            "Smallest found falsifying value\\(s\\) :-\\s*GeneratedCase\\[spec=(\\w+)\\[T=(\\d+), B=(\\d+), I=(\\d+),"
                    + " H=(\\d+), layers=(\\d+)], seed=(-?\\d+)]");

    private VerifyCases() {
    }

    static Gen<GeneratedCase> cases(CellKind kind) {
        Gen<int[]> sizes = integers().between(1, 8).zip(integers().between(1, 4), integers().between(1, 6),
                integers().between(1, 6), (t, b, i, h) -> new int[] {t, b, i, h});
        return sizes.zip(integers().between(1, 2), longs().all(),
                (s, layers, seed) -> new GeneratedCase(new RecurrentSpec(kind, s[0], s[1], s[2], s[3], layers), seed));
    }

    /** Autograd's gradients (nn's cells run by Recurrent) against the reference's, with {@code mistake} applied. */
    static GradientDiff compare(GeneratedCase c, Mistake mistake) {
        ReferenceProblem reference = c.problem();
        RecurrentProblem problem = ReferenceAdapter.problem(reference);
        return GradientDiff.compare(problem.gradients(),
                ReferenceAdapter.gradients(c.spec(), reference.backward(mistake)), EXACT,
                ReferenceAdapter.gates(c.spec()));
    }

    /** Autograd's gradient of x for {@code c}. */
    static io.github.tapegrad.autograd.Tensor autogradX(GeneratedCase c) {
        return ReferenceAdapter.problem(c.problem()).gradients().get("x");
    }

    /** The reference's gradient of x for {@code c}, with {@code mistake}. */
    static io.github.tapegrad.autograd.Tensor referenceX(GeneratedCase c, Mistake mistake) {
        return ReferenceAdapter.gradients(c.spec(), c.problem().backward(mistake)).get("x");
    }

    /** The smallest falsifying case in a QuickTheories failure message. */
    static GeneratedCase falsifyingCase(AssertionError failure) {
        Matcher m = CASE.matcher(String.valueOf(failure.getMessage()));
        if (!m.find()) {
            throw new AssertionError("no GeneratedCase in QuickTheories' message: " + failure.getMessage());
        }
        RecurrentSpec spec = new RecurrentSpec(CellKind.valueOf(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                Integer.parseInt(m.group(6)));
        return new GeneratedCase(spec, Long.parseLong(m.group(7)));
    }
}
