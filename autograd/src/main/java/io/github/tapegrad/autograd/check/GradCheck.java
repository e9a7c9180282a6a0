package io.github.tapegrad.autograd.check;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.autograd.Shape;
import io.github.tapegrad.autograd.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Checks autograd's gradients of a function of several tensors against central differences, in float64.
 * Works from any test framework: each check returns a {@link GradCheckReport}; {@code orThrow()} turns a
 * failure into an {@link AssertionError} whose message names the input, the element and both values.
 *
 * <ul>
 *   <li>{@link #check}: full Jacobians, entry by entry (small inputs);</li>
 *   <li>{@link #checkDirection}: one random direction, ⟨J u, v⟩ = ⟨u, Jᵀ v⟩ (any size);</li>
 *   <li>{@link #checkSecondOrder}: the first-order check applied to the gradient itself (gradgradcheck).</li>
 * </ul>
 * The function must be deterministic and must not keep state between calls.
 */
public final class GradCheck {
    private GradCheck() {
    }

    /** Tolerances: an entry passes when |analytical - numerical| &lt;= atol + rtol * |numerical|. */
    public record Tolerance(double eps, double atol, double rtol) {
        /** PyTorch's gradcheck defaults: eps 1e-6, atol 1e-5, rtol 1e-3. */
        public static final Tolerance DEFAULT = new Tolerance(1e-6, 1e-5, 1e-3);

        public Tolerance {
            if (!(eps > 0) || !(atol >= 0) || !(rtol >= 0)) {
                throw new IllegalArgumentException("gradcheck: invalid tolerance eps=" + eps + " atol=" + atol
                        + " rtol=" + rtol);
            }
        }
    }

    public static GradCheckReport check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        return check(f, inputs, Tolerance.DEFAULT);
    }

    /** Full Jacobian check of every input against central differences. */
    public static GradCheckReport check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, Tolerance tol) {
        List<Tensor> xs = leaves(inputs);
        Tensor out = f.apply(xs);
        requireDouble("output", out);
        int m = out.numel();
        // analytical: row j of each input's Jacobian is the gradient of output element j
        double[][][] analytical = new double[xs.size()][m][];
        for (int j = 0; j < m; j++) {
            List<Tensor> g = gradients(out, xs, basis(out.shape(), j));
            for (int i = 0; i < xs.size(); i++) analytical[i][j] = g.get(i).toDoubleArray();
        }
        Worst worst = new Worst(tol);
        for (int i = 0; i < xs.size(); i++) {
            Tensor x = xs.get(i);
            double[] base = x.toDoubleArray();
            for (int e = 0; e < base.length; e++) {
                double[] plus = evaluate(f, xs, i, base, e, tol.eps());
                double[] minus = evaluate(f, xs, i, base, e, -tol.eps());
                for (int j = 0; j < m; j++) {
                    double numerical = (plus[j] - minus[j]) / (2 * tol.eps());
                    worst.offer(analytical[i][j][e], numerical, i, x.shape(), e, out.shape(), j);
                }
            }
        }
        return worst.report("gradcheck");
    }

    public static GradCheckReport checkDirection(Function<List<Tensor>, Tensor> f, List<Tensor> inputs,
                                                 RandomGenerator rng) {
        return checkDirection(f, inputs, rng, Tolerance.DEFAULT);
    }

    /**
     * Random-direction check: ⟨J u, v⟩ from central differences along u against ⟨u, Jᵀ v⟩ from one
     * backward pass. Costs two forward passes and one backward whatever the sizes.
     */
    public static GradCheckReport checkDirection(Function<List<Tensor>, Tensor> f, List<Tensor> inputs,
                                                 RandomGenerator rng, Tolerance tol) {
        List<Tensor> xs = leaves(inputs);
        Tensor out = f.apply(xs);
        requireDouble("output", out);
        Tensor v = Tensor.randn(rng, DType.FLOAT64, out.shape().toArray());
        List<Tensor> us = new ArrayList<>();
        for (Tensor x : xs) us.add(Tensor.randn(rng, DType.FLOAT64, x.shape().toArray()));
        List<Tensor> g = gradients(out, xs, v);
        double analytical = 0;
        for (int i = 0; i < xs.size(); i++) analytical += dot(us.get(i).toDoubleArray(), g.get(i).toDoubleArray());
        double[] plus = evaluateAlong(f, xs, us, tol.eps());
        double[] minus = evaluateAlong(f, xs, us, -tol.eps());
        double[] vv = v.toDoubleArray();
        double numerical = 0;
        for (int j = 0; j < vv.length; j++) numerical += vv[j] * (plus[j] - minus[j]) / (2 * tol.eps());
        Worst worst = new Worst(tol);
        worst.offer(analytical, numerical, -1, null, -1, null, -1);
        return worst.report("gradcheck (random direction)");
    }

    public static GradCheckReport checkSecondOrder(Function<List<Tensor>, Tensor> f, List<Tensor> inputs,
                                                   RandomGenerator rng) {
        return checkSecondOrder(f, inputs, rng, Tolerance.DEFAULT);
    }

    /**
     * gradgradcheck: the gradient of ⟨f(x), v⟩ (v random, fixed), computed with createGraph so it is itself
     * differentiable, is checked against central differences like any other function.
     */
    public static GradCheckReport checkSecondOrder(Function<List<Tensor>, Tensor> f, List<Tensor> inputs,
                                                   RandomGenerator rng, Tolerance tol) {
        Tensor probe = f.apply(leaves(inputs));
        Tensor v = Tensor.randn(rng, DType.FLOAT64, probe.shape().toArray());
        Function<List<Tensor>, Tensor> gradient = xs -> {
            Tensor out = f.apply(xs);
            List<Tensor> parts = new ArrayList<>();
            if (out.requiresGrad()) {
                for (Tensor g : Grad.grad(List.of(out), xs, List.of(v), true, true)) parts.add(g.reshape(-1));
            } else {
                for (Tensor x : xs) parts.add(Tensor.zeros(DType.FLOAT64, x.numel()));
            }
            return Tensor.concat(parts, 0);
        };
        GradCheckReport r = check(gradient, inputs, tol);
        return r.relabel("gradgradcheck");
    }

    // ---------------------------------------------------------------- helpers

    private static List<Tensor> leaves(List<Tensor> inputs) {
        List<Tensor> xs = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor x = inputs.get(i);
            requireDouble("input " + i, x);
            xs.add(Tensor.of(x.toDoubleArray(), x.shape()).requiresGrad_(true));
        }
        return xs;
    }

    private static void requireDouble(String what, Tensor t) {
        if (t.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("gradcheck: " + what + " is " + t.dtype() + " " + t.shape()
                    + "; finite differences need float64 (use toDouble())");
        }
    }

    private static List<Tensor> gradients(Tensor out, List<Tensor> xs, Tensor upstream) {
        if (!out.requiresGrad()) {
            List<Tensor> zeros = new ArrayList<>();
            for (Tensor x : xs) zeros.add(Tensor.zeros(x.shape(), DType.FLOAT64));
            return zeros;
        }
        return Grad.grad(List.of(out), xs, List.of(upstream), true, false);
    }

    private static Tensor basis(Shape shape, int j) {
        double[] e = new double[shape.numel()];
        e[j] = 1;
        return Tensor.of(e, shape);
    }

    private static double[] evaluate(Function<List<Tensor>, Tensor> f, List<Tensor> xs, int which, double[] base,
                                     int element, double delta) {
        double[] moved = base.clone();
        moved[element] += delta;
        List<Tensor> args = new ArrayList<>(xs);
        // fresh leaves that require grad: the function may itself take gradients (gradgradcheck)
        args.set(which, Tensor.of(moved, xs.get(which).shape()).requiresGrad_(true));
        return f.apply(args).toDoubleArray();
    }

    private static double[] evaluateAlong(Function<List<Tensor>, Tensor> f, List<Tensor> xs, List<Tensor> us,
                                          double delta) {
        List<Tensor> args = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            double[] x = xs.get(i).toDoubleArray();
            double[] u = us.get(i).toDoubleArray();
            for (int e = 0; e < x.length; e++) x[e] += delta * u[e];
            args.add(Tensor.of(x, xs.get(i).shape()).requiresGrad_(true));
        }
        return f.apply(args).toDoubleArray();
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static int[] unravel(Shape shape, int flat) {
        int[] idx = new int[shape.rank()];
        int[] strides = shape.strides();
        for (int i = 0; i < idx.length; i++) {
            idx[i] = strides[i] == 0 ? 0 : flat / strides[i];
            flat -= idx[i] * strides[i];
        }
        return idx;
    }

    /** Tracks the entry that exceeds its tolerance the most, and the largest errors seen. */
    private static final class Worst {
        private final Tolerance tol;
        private double excess = Double.NEGATIVE_INFINITY;
        private double maxAbs;
        private double maxRel;
        private int checked;
        private String detail = "";
        private boolean failed;

        Worst(Tolerance tol) {
            this.tol = tol;
        }

        void offer(double analytical, double numerical, int input, Shape inShape, int element, Shape outShape, int out) {
            checked++;
            double diff = Math.abs(analytical - numerical);
            if (Double.isNaN(diff)) {
                diff = Double.POSITIVE_INFINITY;
            }
            maxAbs = Math.max(maxAbs, diff);
            maxRel = Math.max(maxRel, diff / Math.max(Math.abs(numerical), 1e-12));
            double e = diff - tol.atol() - tol.rtol() * Math.abs(numerical);
            if (e > excess) {
                excess = e;
                String where = input < 0 ? "along a random direction"
                        : "input " + input + " " + inShape + " element " + Arrays.toString(unravel(inShape, element))
                        + ", output element " + Arrays.toString(unravel(outShape, out));
                detail = where + ": analytical " + analytical + " vs numerical " + numerical + " (|diff| "
                        + String.format(java.util.Locale.ROOT, "%.3g", diff) + ", allowed atol " + tol.atol()
                        + " + rtol " + tol.rtol() + " * |numerical|)";
                failed = e > 0;
            }
        }

        GradCheckReport report(String what) {
            return new GradCheckReport(what, !failed, checked, maxAbs, maxRel, detail);
        }
    }
}
