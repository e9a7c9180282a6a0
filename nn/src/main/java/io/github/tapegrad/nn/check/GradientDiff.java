package io.github.tapegrad.nn.check;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.autograd.check.GradCheck;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Entry-by-entry comparison of two sets of named tensors (gradients from autograd against finite
 * differences or a hand derivation; or forward values). An entry agrees when
 * {@code |a - e| <= atol + rtol * |e|}, GradCheck's rule. Each tensor's {@link TensorDiff} says how many
 * entries differ, the worst one, which gate blocks of a packed weight hold the differences, and the first
 * index along dimension 0 that differs (the time step, for {@code x [T, B, I]}).
 */
public record GradientDiff(List<TensorDiff> tensors, double atol, double rtol) {

    public GradientDiff {
        tensors = List.copyOf(tensors);
    }

    /**
     * Compares every tensor of {@code expected} with the tensor of the same name in {@code actual}.
     *
     * @param blocks the gate layout, for attributing mismatches to gates
     */
    public static GradientDiff compare(Map<String, Tensor> actual, Map<String, Tensor> expected,
                                       GradCheck.Tolerance tolerance, GateBlocks blocks) {
        if (!actual.keySet().equals(expected.keySet())) {
            throw new IllegalArgumentException("GradientDiff.compare: names differ: actual " + actual.keySet()
                    + " vs expected " + expected.keySet());
        }
        List<TensorDiff> diffs = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            diffs.add(compareOne(e.getKey(), actual.get(e.getKey()), e.getValue(), tolerance, blocks));
        }
        return new GradientDiff(diffs, tolerance.atol(), tolerance.rtol());
    }

    private static TensorDiff compareOne(String name, Tensor actual, Tensor expected, GradCheck.Tolerance tol,
                                         GateBlocks blocks) {
        if (!actual.shape().equals(expected.shape())) {
            throw new IllegalArgumentException("GradientDiff.compare: " + name + ": actual " + actual.shape()
                    + " vs expected " + expected.shape());
        }
        double[] a = actual.toDoubleArray();
        double[] e = expected.toDoubleArray();
        // below this magnitude an error is measured absolutely: the tolerance's own crossover point
        double floor = tol.rtol() > 0 ? Math.max(tol.atol() / tol.rtol(), Double.MIN_NORMAL) : 1;
        int rows = expected.rank() == 0 ? 1 : expected.dim(0);
        List<String> layout = expected.rank() > 0 ? blocks.gatesOf(name, rows) : List.of();
        int blockRows = layout.isEmpty() ? 1 : rows / layout.size();
        Set<String> gates = new LinkedHashSet<>();
        int mismatches = 0;
        int worst = 0;
        double worstExcess = Double.NEGATIVE_INFINITY;
        double maxRelative = 0;
        int earliest = -1;
        for (int k = 0; k < e.length; k++) {
            double diff = Math.abs(a[k] - e[k]);
            double excess = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff - tol.atol() - tol.rtol() * Math.abs(e[k]);
            double relative = Double.isNaN(diff) ? Double.POSITIVE_INFINITY
                    : diff / Math.max(floor, Math.max(Math.abs(a[k]), Math.abs(e[k])));
            maxRelative = Math.max(maxRelative, relative);
            if (excess > worstExcess) {
                worstExcess = excess;
                worst = k;
            }
            if (excess > 0) {
                mismatches++;
                int row = k / Math.max(1, e.length / rows);
                if (!layout.isEmpty()) {
                    gates.add(layout.get(row / blockRows));
                }
                earliest = earliest < 0 ? row : Math.min(earliest, row);
            }
        }
        List<String> orderedGates = new ArrayList<>();
        for (String g : layout) {
            if (gates.contains(g)) {
                orderedGates.add(g);
            }
        }
        return new TensorDiff(name, expected.shape(), e.length, mismatches, worst, a.length == 0 ? 0 : a[worst],
                e.length == 0 ? 0 : e[worst], maxRelative, orderedGates, earliest);
    }

    /** Whether every entry of every tensor agrees. */
    public boolean agrees() {
        return mismatched().isEmpty();
    }

    /** The tensors holding at least one mismatch, in comparison order. */
    public List<TensorDiff> mismatched() {
        List<TensorDiff> out = new ArrayList<>();
        for (TensorDiff d : tensors) {
            if (!d.agrees()) {
                out.add(d);
            }
        }
        return out;
    }

    /** The names of {@link #mismatched()}. */
    public Set<String> mismatchedNames() {
        Set<String> out = new LinkedHashSet<>();
        mismatched().forEach(d -> out.add(d.name()));
        return out;
    }

    /** One tensor's comparison by name. */
    public TensorDiff tensor(String name) {
        for (TensorDiff d : tensors) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("GradientDiff.tensor: no tensor " + name + " among " + names());
    }

    /** The largest relative error over every entry (see {@link TensorDiff#maxRelativeError()}). */
    public double maxRelativeError() {
        double max = 0;
        for (TensorDiff d : tensors) {
            max = Math.max(max, d.maxRelativeError());
        }
        return max;
    }

    /** Which tensors and gate blocks differ, and the first time step whose input gradient diverges. */
    public Attribution attribution() {
        return Attribution.of(this);
    }

    private List<String> names() {
        List<String> out = new ArrayList<>();
        tensors.forEach(d -> out.add(d.name()));
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(agrees() ? "all " + tensors.size() + " tensors agree" : attribution().toString())
                .append(" (atol ").append(atol).append(", rtol ").append(rtol).append(')');
        for (TensorDiff d : mismatched()) {
            sb.append(System.lineSeparator()).append("  ").append(d);
        }
        return sb.toString();
    }
}
