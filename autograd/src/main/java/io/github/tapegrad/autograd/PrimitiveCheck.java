package io.github.tapegrad.autograd;

import io.github.tapegrad.autograd.check.GradCheck;
import io.github.tapegrad.autograd.check.GradCheckReport;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What {@link Primitive.Builder#register} checks on each example, in float64: the rule backward uses first against
 * central differences (the fast one when there is one); with a differentiable rule, the two rules against each other
 * along a random upstream gradient, and second order (gradgradcheck). Grad mode is on throughout, whatever the
 * caller's (a primitive may be registered when its class loads, inside a no-grad block).
 */
final class PrimitiveCheck {
    private PrimitiveCheck() {
    }

    static <P> void run(Primitive<P> op, List<Primitive.Example<P>> examples, GradCheck.Tolerance tol) {
        try (Grad.Scope on = Grad.on()) {
            for (int e = 0; e < examples.size(); e++) {
                check(op, e, examples.get(e), tol);
            }
        }
    }

    private static <P> void check(Primitive<P> op, int e, Primitive.Example<P> example, GradCheck.Tolerance tol) {
        List<Tensor> inputs = example.inputs();
        if (inputs.size() != op.inputNames.size()) {
            throw refused(op, "example " + e + " has " + inputs.size() + " inputs; it takes " + op.inputNames.size()
                    + " (" + String.join(", ", op.inputNames) + ")", null);
        }
        List<Integer> free = new ArrayList<>();
        List<Tensor> checked = new ArrayList<>();
        StringJoiner numbered = new StringJoiner(", ");
        for (int k = 0; k < inputs.size(); k++) {
            Tensor t = inputs.get(k);
            if (t != null && t.dtype() != DType.FLOAT64) {
                throw refused(op, "example " + e + ": input " + k + " (" + op.inputNames.get(k) + ") is " + t.dtype()
                        + "; gradient checks need float64 examples", null);
            }
            if (t != null && t.requiresGrad()) {
                numbered.add(free.size() + " = " + op.inputNames.get(k));
                free.add(k);
                checked.add(t);
            }
        }
        if (free.isEmpty()) {
            throw refused(op, "example " + e + ": no input requires grad; mark the ones to check with requiresGrad_(true)",
                    null);
        }
        String where = "example " + e + " (" + describe(op, inputs) + "; checked inputs " + numbered + ")";
        Function<List<Tensor>, Tensor> f = xs -> {
            Tensor[] args = inputs.toArray(new Tensor[0]);
            for (int i = 0; i < xs.size(); i++) args[free.get(i)] = xs.get(i);
            return flatten(op.apply(example.params(), args));
        };
        SplittableRandom rng = new SplittableRandom(e + 1);
        String first = op.fastVjp != null ? "its fast VJP" : "its differentiable VJP";
        passes(op, where, first + " (first order)", () -> GradCheck.check(f, checked, tol));
        if (op.differentiableVjp != null) {
            if (op.fastVjp != null) {
                rulesAgree(op, where, f, checked, tol, rng);
            }
            passes(op, where, "its differentiable VJP (second order)",
                    () -> GradCheck.checkSecondOrder(f, checked, rng, tol));
        }
    }

    /** Every output, flattened and joined: one tensor for the checks. */
    private static Tensor flatten(List<Tensor> outs) {
        if (outs.size() == 1) {
            return outs.get(0).reshape(-1);
        }
        List<Tensor> flat = new ArrayList<>();
        for (Tensor o : outs) flat.add(o.reshape(-1));
        return Tensor.concat(flat, 0);
    }

    private static void passes(Primitive<?> op, String where, String what, Supplier<GradCheckReport> check) {
        GradCheckReport report;
        try {
            report = check.get();
        } catch (RuntimeException ex) {
            throw refused(op, where + ": checking " + what + " threw " + ex, ex);
        }
        if (!report.passed()) {
            throw refused(op, where + ": " + what + " is wrong: " + report, null);
        }
    }

    /** The fast and the differentiable rule give the same first-order gradients along a random upstream one. */
    private static void rulesAgree(Primitive<?> op, String where, Function<List<Tensor>, Tensor> f,
                                   List<Tensor> inputs, GradCheck.Tolerance tol, SplittableRandom rng) {
        String what = "its fast and differentiable VJPs";
        List<Tensor> xs = new ArrayList<>();
        List<Tensor> fast;
        List<Tensor> recorded;
        try {
            for (Tensor x : inputs) xs.add(Tensor.of(x.toDoubleArray(), x.shape()).requiresGrad_(true));
            Tensor out = f.apply(xs);
            List<Tensor> v = List.of(Tensor.randn(rng, DType.FLOAT64, out.shape().toArray()));
            fast = Grad.grad(List.of(out), xs, v, true, false);
            recorded = Grad.grad(List.of(out), xs, v, false, true);
        } catch (RuntimeException ex) {
            throw refused(op, where + ": comparing " + what + " threw " + ex, ex);
        }
        for (int i = 0; i < xs.size(); i++) {
            double[] a = fast.get(i).toDoubleArray();
            double[] b = recorded.get(i).toDoubleArray();
            for (int j = 0; j < a.length; j++) {
                if (!(Math.abs(a[j] - b[j]) <= tol.atol() + tol.rtol() * Math.abs(b[j]))) {
                    throw refused(op, where + ": " + what + " disagree at checked input " + i + " " + xs.get(i).shape()
                            + " element " + j + ": fast " + a[j] + " vs differentiable " + b[j], null);
                }
            }
        }
    }

    private static String describe(Primitive<?> op, List<Tensor> inputs) {
        StringJoiner j = new StringJoiner(", ");
        for (int k = 0; k < inputs.size(); k++) {
            Tensor t = inputs.get(k);
            j.add(op.inputNames.get(k) + " " + (t == null ? "null" : t.shape() + " " + t.dtype()));
        }
        return j.toString();
    }

    private static IllegalArgumentException refused(Primitive<?> op, String detail, Throwable cause) {
        return new IllegalArgumentException("primitive " + op.name + " refused: " + detail, cause);
    }
}
