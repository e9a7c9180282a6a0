package io.github.tapegrad.autograd;

import io.github.tapegrad.autograd.check.GradCheck;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.RandomAccess;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * A differentiable op defined with public API only, in the spirit of PyTorch's {@code torch.autograd.Function} and
 * JAX's {@code custom_vjp}: a forward from input tensors to output tensors, what it saves for the backward, and its
 * vector-Jacobian product (VJP). Each call records one node on the tape, as a built-in op does: the primitive's name
 * is the node's, in errors and in anomaly reports, and an in-place write to a tensor it saved is caught before its
 * rule runs. {@code io.github.tapegrad.autograd.fused} defines the library's fused ops this way.
 *
 * <pre>{@code
 * static final Primitive<Void> CUBE = Primitive.<Void>define("cube")
 *         .inputs("x")
 *         .forward((ctx, in) -> {
 *             ctx.save(in.get(0));
 *             return List.of(in.get(0).pow(3));
 *         })
 *         .differentiableVjp((ctx, g) -> new Tensor[] {g.get(0).mul(ctx.saved(0).square()).mul(3.0)}) // 3x²
 *         .example(null, Tensor.randn(new SplittableRandom(1), DType.FLOAT64, 2, 3).requiresGrad_(true))
 *         .register();
 *
 * Tensor y = CUBE.apply(null, x).get(0);
 * }</pre>
 *
 * <ul>
 *   <li><b>Inputs</b>: a fixed list of named tensors, the {@link Builder#inputs required} ones first, then the
 *   {@link Builder#optionalInputs optional} ones, which a caller may pass as null (a bias). Present inputs share one
 *   dtype, and so do the outputs: conversion is explicit, as for every op. {@code P} is the type of the call's other
 *   parameters (an epsilon, a count, a record of several; {@code Void} for none).</li>
 *   <li><b>Forward</b>: runs once per call with recording off. It may use tensor ops, or read tensors as arrays
 *   ({@link PrimitiveContext#read}) and fill buffers from {@link PrimitiveContext#empty} ({@link PrimitiveContext#write}).
 *   It returns one or more new tensors, never an input itself. Whatever it allocates and neither returns nor saves
 *   goes back to the buffer pool when it returns.</li>
 *   <li><b>Residuals</b>: {@link PrimitiveContext#save} in the forward, {@link PrimitiveContext#saved} in the rule. A saved
 *   input or output (or a view of one) keeps autograd's check: writing to it in place between the forward and the
 *   backward makes the backward throw, naming this primitive. Any other saved tensor is private to the rule; one the
 *   forward allocated goes back to the pool when the graph is released.</li>
 *   <li><b>VJP</b>: from one gradient per output to one per input. An output that received no gradient gets zeros
 *   (never null). The rule returns null for an absent input or one that needs no gradient
 *   ({@link PrimitiveContext#needsGrad}); null counts as zero. A {@link Builder#fastVjp fast rule} may work on arrays
 *   and serves first-order backward passes. A {@link Builder#differentiableVjp differentiable rule} is written in
 *   tensor ops; it runs when the backward is itself recorded ({@code createGraph}, higher orders), and for every
 *   backward when there is no fast rule. Asked for createGraph, a primitive with only a fast rule throws, naming
 *   itself, instead of returning wrong higher derivatives.</li>
 *   <li><b>Registration</b> ({@link Builder#register}) checks the rules on the examples in float64: first order
 *   against central differences; with a differentiable rule also the fast and differentiable rules against each
 *   other, and second order (gradgradcheck). A failing rule is refused with an error naming the op, the example, the
 *   input and the worst entry. Names are unique across registered primitives.</li>
 * </ul>
 *
 * <p>The cost per call beyond the forward's own work is that of the library's own several-output ops: a context
 * object, the input and output lists, and, when something requires grad, the node.
 *
 * @param <P> the type of the parameters each call takes besides its tensors
 */
public final class Primitive<P> {
    private static final ConcurrentHashMap<String, Primitive<?>> REGISTRY = new ConcurrentHashMap<>();
    /** The node keeps one bit per saved input ({@link Saves}). */
    private static final int MAX_INPUTS = 31;

    final String name;
    final List<String> inputNames;
    final int required;
    private final Forward<P> forward;
    final Rule<P> fastVjp;
    final Rule<P> differentiableVjp;

    private Primitive(String name, List<String> inputNames, int required, Forward<P> forward, Rule<P> fastVjp,
                      Rule<P> differentiableVjp) {
        this.name = name;
        this.inputNames = inputNames;
        this.required = required;
        this.forward = forward;
        this.fastVjp = fastVjp;
        this.differentiableVjp = differentiableVjp;
    }

    /** The forward: output tensors from the inputs (null where an optional input is absent). */
    @FunctionalInterface
    public interface Forward<P> {
        List<Tensor> apply(PrimitiveContext<P> ctx, List<Tensor> inputs);
    }

    /** A VJP: one gradient per input (null where none) from one gradient per output (zeros where none came). */
    @FunctionalInterface
    public interface Rule<P> {
        Tensor[] apply(PrimitiveContext<P> ctx, List<Tensor> outputGrads);
    }

    /** Inputs (null where an optional one is absent) and parameters to check a primitive on at registration. */
    public record Example<P>(P params, List<Tensor> inputs) {
        public Example {
            inputs = Collections.unmodifiableList(new ArrayList<>(inputs)); // a copy that may hold nulls
        }

        public static <P> Example<P> of(P params, Tensor... inputs) {
            return new Example<>(params, Arrays.asList(inputs));
        }
    }

    /** Starts the definition of a primitive named {@code name} (e.g. {@code Primitive.<Double>define("layerNorm")}). */
    public static <P> Builder<P> define(String name) {
        return new Builder<>(name);
    }

    /** The names of the registered primitives, sorted. */
    public static SortedSet<String> registered() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(REGISTRY.keySet()));
    }

    public String name() {
        return name;
    }

    /** The inputs' names, required ones first. */
    public List<String> inputs() {
        return inputNames;
    }

    /** Whether it has a differentiable rule, so createGraph and higher-order gradients work through it. */
    public boolean supportsHigherOrder() {
        return differentiableVjp != null;
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * Runs the primitive: the forward (recording off), then, when grad mode is on and an input requires grad, one node
     * for all outputs. Inputs in the declared order, null for an absent optional one.
     *
     * @return the outputs, in the order the forward returned them
     */
    public List<Tensor> apply(P params, Tensor... inputs) {
        Tensor[] in = inputs.clone();
        if (in.length != inputNames.size()) {
            throw Errors.op(name, "expects " + inputNames.size() + " inputs (" + String.join(", ", inputNames)
                    + "), got " + in.length, in);
        }
        int present = 0;
        boolean requiresGrad = false;
        DType dtype = null;
        for (int k = 0; k < in.length; k++) {
            Tensor t = in[k];
            if (t == null) {
                if (k < required) {
                    throw Errors.op(name, "input " + k + " (" + inputNames.get(k) + ") is required", in);
                }
                continue;
            }
            present++;
            requiresGrad |= t.requiresGrad;
            if (dtype == null) {
                dtype = t.dtype();
            } else if (t.dtype() != dtype) {
                Errors.sameDType(name, in);
            }
        }
        if (present == 0) {
            throw Errors.op(name, "needs at least one input", in);
        }
        Tensor[] nodeInputs = present == in.length ? in : presentOnly(in, present);
        boolean[] modes = Grad.modes(); // one thread-local lookup for recording and anomaly mode
        boolean mode = modes[0];
        boolean anomaly = modes[1];
        boolean record = mode && requiresGrad;
        BufferPool pool = BufferPool.current();
        Arena arena = pool.open(false); // what the forward allocates; closing it recycles what was not kept
        PrimitiveContext<P> ctx = new PrimitiveContext<>(this, params, in, arena);
        modes[0] = false;
        modes[1] = false; // one op: anomaly mode checks the outputs below, naming this primitive, not its parts
        Tensor[] outs;
        try {
            outs = checkOutputs(forward.apply(ctx, new Listed(in)), in, dtype);
            ctx.endForward(outs, nodeInputs, record);
        } finally {
            modes[0] = mode;
            modes[1] = anomaly;
            pool.close(arena);
        }
        // names the outputs' maker, checks them in anomaly mode, records the node
        Tape.recordMany(name, outs, anomaly, record, ctx.savedInputBits, ctx.savedOutputs,
                record ? ctx::backward : null, nodeInputs);
        if (ctx.privates != null) {
            outs[0].node().recycleOnRelease(ctx.privates);
        }
        return new Listed(outs);
    }

    private static Tensor[] presentOnly(Tensor[] in, int present) {
        Tensor[] out = new Tensor[present];
        int j = 0;
        for (Tensor t : in) {
            if (t != null) out[j++] = t;
        }
        return out;
    }

    /** The forward's outputs: new tensors outside any graph, of the inputs' dtype. */
    private Tensor[] checkOutputs(List<Tensor> result, Tensor[] in, DType dtype) {
        if (result == null || result.isEmpty()) {
            throw new IllegalStateException(name + ": its forward returned no output");
        }
        Tensor[] outs = result instanceof Listed l ? l.items : result.toArray(new Tensor[0]);
        for (int k = 0; k < outs.length; k++) {
            Tensor o = outs[k];
            if (o == null) {
                throw new IllegalStateException(name + ": its forward returned null as output " + k);
            }
            for (int j = 0; j < in.length; j++) {
                if (o == in[j]) {
                    throw new IllegalStateException(name + ": its forward returned input " + j + " ("
                            + inputNames.get(j) + ") itself as output " + k + "; return a new tensor (a copy or a view)");
                }
            }
            for (int j = 0; j < k; j++) {
                if (o == outs[j]) {
                    throw new IllegalStateException(name + ": its forward returned one tensor as outputs " + j + " and "
                            + k + "; each output must be its own tensor");
                }
            }
            if (o.requiresGrad || o.slot != null) {
                throw new IllegalStateException(name + ": its forward returned as output " + k + " a tensor that is"
                        + " already in a graph (made outside the forward); return a new tensor");
            }
            if (o.dtype() != dtype) {
                throw new IllegalStateException(name + ": its forward returned output " + k + " " + o.shape() + " "
                        + o.dtype() + " from " + dtype + " inputs; a primitive's outputs have its inputs' dtype");
            }
        }
        return outs;
    }

    /**
     * The rule's result as the node's gradients: one per input, each of its input's shape and dtype, where present;
     * re-indexed over the present inputs when an optional one is absent.
     */
    Tensor[] checkGradients(Tensor[] gs, Tensor[] in, int nodeInputs) {
        if (gs == null || gs.length != in.length) {
            throw new IllegalStateException(name + ": its VJP returned " + (gs == null ? "null" : gs.length
                    + " gradients") + " for " + in.length + " inputs (" + String.join(", ", inputNames)
                    + "); return one per input, null where there is none");
        }
        for (int k = 0; k < in.length; k++) {
            Tensor g = gs[k];
            if (g == null) {
                continue;
            }
            Tensor x = in[k];
            if (x == null) {
                throw new IllegalStateException(name + ": its VJP returned a gradient for input " + k + " ("
                        + inputNames.get(k) + "), which is absent in this call");
            }
            if (!g.shape().equals(x.shape()) || g.dtype() != x.dtype()) {
                throw new IllegalStateException(name + ": its VJP returned " + g.shape() + " " + g.dtype()
                        + " as the gradient of input " + k + " (" + inputNames.get(k) + "), which is " + x.shape() + " "
                        + x.dtype());
            }
        }
        if (nodeInputs == in.length) {
            return gs;
        }
        Tensor[] out = new Tensor[nodeInputs];
        int j = 0;
        for (int k = 0; k < in.length; k++) {
            if (in[k] != null) out[j++] = gs[k];
        }
        return out;
    }

    /** An unmodifiable list over an array, nulls allowed (inputs, gradients and outputs, without copying). */
    static final class Listed extends AbstractList<Tensor> implements RandomAccess {
        private final Tensor[] items;

        Listed(Tensor[] items) {
            this.items = items;
        }

        @Override
        public Tensor get(int index) {
            return items[index];
        }

        @Override
        public int size() {
            return items.length;
        }
    }

    /** A primitive under definition; {@link #register} checks it and makes it usable. */
    public static final class Builder<P> {
        private final String name;
        private List<String> required = List.of();
        private List<String> optional = List.of();
        private Forward<P> forward;
        private Rule<P> fastVjp;
        private Rule<P> differentiableVjp;
        private final List<Example<P>> examples = new ArrayList<>();
        private Function<RandomGenerator, Example<P>> generator;
        private int generated;
        private GradCheck.Tolerance tolerance = GradCheck.Tolerance.DEFAULT;

        private Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("primitive: a name is required");
            }
            this.name = name;
        }

        /** The required inputs' names, in call order. */
        public Builder<P> inputs(String... names) {
            required = List.of(names);
            return this;
        }

        /** Inputs a caller may pass as null (a bias), after the required ones. */
        public Builder<P> optionalInputs(String... names) {
            optional = List.of(names);
            return this;
        }

        public Builder<P> forward(Forward<P> forward) {
            this.forward = forward;
            return this;
        }

        /** A rule for first-order backward passes only; it may work on arrays ({@link PrimitiveContext#read}). */
        public Builder<P> fastVjp(Rule<P> rule) {
            this.fastVjp = rule;
            return this;
        }

        /** A rule written in tensor ops: it is recorded when the backward is (createGraph), so it has derivatives. */
        public Builder<P> differentiableVjp(Rule<P> rule) {
            this.differentiableVjp = rule;
            return this;
        }

        /**
         * Inputs to check the rules on at registration: float64, small (the check runs the forward twice per
         * element). Inputs that require grad are checked; the others are held constant.
         */
        public Builder<P> example(P params, Tensor... inputs) {
            examples.add(Example.of(params, inputs));
            return this;
        }

        /** {@code count} more examples from {@code generator}, fed a generator seeded from the name (reproducible). */
        public Builder<P> examples(int count, Function<RandomGenerator, Example<P>> generator) {
            this.generator = generator;
            this.generated = count;
            return this;
        }

        /** The gradient checks' tolerance (default {@link GradCheck.Tolerance#DEFAULT}). */
        public Builder<P> tolerance(GradCheck.Tolerance tolerance) {
            this.tolerance = tolerance;
            return this;
        }

        /**
         * Checks the primitive on the examples and registers it.
         *
         * @throws IllegalArgumentException when the definition is incomplete, the name is taken, or a rule fails its
         *     check (the message names the op, the example, the input and the worst entry)
         */
        public Primitive<P> register() {
            List<String> names = new ArrayList<>(required);
            names.addAll(optional);
            String what = "primitive " + name;
            if (names.isEmpty() || names.size() > MAX_INPUTS || new HashSet<>(names).size() != names.size()) {
                throw new IllegalArgumentException(what + ": declare 1 to " + MAX_INPUTS + " distinct input names"
                        + " with inputs(...) and optionalInputs(...), got " + names);
            }
            if (forward == null || (fastVjp == null && differentiableVjp == null)) {
                throw new IllegalArgumentException(what + ": needs a forward and a fastVjp or differentiableVjp rule");
            }
            List<Example<P>> all = new ArrayList<>(examples);
            if (generator != null) {
                RandomGenerator rng = new java.util.SplittableRandom(name.hashCode());
                for (int i = 0; i < generated; i++) all.add(generator.apply(rng));
            }
            if (all.isEmpty()) {
                throw new IllegalArgumentException(what + ": needs at least one example to check its rules on");
            }
            if (REGISTRY.containsKey(name)) {
                throw new IllegalArgumentException(what + " is already registered");
            }
            Primitive<P> p = new Primitive<>(name, List.copyOf(names), required.size(), forward, fastVjp,
                    differentiableVjp);
            PrimitiveCheck.run(p, all, tolerance);
            if (REGISTRY.putIfAbsent(name, p) != null) {
                throw new IllegalArgumentException(what + " is already registered");
            }
            return p;
        }
    }
}
