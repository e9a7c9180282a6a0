package io.github.tapegrad.nn.check;

import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.autograd.check.GradCheck;
import io.github.tapegrad.nn.Recurrent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metamorphic properties of a recurrent cell: relations between two runs that must hold whatever the
 * right answer is, so they need no reference. Each returns a {@link GradientDiff} over forward values
 * ({@code outputs}, {@code h_final_l0}, ...) and gradients, agreeing when the relation holds.
 */
public final class Metamorphic {
    /** Tolerance for relations that hold exactly in real arithmetic: only summation order differs. */
    public static final GradCheck.Tolerance ROUNDING = new GradCheck.Tolerance(1e-6, 1e-11, 1e-9);

    private Metamorphic() {
    }

    /**
     * Batch invariance: running the batch gives, for each sequence b, what running b alone gives (outputs,
     * final states, input and initial-state gradients); parameter gradients are the sum over sequences. A
     * cell that mixes sequences (a reduction over the wrong axis, a broadcast of the wrong row) fails this.
     */
    public static GradientDiff batchInvariance(RecurrentProblem problem, GradCheck.Tolerance tolerance,
                                               GateBlocks blocks) {
        Map<String, Tensor> whole = valuesAndGradients(problem);
        List<Map<String, Tensor>> alone = new ArrayList<>();
        for (int b = 0; b < problem.batch(); b++) {
            alone.add(valuesAndGradients(problem.sequence(b)));
        }
        Map<String, Tensor> expected = new LinkedHashMap<>();
        Map<String, Tensor> params = problem.net().namedParameters();
        for (String name : whole.keySet()) {
            List<Tensor> parts = new ArrayList<>();
            alone.forEach(m -> parts.add(m.get(name)));
            try (Grad.Scope off = Grad.off()) {
                expected.put(name, params.containsKey(name) ? sum(parts)
                        : Tensor.concat(parts, batchDimension(name)));
            }
        }
        return GradientDiff.compare(whole, expected, tolerance, blocks);
    }

    /**
     * A variant whose extra parameters are zero equals its base: copies every parameter of {@code base} into
     * the parameter of the same name in {@code variant}, sets the variant's other parameters to zero
     * (changing {@code variant}), and compares outputs, final states and the gradients of x, the initial
     * states and every shared parameter. E.g. a peephole LSTM with zero peepholes against LSTMCell.
     *
     * @param problem the inputs and loss weights, on any network (its network is not used)
     */
    public static GradientDiff zeroExtrasMatchBase(Recurrent variant, Recurrent base, RecurrentProblem problem,
                                                   GradCheck.Tolerance tolerance, GateBlocks blocks) {
        Map<String, Tensor> baseParams = base.namedParameters();
        Map<String, Tensor> variantParams = variant.namedParameters();
        if (!variantParams.keySet().containsAll(baseParams.keySet())) {
            List<String> missing = new ArrayList<>(baseParams.keySet());
            missing.removeAll(variantParams.keySet());
            throw new IllegalArgumentException("Metamorphic.zeroExtrasMatchBase: " + variant + " lacks parameters "
                    + missing + " of " + base + "; the variant must keep the base's names");
        }
        try (Grad.Scope off = Grad.off()) {
            for (Map.Entry<String, Tensor> p : variantParams.entrySet()) {
                if (!baseParams.containsKey(p.getKey())) {
                    p.getValue().zero_();
                }
            }
        }
        variant.loadStateDict(base.namedParameters(), false);
        Map<String, Tensor> expected = valuesAndGradients(problem.on(base));
        Map<String, Tensor> actual = valuesAndGradients(problem.on(variant));
        actual.keySet().retainAll(expected.keySet());
        return GradientDiff.compare(actual, expected, tolerance, blocks);
    }

    private static Map<String, Tensor> valuesAndGradients(RecurrentProblem problem) {
        Map<String, Tensor> out = new LinkedHashMap<>(problem.values());
        out.putAll(problem.gradients());
        return out;
    }

    /** x and outputs are [T, B, *]; states [B, ...]. */
    private static int batchDimension(String name) {
        return name.equals("outputs") || name.equals(Attribution.INPUT) ? 1 : 0;
    }

    private static Tensor sum(List<Tensor> parts) {
        Tensor total = parts.get(0);
        for (int k = 1; k < parts.size(); k++) {
            total = total.add(parts.get(k));
        }
        return total;
    }
}
