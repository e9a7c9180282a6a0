package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.autograd.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A piece of a model with named parameters and child modules, as in PyTorch. Parameter names follow
 * torch's state-dict keys: a module's own parameters by their local name, then each child's with the
 * child's name and a dot ({@code layers.0.weight}). A child may instead be registered <em>inline</em>
 * with a suffix, which is how {@link Recurrent} names its layers' cells {@code weight_ih_l0}, exactly
 * as torch.nn.LSTM does.
 *
 * <p>Subclasses register parameters and children in their constructor, then write forward code.
 */
public abstract class Module {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final List<Child> children = new ArrayList<>();
    private boolean training = true;

    /** A child and how its parameter names are formed: {@code prefix + name + suffix}. */
    private record Child(String name, Module module, String prefix, String suffix) {
    }

    /** Registers a trainable leaf under {@code name} (marking it requiresGrad) and returns it. */
    protected final Tensor registerParameter(String name, Tensor value) {
        checkName(name);
        if (parameters.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter " + name + " registered twice");
        }
        parameters.put(name, Parameter.of(name, value));
        return value;
    }

    /** Registers a child whose parameters appear as {@code name.<its names>}. */
    protected final <M extends Module> M registerModule(String name, M child) {
        checkName(name);
        return addChild(new Child(name, child, name + ".", ""));
    }

    /**
     * Registers a child whose parameters appear under their own names plus {@code suffix}, with no
     * prefix: a cell's {@code weight_ih} becomes {@code weight_ih_l0} for suffix {@code _l0}.
     */
    protected final <M extends Module> M registerModuleInline(String suffix, M child) {
        Objects.requireNonNull(suffix, "suffix");
        return addChild(new Child(null, child, "", suffix));
    }

    private <M extends Module> M addChild(Child c) {
        Objects.requireNonNull(c.module, "child module");
        if (c.module == this) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": a module cannot be its own child");
        }
        for (Child other : children) {
            if (c.name != null && c.name.equals(other.name)) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": child " + c.name + " registered twice");
            }
        }
        children.add(c);
        @SuppressWarnings("unchecked")
        M m = (M) c.module;
        return m;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid name '" + name
                    + "' (non-empty, no dots)");
        }
    }

    /** Every parameter by full name, in registration order (own first, then children's). */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", "", out, Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        return out;
    }

    private void collect(String prefix, String suffix, Map<String, Tensor> out, Set<Tensor> seen) {
        for (Parameter p : parameters.values()) {
            String key = prefix + p.name() + suffix;
            if (out.containsKey(key)) {
                throw new IllegalStateException(getClass().getSimpleName() + ": two parameters are named " + key);
            }
            if (seen.add(p.tensor())) {
                out.put(key, p.tensor());
            }
        }
        for (Child c : children) {
            c.module.collect(prefix + c.prefix, c.suffix + suffix, out, seen);
        }
    }

    /** The parameters with their full names. */
    public final List<Parameter> parameterList() {
        List<Parameter> out = new ArrayList<>();
        namedParameters().forEach((k, v) -> out.add(new Parameter(k, v)));
        return out;
    }

    /** The parameter tensors in {@link #namedParameters()} order (a tensor shared by two modules once). */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Total number of scalar parameters. */
    public final long parameterCount() {
        long n = 0;
        for (Tensor t : namedParameters().values()) {
            n += t.numel();
        }
        return n;
    }

    /** Direct children by name (inline children by their index among children). */
    public final Map<String, Module> namedChildren() {
        Map<String, Module> out = new LinkedHashMap<>();
        for (int i = 0; i < children.size(); i++) {
            Child c = children.get(i);
            out.put(c.name != null ? c.name : Integer.toString(i), c.module);
        }
        return out;
    }

    /** Clears every parameter's gradient. */
    public final void zeroGrad() {
        for (Tensor t : namedParameters().values()) {
            t.zeroGrad();
        }
    }

    /** Sets training mode here and in every descendant (dropout is active only in training). */
    public Module train(boolean on) {
        training = on;
        for (Child c : children) {
            c.module.train(on);
        }
        return this;
    }

    public final Module train() {
        return train(true);
    }

    public final Module eval() {
        return train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    /**
     * Copies values into the parameters under no-grad (so holders of the tensors see them).
     *
     * @param strict when true, keys missing on either side are an error
     */
    public final void loadStateDict(Map<String, Tensor> values, boolean strict) {
        Map<String, Tensor> own = namedParameters();
        if (strict) {
            Set<String> missing = new LinkedHashSet<>(own.keySet());
            missing.removeAll(values.keySet());
            Set<String> unexpected = new LinkedHashSet<>(values.keySet());
            unexpected.removeAll(own.keySet());
            if (!missing.isEmpty() || !unexpected.isEmpty()) {
                throw new IllegalArgumentException("loadStateDict: " + getClass().getSimpleName() + ": missing keys "
                        + missing + ", unexpected keys " + unexpected);
            }
        }
        for (Map.Entry<String, Tensor> e : values.entrySet()) {
            Tensor target = own.get(e.getKey());
            Tensor src = e.getValue();
            if (target == null) {
                continue;
            }
            if (!target.shape().equals(src.shape()) || target.dtype() != src.dtype()) {
                throw new IllegalArgumentException("loadStateDict: " + e.getKey() + ": expected " + target.shape() + " "
                        + target.dtype() + ", got " + src.shape() + " " + src.dtype());
            }
        }
        try (Grad.Scope off = Grad.off()) {
            for (Map.Entry<String, Tensor> e : values.entrySet()) {
                Tensor target = own.get(e.getKey());
                if (target != null) {
                    target.copy_(e.getValue());
                }
            }
        }
    }

    /** A snapshot (copies) of every parameter's values by full name. */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedParameters().forEach((k, v) -> out.put(k, v.detach().mul(1.0)));
        return out;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}
