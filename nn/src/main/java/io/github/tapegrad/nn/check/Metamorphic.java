package io.github.tapegrad.nn.check;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.autograd.Shape;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.autograd.check.GradCheck;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.Recurrent;
import io.github.tapegrad.nn.State;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Metamorphic properties of a recurrent cell: relations between two runs that must hold whatever the
 * right answer is, so they need no reference. Each returns a {@link GradientDiff} over forward values
 * ({@code outputs}, {@code h_final_l0}, ...) and gradients, agreeing when the relation holds.
 */
public final class Metamorphic {
    /** Tolerance for relations that hold exactly in real arithmetic: only summation order differs. */
    public static final GradCheck.Tolerance ROUNDING = new GradCheck.Tolerance(1e-6, 1e-11, 1e-9);
    /** For relations that hold to the bit: no arithmetic differs (eps is unused). */
    static final GradCheck.Tolerance EXACT = new GradCheck.Tolerance(1e-6, 0, 0);

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
     * states and every shared parameter. E.g. a peephole LSTM with zero peepholes against LSTMCell. Proves
     * equality on that subspace only: nothing about the variant with nonzero extras.
     *
     * @param problem the inputs and loss weights, on any network (its network is not used)
     * @throws IllegalArgumentException when the variant lacks a parameter of the base, or has it in another
     *     shape (then the cells need a {@link ParameterMap})
     */
    public static GradientDiff zeroExtrasMatchBase(Recurrent variant, Recurrent base, RecurrentProblem problem,
                                                   GradCheck.Tolerance tolerance, GateBlocks blocks) {
        requireSameStates(variant, base, problem.batch());
        Map<String, Tensor> baseParams = base.namedParameters();
        Map<String, Tensor> variantParams = variant.namedParameters();
        for (Map.Entry<String, Tensor> p : baseParams.entrySet()) {
            Tensor mine = variantParams.get(p.getKey());
            if (mine == null || !mine.shape().equals(p.getValue().shape())) {
                throw new MisconfiguredCheck("reducesTo: without a ParameterMap the base's parameters are copied into"
                        + " the variant's of the same name, but " + variant.cell(0) + (mine == null ? " has no "
                        + p.getKey() : " has " + p.getKey() + " " + mine.shape()) + " where " + base.cell(0) + " has "
                        + p.getKey() + " " + p.getValue().shape() + "; give reducesTo(base, map) a ParameterMap");
            }
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

    /**
     * A variant equals its base under a mapping of parameters: loads {@code map} of each layer of the
     * variant's parameters into {@code base} (changing it), and compares outputs, final states, the gradients
     * of x and the initial states, and the variant's parameter gradients with the base's carried back through
     * the map by the chain rule (the map is recorded; an output it computes from no variant parameter is a
     * constant). Proves equality on the map's image in the base's parameter space, for every variant value.
     *
     * @throws IllegalArgumentException when the map throws, or returns names, shapes or dtypes other than the
     *     base cell's parameters, or the two cells' states differ in layout
     */
    public static GradientDiff mapsToBase(Recurrent variant, Recurrent base, ParameterMap map, RecurrentProblem problem,
                                          GradCheck.Tolerance tolerance, GateBlocks blocks) {
        requireSameStates(variant, base, problem.batch());
        Map<String, Tensor> leaves = new LinkedHashMap<>();  // the variant's parameters as fresh leaves, full names
        Map<String, Tensor> mapped = new LinkedHashMap<>();  // the base's, recorded from the leaves, full names
        for (int l = 0; l < variant.cells().size(); l++) {
            mapLayer(variant, base, map, l, leaves, mapped);
        }
        Map<String, Tensor> detached = new LinkedHashMap<>();
        mapped.forEach((name, t) -> detached.put(name, t.detach()));
        base.loadStateDict(detached, true);
        Map<String, Tensor> baseResult = valuesAndGradients(problem.on(base));
        Map<String, Tensor> expected = new LinkedHashMap<>(baseResult);
        expected.keySet().removeAll(mapped.keySet());
        expected.putAll(chainRule(mapped, baseResult, leaves));
        return GradientDiff.compare(valuesAndGradients(problem.on(variant)), expected, tolerance, blocks);
    }

    /** Layer l of the variant's parameters as fresh leaves into {@code leaves}, and the map of them into {@code mapped}. */
    private static void mapLayer(Recurrent variant, Recurrent base, ParameterMap map, int l, Map<String, Tensor> leaves,
                                 Map<String, Tensor> mapped) {
        Map<String, Tensor> layer = new LinkedHashMap<>();
        Parameters.local(variant, l).forEach((name, t) -> layer.put(name, t.detach().mul(1.0).requiresGrad_(true)));
        Map<String, Tensor> out;
        try (Grad.Scope on = Grad.on()) {
            out = map.apply(Collections.unmodifiableMap(layer));
        } catch (RuntimeException e) {
            throw new MisconfiguredCheck("reducesTo: the parameter map threw on layer " + l + " of " + variant.cell(l)
                    + " " + Parameters.describe(layer) + ": " + e, e);
        }
        requireFits(out, Parameters.local(base, l), l, variant.cell(l), layer, base.cell(l));
        String suffix = Parameters.suffix(variant, l);
        layer.forEach((name, t) -> leaves.put(name + suffix, t));
        out.forEach((name, t) -> mapped.put(name + suffix, t));
    }

    /** d loss / d leaves = Jᵀ of the map times the base's parameter gradients, by name of the leaves. */
    private static Map<String, Tensor> chainRule(Map<String, Tensor> mapped, Map<String, Tensor> baseGradients,
                                                 Map<String, Tensor> leaves) {
        List<Tensor> outputs = new ArrayList<>();
        List<Tensor> upstream = new ArrayList<>();
        mapped.forEach((name, t) -> {
            if (t.requiresGrad()) { // else a constant of the map
                outputs.add(t);
                upstream.add(baseGradients.get(name));
            }
        });
        List<Tensor> inputs = new ArrayList<>(leaves.values());
        List<Tensor> grads = new ArrayList<>();
        if (outputs.isEmpty()) {
            inputs.forEach(t -> grads.add(Tensor.zeros(t.shape(), t.dtype())));
        } else {
            try (Grad.Scope on = Grad.on()) {
                grads.addAll(Grad.grad(outputs, inputs, upstream, false, false));
            }
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        int k = 0;
        for (String name : leaves.keySet()) {
            out.put(name, grads.get(k++));
        }
        return out;
    }

    private static void requireFits(Map<String, Tensor> out, Map<String, Tensor> want, int l, Cell variant,
                                    Map<String, Tensor> given, Cell base) {
        String what = "reducesTo: the parameter map, given layer " + l + " of " + variant + " "
                + Parameters.describe(given) + ", returned ";
        if (out == null || !out.keySet().equals(want.keySet())) {
            Set<String> missing = new LinkedHashSet<>(want.keySet());
            Set<String> unexpected = new LinkedHashSet<>();
            if (out != null) {
                missing.removeAll(out.keySet());
                unexpected.addAll(out.keySet());
                unexpected.removeAll(want.keySet());
            }
            throw new MisconfiguredCheck(what + (out == null ? "null" : Parameters.describe(out)) + "; layer " + l
                    + " of " + base + " needs " + Parameters.describe(want) + " (missing " + missing + ", unexpected "
                    + unexpected + ")");
        }
        for (Map.Entry<String, Tensor> e : want.entrySet()) {
            Tensor t = out.get(e.getKey());
            if (t == null || !t.shape().equals(e.getValue().shape()) || t.dtype() != e.getValue().dtype()) {
                throw new MisconfiguredCheck(what + e.getKey() + " " + (t == null ? "null" : t.shape() + " " + t.dtype())
                        + "; layer " + l + " of " + base + " has " + e.getKey() + " " + e.getValue().shape() + " "
                        + e.getValue().dtype());
            }
        }
    }

    /** The variant and base hold states of the same layout, so their values and gradients share names. */
    private static void requireSameStates(Recurrent variant, Recurrent base, int batch) {
        if (variant.cells().size() != base.cells().size()) {
            throw new MisconfiguredCheck("reducesTo: " + variant + " and " + base + " stack different numbers of layers");
        }
        for (int l = 0; l < variant.cells().size(); l++) {
            State a = variant.cell(l).initialState(batch, DType.FLOAT64);
            State b = base.cell(l).initialState(batch, DType.FLOAT64);
            if (!shapes(a).equals(shapes(b))) {
                throw new MisconfiguredCheck("reducesTo: " + variant.cell(l) + " holds the state " + a + ", its base "
                        + base.cell(l) + " " + b + "; a variant must keep its base's state tensors");
            }
        }
    }

    private static List<Shape> shapes(State s) {
        List<Shape> out = new ArrayList<>();
        s.tensors().forEach(t -> out.add(t.shape()));
        return out;
    }

    /**
     * A zero-length sequence (T = 0) runs no step: outputs [0, B, H], final states equal to the initial ones
     * exactly, and so their gradients equal the final-state loss weights, every parameter's gradient is zero.
     */
    public static GradientDiff zeroLength(RecurrentProblem problem) {
        RecurrentProblem empty = problem.prefix(0);
        Recurrent net = problem.net();
        Map<String, Tensor> expected = new LinkedHashMap<>();
        expected.put("outputs", Tensor.zeros(DType.FLOAT64, 0, problem.batch(), net.hiddenSize()));
        for (int l = 0; l < net.cells().size(); l++) {
            List<Tensor> init = problem.initialStates().get(l).tensors();
            for (int k = 0; k < init.size(); k++) {
                expected.put(RecurrentProblem.stateName(k, "final", net, l), init.get(k));
            }
        }
        net.namedParameters().forEach((name, t) -> expected.put(name, Tensor.zeros(t.shape(), DType.FLOAT64)));
        expected.put(Attribution.INPUT, Tensor.zeros(DType.FLOAT64, 0, problem.batch(), net.inputSize()));
        for (int l = 0; l < net.cells().size(); l++) {
            List<Tensor> w = problem.finalStateWeights().get(l).tensors();
            for (int k = 0; k < w.size(); k++) {
                expected.put(RecurrentProblem.stateName(k, "0", net, l), w.get(k));
            }
        }
        return GradientDiff.compare(valuesAndGradients(empty), expected, EXACT, GateBlocks.none(net.hiddenSize()));
    }

    /**
     * State carried = sequence split in two: running steps [0, k) then [k, T) from the first run's final
     * states gives one run's outputs (concatenated), final states and gradients of every parameter, x and the
     * initial states. A cell that keeps something across steps outside its declared state fails it.
     */
    public static GradientDiff sequenceSplit(RecurrentProblem problem, int k, GradCheck.Tolerance tolerance,
                                             GateBlocks blocks) {
        return GradientDiff.compare(valuesAndGradients(problem.splitAt(k)), valuesAndGradients(problem), tolerance,
                blocks);
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
