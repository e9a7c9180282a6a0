package io.github.tapegrad.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Transforms of a function of tensors, as torch.autograd.functional and JAX: {@link #vjp}, {@link #jvp},
 * {@link #jacobian}, {@link #hessian}, {@link #hvp}. The function gets fresh leaves with the inputs' values (the
 * caller's tensors are not touched and need not require grad) and must return one tensor, built with recorded ops.
 * Results are detached values.
 *
 * <p>Costs: vjp one forward and one backward; jvp by the double-VJP trick: one forward and two backward passes
 * (the first recorded), about three times the forward; jacobian one backward per output element; hessian one
 * second-order backward per input element; hvp one forward and two backward passes (the first recorded).
 */
public final class Functional {
    private Functional() {
    }

    /** f's output and the vector-Jacobian products vᵀ·∂f/∂xᵢ, one per input. */
    public record Vjp(Tensor output, List<Tensor> gradients) {
    }

    /** f's output and the Jacobian-vector product Σᵢ ∂f/∂xᵢ·vᵢ. */
    public record Jvp(Tensor output, Tensor tangent) {
    }

    public static Vjp vjp(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, Tensor v) {
        List<Tensor> xs = leaves(inputs);
        Tensor out = call("vjp", f, xs);
        requireShape("vjp", "v", v, out);
        List<Tensor> g = Grad.grad(List.of(out), xs, List.of(v), false, false);
        return new Vjp(out.detach(), detached(g));
    }

    /** By the double-VJP trick: u ↦ Jᵀu is linear in u, so its vector-Jacobian product with v is J·v. */
    public static Jvp jvp(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, List<Tensor> tangents) {
        if (tangents.size() != inputs.size()) {
            throw new IllegalArgumentException("jvp: one tangent per input, got " + tangents.size() + " for "
                    + inputs.size() + " inputs");
        }
        List<Tensor> xs = leaves(inputs);
        for (int i = 0; i < xs.size(); i++) {
            requireShape("jvp", "tangent " + i, tangents.get(i), xs.get(i));
        }
        Tensor out = call("jvp", f, xs);
        Tensor u = Tensor.zeros(out.shape(), out.dtype()).requiresGrad_(true);
        List<Tensor> jtu = Grad.grad(List.of(out), xs, List.of(u), true, true);
        List<Tensor> outs = new ArrayList<>();
        List<Tensor> ups = new ArrayList<>();
        for (int i = 0; i < jtu.size(); i++) {
            if (jtu.get(i).requiresGrad()) { // an input f ignores contributes nothing
                outs.add(jtu.get(i));
                ups.add(tangents.get(i));
            }
        }
        Tensor jv = outs.isEmpty() ? Tensor.zeros(out.shape(), out.dtype())
                : Grad.grad(outs, List.of(u), ups, false, false).get(0);
        return new Jvp(out.detach(), jv.detach());
    }

    /** ∂f/∂xᵢ for each input, shaped [f's shape..., xᵢ's shape...]. */
    public static List<Tensor> jacobian(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        List<Tensor> xs = leaves(inputs);
        Tensor out = call("jacobian", f, xs);
        int m = out.numel();
        List<double[]> rows = new ArrayList<>();
        List<List<Tensor>> perRow = new ArrayList<>();
        for (int r = 0; r < m; r++) {
            double[] e = new double[m];
            e[r] = 1;
            Tensor oneHot = values(e, out.shape().toArray(), out.dtype());
            perRow.add(Grad.grad(List.of(out), xs, List.of(oneHot), true, false));
        }
        List<Tensor> result = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            int n = xs.get(i).numel();
            double[] flat = new double[m * n];
            for (int r = 0; r < m; r++) {
                System.arraycopy(perRow.get(r).get(i).toDoubleArray(), 0, flat, r * n, n);
            }
            result.add(values(flat, concat(out.shape().toArray(), xs.get(i).shape().toArray()), out.dtype()));
        }
        return result;
    }

    /** The Hessian of a scalar f with respect to its one input x, shaped [x's shape..., x's shape...]. */
    public static Tensor hessian(Function<Tensor, Tensor> f, Tensor input) {
        List<Tensor> xs = leaves(List.of(input));
        Tensor out = call("hessian", in -> f.apply(in.get(0)), xs);
        requireScalar("hessian", out);
        Tensor g = Grad.grad(List.of(out), xs, null, true, true).get(0).reshape(-1);
        int n = xs.get(0).numel();
        double[] flat = new double[n * n];
        for (int r = 0; r < n; r++) {
            Tensor gr = g.select(0, r);
            double[] row = gr.requiresGrad() ? Grad.grad(List.of(gr), xs, null, true, false).get(0).toDoubleArray()
                    : new double[n];
            System.arraycopy(row, 0, flat, r * n, n);
        }
        int[] shape = input.shape().toArray();
        return values(flat, concat(shape, shape), input.dtype());
    }

    /** H·v for a scalar f, one H·vᵢ-block sum per input: (∂²f/∂xᵢ∂xⱼ)·vⱼ summed over j, for each i. */
    public static List<Tensor> hvp(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, List<Tensor> v) {
        if (v.size() != inputs.size()) {
            throw new IllegalArgumentException("hvp: one v per input, got " + v.size() + " for " + inputs.size());
        }
        List<Tensor> xs = leaves(inputs);
        Tensor out = call("hvp", f, xs);
        requireScalar("hvp", out);
        List<Tensor> g = Grad.grad(List.of(out), xs, null, true, true);
        List<Tensor> outs = new ArrayList<>();
        List<Tensor> ups = new ArrayList<>();
        for (int i = 0; i < g.size(); i++) {
            requireShape("hvp", "v " + i, v.get(i), xs.get(i));
            if (g.get(i).requiresGrad()) {
                outs.add(g.get(i));
                ups.add(v.get(i));
            }
        }
        if (outs.isEmpty()) {
            List<Tensor> zeros = new ArrayList<>();
            xs.forEach(x -> zeros.add(Tensor.zeros(x.shape(), x.dtype())));
            return zeros;
        }
        return detached(Grad.grad(outs, xs, ups, false, false));
    }

    private static List<Tensor> leaves(List<Tensor> inputs) {
        List<Tensor> xs = new ArrayList<>(inputs.size());
        try (Grad.Scope off = Grad.off()) {
            for (Tensor t : inputs) {
                xs.add(t.detach().mul(1.0).requiresGrad_(true));
            }
        }
        return xs;
    }

    private static Tensor call(String op, Function<List<Tensor>, Tensor> f, List<Tensor> xs) {
        Tensor out;
        try (Grad.Scope on = Grad.on()) {
            out = f.apply(xs);
        }
        if (out == null) {
            throw new IllegalArgumentException(op + ": the function returned null");
        }
        return out;
    }

    private static List<Tensor> detached(List<Tensor> ts) {
        List<Tensor> out = new ArrayList<>(ts.size());
        ts.forEach(t -> out.add(t.detach()));
        return out;
    }

    private static void requireShape(String op, String what, Tensor t, Tensor like) {
        if (!t.shape().equals(like.shape()) || t.dtype() != like.dtype()) {
            throw new IllegalArgumentException(op + ": " + what + " must be " + like.shape() + " " + like.dtype()
                    + ", got " + t.shape() + " " + t.dtype());
        }
    }

    private static void requireScalar(String op, Tensor out) {
        if (out.numel() != 1) {
            throw new IllegalArgumentException(op + ": the function must return a scalar, got " + out.shape());
        }
    }

    private static Tensor values(double[] v, int[] shape, DType dtype) {
        if (dtype == DType.FLOAT64) {
            return Tensor.of(v, shape);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return Tensor.of(f, shape);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = new int[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
