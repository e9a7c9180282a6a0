package io.github.tapegrad.nn.optim;

import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Module;
import io.github.tapegrad.nn.Parameter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients. Subclasses write the per-parameter update; this class
 * runs it under {@code Grad.off()} for every parameter that has a gradient, and keeps the named
 * state buffers so {@link #state()} and {@link #loadState} work for every optimizer.
 */
public abstract class Optimizer {
    private final List<Parameter> params;
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Double> steps = new LinkedHashMap<>();
    private double lr;

    /** @param namedParameters e.g. {@code model.namedParameters()}; names key the state */
    protected Optimizer(Map<String, Tensor> namedParameters, double lr) {
        if (namedParameters.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameters to optimize");
        }
        List<Parameter> ps = new ArrayList<>();
        namedParameters.forEach((k, v) -> ps.add(new Parameter(k, v)));
        this.params = List.copyOf(ps);
        setLr(lr);
    }

    /** Names tensors "0", "1", ... in list order (as torch's optimizer state dict does). */
    public static Map<String, Tensor> named(List<Tensor> tensors) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < tensors.size(); i++) {
            out.put(Integer.toString(i), tensors.get(i));
        }
        return out;
    }

    protected static Map<String, Tensor> named(Module module) {
        return module.namedParameters();
    }

    /** One update of every parameter whose gradient is not null. */
    public final void step() {
        try (Grad.Scope off = Grad.off()) {
            for (Parameter p : params) {
                Tensor g = p.grad();
                if (g != null) {
                    if (!g.shape().equals(p.tensor().shape()) || g.dtype() != p.tensor().dtype()) {
                        throw new IllegalStateException(getClass().getSimpleName() + ": gradient of " + p.name() + " is "
                                + g.shape() + " " + g.dtype() + " but the parameter is " + p.tensor().shape() + " "
                                + p.tensor().dtype());
                    }
                    update(p, g);
                }
            }
        }
    }

    /**
     * Updates {@code p.tensor()} in place from {@code grad} (runs with grad recording off). Must not
     * modify {@code grad}: it may share storage with other tensors.
     */
    protected abstract void update(Parameter p, Tensor grad);

    /** Clears every parameter's gradient. */
    public final void zeroGrad() {
        for (Parameter p : params) {
            p.tensor().zeroGrad();
        }
    }

    public final List<Parameter> params() {
        return params;
    }

    public final double lr() {
        return lr;
    }

    /** Changes the learning rate (e.g. from a schedule). */
    public final void setLr(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate must be finite and >= 0, got "
                    + lr);
        }
        this.lr = lr;
    }

    /**
     * The state buffer {@code name} of {@code p}, created as zeros on first use (exclusively ours). State buffers
     * are kept ({@link Grad#keep}): one made lazily inside a step scope outlives it.
     */
    protected final Tensor buffer(Parameter p, String name) {
        return buffers.computeIfAbsent(p.name() + "." + name,
                k -> Grad.keep(Tensor.zeros(p.tensor().shape(), p.tensor().dtype())));
    }

    /** The buffer, or null when it does not exist yet. */
    protected final Tensor existingBuffer(Parameter p, String name) {
        return buffers.get(p.name() + "." + name);
    }

    /** Stores a copy of {@code value} as a buffer and returns the copy. */
    protected final Tensor putBuffer(Parameter p, String name, Tensor value) {
        Tensor own = copyOf(value);
        buffers.put(p.name() + "." + name, own);
        return own;
    }

    /** Increments and returns p's step count (1 on the first update). */
    protected final int nextStep(Parameter p) {
        return (int) (double) steps.merge(p.name() + ".step", 1.0, Double::sum);
    }

    /** A snapshot: copies of the buffers, the step counts and the learning rate. */
    public final OptimizerState state() {
        Map<String, Tensor> ts = new LinkedHashMap<>();
        buffers.forEach((k, v) -> ts.put(k, copyOf(v)));
        Map<String, Double> scalars = new LinkedHashMap<>(steps);
        scalars.put("lr", lr);
        return new OptimizerState(ts, scalars);
    }

    /** Replaces the state with a copy of {@code state}; keys must name this optimizer's parameters. */
    public final void loadState(OptimizerState state) {
        Map<String, Parameter> byName = new HashMap<>();
        for (Parameter p : params) {
            byName.put(p.name(), p);
        }
        Map<String, Tensor> newBuffers = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : state.tensors().entrySet()) {
            Parameter p = owner(byName, e.getKey());
            Tensor v = e.getValue();
            if (!v.shape().equals(p.tensor().shape()) || v.dtype() != p.tensor().dtype()) {
                throw new IllegalArgumentException("loadState: " + e.getKey() + " is " + v.shape() + " " + v.dtype()
                        + " but parameter " + p.name() + " is " + p.tensor().shape() + " " + p.tensor().dtype());
            }
            newBuffers.put(e.getKey(), copyOf(v));
        }
        Map<String, Double> newSteps = new LinkedHashMap<>();
        Double newLr = null;
        for (Map.Entry<String, Double> e : state.scalars().entrySet()) {
            if (e.getKey().equals("lr")) {
                newLr = e.getValue();
            } else {
                owner(byName, e.getKey());
                newSteps.put(e.getKey(), e.getValue());
            }
        }
        if (newLr != null) {
            setLr(newLr);
        }
        buffers.clear();
        buffers.putAll(newBuffers);
        steps.clear();
        steps.putAll(newSteps);
    }

    private Parameter owner(Map<String, Parameter> byName, String key) {
        int dot = key.lastIndexOf('.');
        Parameter p = dot < 0 ? null : byName.get(key.substring(0, dot));
        if (p == null) {
            throw new IllegalArgumentException("loadState: " + getClass().getSimpleName() + ": key " + key
                    + " names no parameter of this optimizer " + byName.keySet());
        }
        return p;
    }

    /** A copy that outlives any step scope (state buffers and snapshots). */
    static Tensor copyOf(Tensor t) {
        try (Grad.Scope off = Grad.off()) {
            return Grad.keep(Tensor.zeros(t.shape(), t.dtype()).copy_(t));
        }
    }

    static void checkNonNegative(String who, String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(who + ": " + what + " must be finite and >= 0, got " + v);
        }
    }
}
