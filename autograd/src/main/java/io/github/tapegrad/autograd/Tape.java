package io.github.tapegrad.autograd;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recording and the reverse sweep. Every op that sees an input requiring grad (while grad mode is on)
 * records a {@link Node} stamped with its tape position. {@code backward} gathers the nodes reachable
 * from the outputs and sweeps them in reverse tape order, which is reverse topological order, calling
 * each derivative rule once with the fully accumulated gradient of its output. Nodes are owned by the
 * tensors they made, so a graph nobody holds is garbage, whether or not backward ran on it.
 */
final class Tape {
    private Tape() {
    }

    /**
     * Set while a derivative rule runs: a non-finite value it computes is reported by the sweep as the
     * backward of the rule's op, not as a forward anomaly of whatever op the rule happens to use.
     */
    private static final ThreadLocal<boolean[]> IN_DERIVATIVE = ThreadLocal.withInitial(() -> new boolean[1]);

    /** The library's own classes; any other frame (user code, tests in this package) is a call site. */
    private static final java.security.CodeSource LIBRARY = Tape.class.getProtectionDomain().getCodeSource();

    /** Records {@code out} as made by {@code op} from {@code inputs}, when any input requires grad. */
    static Tensor record(String op, Tensor out, Vjp vjp, Tensor... inputs) {
        return record(op, out, Saves.NOTHING, vjp, inputs);
    }

    // One- and two-input forms: most ops, and most calls in a backward (grad mode off) record nothing, so they
    // make no inputs array unless they do.

    static Tensor record(String op, Tensor out, Vjp vjp, Tensor a) {
        return record(op, out, Saves.NOTHING, vjp, a);
    }

    static Tensor record(String op, Tensor out, Vjp vjp, Tensor a, Tensor b) {
        return record(op, out, Saves.NOTHING, vjp, a, b);
    }

    static Tensor record(String op, Tensor out, int saves, Vjp vjp, Tensor a) {
        return a.requiresGrad && Grad.isEnabled() ? record(op, out, saves, vjp, new Tensor[] {a}) : constant(op, out);
    }

    static Tensor record(String op, Tensor out, int saves, Vjp vjp, Tensor a, Tensor b) {
        return (a.requiresGrad || b.requiresGrad) && Grad.isEnabled() ? record(op, out, saves, vjp, new Tensor[] {a, b})
                : constant(op, out);
    }

    /** An op's output that nothing records (no input requires grad, or grad mode is off). */
    private static Tensor constant(String op, Tensor out) {
        out.storage.madeBy(op);
        if (Grad.isAnomalyDetectionEnabled()) {
            checkForward(op, out);
        }
        return out;
    }

    private static void checkForward(String op, Tensor out) {
        if (!IN_DERIVATIVE.get()[0]) {
            String bad = Kernels.nonFinite(out);
            if (bad != null) {
                throw new AnomalyException("anomaly: " + op + " produced " + bad + " in its output " + out.shape()
                        + " " + out.dtype() + " (forward), at " + callSite());
            }
        }
    }

    /** The same, for a rule that reads the values of the tensors marked in {@code saves} ({@link Saves}). */
    static Tensor record(String op, Tensor out, int saves, Vjp vjp, Tensor... inputs) {
        out.storage.madeBy(op);
        boolean anomaly = Grad.isAnomalyDetectionEnabled();
        if (anomaly) {
            checkForward(op, out);
        }
        if (needsRecording(inputs)) {
            Node node = new Node(op, inputs, vjp, out.shape(), out.dtype(), anomaly ? callSite() : null, saves,
                    (saves & Saves.OUTPUT) != 0 ? out.storage : null);
            out.slot = node.output(0);
            out.requiresGrad = true;
        }
        return out;
    }

    /**
     * Records an op with several outputs (e.g. split), whose rule takes one gradient per output and reads
     * the inputs marked in {@code saves} (no output).
     */
    static void recordMany(String op, Tensor[] outs, int saves, MultiVjp vjp, Tensor... inputs) {
        recordMany(op, outs, Grad.isAnomalyDetectionEnabled(), needsRecording(inputs), saves, null, vjp, inputs);
    }

    /**
     * The same, for a caller that already knows whether anomaly mode is on and whether the op records ({@link
     * Primitive}), and whose rule may read outputs: {@code savedOutputs} holds output k's storage at k when the rule
     * reads it (null elsewhere), or is null.
     */
    static void recordMany(String op, Tensor[] outs, boolean anomaly, boolean record, int saves,
                           Storage[] savedOutputs, MultiVjp vjp, Tensor[] inputs) {
        for (Tensor out : outs) {
            out.storage.madeBy(op);
        }
        if (anomaly && !IN_DERIVATIVE.get()[0]) {
            for (Tensor out : outs) {
                String bad = Kernels.nonFinite(out);
                if (bad != null) {
                    throw new AnomalyException("anomaly: " + op + " produced " + bad + " in an output " + out.shape()
                            + " " + out.dtype() + " (forward), at " + callSite());
                }
            }
        }
        if (record) {
            Shape[] shapes = new Shape[outs.length];
            for (int k = 0; k < outs.length; k++) shapes[k] = outs[k].shape();
            Node node = new Node(op, inputs, vjp, shapes, inputs[0].dtype(), anomaly ? callSite() : null, saves,
                    savedOutputs);
            for (int k = 0; k < outs.length; k++) {
                outs[k].slot = node.output(k);
                outs[k].requiresGrad = true;
            }
        }
    }

    private static boolean needsRecording(Tensor[] inputs) {
        if (!Grad.isEnabled()) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t.requiresGrad) {
                return true;
            }
        }
        return false;
    }

    /** The first stack frame outside the library's autograd classes: the line that called the op. */
    private static String callSite() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
                .filter(f -> !f.getClassName().startsWith("io.github.tapegrad.autograd.")
                        || !java.util.Objects.equals(f.getDeclaringClass().getProtectionDomain().getCodeSource(), LIBRARY))
                .findFirst().map(f -> f.toStackTraceElement().toString()).orElse("unknown"));
    }

    /** Marks a leaf as requiring grad (or not). */
    static void requireGrad(Tensor t, boolean value) {
        if (t.node() != null) {
            throw Errors.op("requiresGrad_", "only leaves can change requiresGrad; use detach() first", t);
        }
        t.requiresGrad = value;
        if (value && !t.storage.isRetired()) {
            t.storage.arena = null; // a parameter (or an input one differentiates by) outlives any step scope
            t.storage.cachePacked();
        }
    }

    /** Replaces a leaf's gradient (null clears it); it must match the leaf and have no graph. */
    static void setGrad(Tensor t, Tensor g) {
        if (g != null && (!g.shape().equals(t.shape()) || g.dtype() != t.dtype() || g.node() != null)) {
            throw Errors.op("setGrad", "the gradient must match the tensor's shape and dtype and have no graph",
                    t, g);
        }
        if (t.node() != null) {
            if (g != null) {
                throw Errors.op("setGrad", "only a leaf holds a gradient", t);
            }
            return; // a non-leaf's grad() is always null
        }
        if (t.slot == null) {
            t.slot = new GradSlot(null, 0);
        }
        t.slot.set(g);
        Arena step = BufferPool.current().stepArena();
        if (g != null && step != null) {
            step.leafSlots.add(t.slot); // the scope must not recycle a leaf's gradient when it closes
        }
    }

    static void backward(Tensor root, Tensor upstream, boolean retainGraph, boolean createGraph) {
        Tensor up = seedGradient("backward", root, upstream);
        sweep(List.of(root), List.of(up), retainGraph || createGraph, createGraph, new Results(null, Map.of()));
    }

    static List<Tensor> gradients(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> upstream,
                                  boolean retainGraph, boolean createGraph) {
        if (upstream != null && upstream.size() != outputs.size()) {
            throw new IllegalArgumentException("grad: " + outputs.size() + " outputs but " + upstream.size()
                    + " upstream gradients");
        }
        List<Tensor> seeds = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            seeds.add(seedGradient("grad", outputs.get(i), upstream == null ? null : upstream.get(i)));
        }
        Map<Tensor, GradSlot> leaves = new IdentityHashMap<>();
        Map<GradSlot, GradSlot> captured = new IdentityHashMap<>();
        List<GradSlot> sums = new ArrayList<>();
        for (Tensor in : inputs) {
            if (!in.requiresGrad) {
                throw Errors.op("grad", "an input does not require grad", in);
            }
            GradSlot sum = in.node() != null ? captured.computeIfAbsent(in.slot, s -> new GradSlot(null, 0))
                    : leaves.computeIfAbsent(in, t -> new GradSlot(null, 0));
            sums.add(sum);
        }
        sweep(outputs, seeds, retainGraph || createGraph, createGraph, new Results(leaves, captured));
        List<Tensor> result = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor g = sums.get(i).get();
            result.add(g != null ? g : Tensor.zeros(inputs.get(i).shape(), inputs.get(i).dtype()));
        }
        return result;
    }

    private static Tensor seedGradient(String op, Tensor root, Tensor upstream) {
        if (root.storage.isRetired()) {
            throw notInScope(op, "its output", root.storage);
        }
        if (!root.requiresGrad) {
            throw Errors.op(op, "the tensor does not require grad: no input of the ops that made it requires grad,"
                    + " or it was made with grad mode off", root);
        }
        if (upstream == null) {
            if (root.numel() != 1) {
                throw Errors.op(op, "a non-scalar output needs an upstream gradient of the same shape", root);
            }
            return Tensor.ones(root.shape(), root.dtype());
        }
        if (!upstream.shape().equals(root.shape()) || upstream.dtype() != root.dtype()) {
            throw Errors.op(op, "upstream gradient must match the output's shape and dtype", root, upstream);
        }
        return upstream;
    }

    /**
     * Where a sweep's results go. backward ({@code leaves} null): every leaf's own slot, its grad(), which
     * rules may add into in place once the buffer is the slot's. {@link Grad#grad}: private slots for the
     * requested leaves ({@code leaves}) and for requested non-leaves, keyed by their node output's slot
     * ({@code captured}); other leaves' gradients are dropped and no grad() is touched.
     */
    private static final class Results {
        private final Map<Tensor, GradSlot> leaves;
        private final Map<GradSlot, GradSlot> captured;
        private final IdentityHashMap<GradSlot, Boolean> touched = new IdentityHashMap<>();

        Results(Map<Tensor, GradSlot> leaves, Map<GradSlot, GradSlot> captured) {
            this.leaves = leaves;
            this.captured = captured;
        }

        /** The slot a leaf's gradient goes to, or null when nobody asked for it. */
        GradSlot leaf(Tensor t) {
            if (leaves != null) {
                return leaves.get(t);
            }
            if (t.slot == null) {
                t.slot = new GradSlot(null, 0);
            }
            touched.put(t.slot, Boolean.TRUE);
            return t.slot;
        }

        /** A buffer holding the leaf's gradient sum that a rule may add into, or null. */
        Tensor ownedTarget(Tensor t) {
            return leaves != null ? null : leaf(t).ownedBuffer(t.shape(), t.dtype());
        }

        /** Takes a node output's summed gradient when it was asked for. */
        void capture(GradSlot output, boolean create) {
            GradSlot sum = captured.get(output);
            if (sum != null && output.get() != null) {
                sum.add(output.get(), create);
            }
        }

        /**
         * What this sweep hands out outlives its arena: the leaves' gradients and the requested ones pass to the
         * enclosing arena, and a step scope notes the leaves it must not recycle the gradients of.
         */
        void handOut(Arena sweep, BufferPool pool) {
            Arena step = pool.stepArena();
            for (GradSlot s : leaves != null ? leaves.values() : touched.keySet()) {
                if (s.get() != null) {
                    if (sweep != null) {
                        sweep.escape(s.get().storage);
                    }
                    if (leaves == null && step != null) {
                        step.leafSlots.add(s);
                    }
                }
            }
            for (GradSlot s : captured.values()) {
                if (s.get() != null && sweep != null) {
                    sweep.escape(s.get().storage);
                }
            }
        }
    }

    /** Adds g to t's gradient: its node output's sum, or the leaf's slot. */
    private static void deliver(Tensor t, Tensor g, boolean create, Results results) {
        GradSlot slot = t.node() != null ? t.slot : results.leaf(t);
        if (slot != null) {
            slot.add(g, create);
        }
    }

    private static void sweep(List<Tensor> roots, List<Tensor> seeds, boolean retain, boolean create,
                              Results results) {
        SweepOrder order = SweepOrder.of(roots);
        boolean anomaly = Grad.isAnomalyDetectionEnabled();
        BufferPool pool = BufferPool.current();
        // a recording sweep keeps its buffers in the new graph: only a plain one recycles its temporaries
        Arena arena = create ? null : pool.open(false);
        try (Grad.Scope mode = create ? Grad.on() : Grad.off()) {
            for (int i = 0; i < roots.size(); i++) {
                deliver(roots.get(i), seeds.get(i), create, results);
            }
            DeferredProducts later = new DeferredProducts();
            for (int n = 0; n < order.size(); n++) {
                Node node = order.get(n);
                if (!node.hasGrad()) {
                    continue;
                }
                for (int k = 0; k < node.outputCount(); k++) {
                    results.capture(node.output(k), create);
                }
                node.checkSaved(); // the one place saved values are checked: every sweep and replay passes here
                Tensor[] gs;
                boolean[] inDerivative = IN_DERIVATIVE.get();
                boolean outer = inDerivative[0];
                inDerivative[0] = true;
                try {
                    gs = !create && node.vjp instanceof AccumulatingVjp rule
                            ? accumulateInPlace(node, rule, results, later) : node.applyRule();
                } finally {
                    inDerivative[0] = outer;
                }
                node.clearGrads();
                for (int k = 0; k < node.inputs.length; k++) {
                    Tensor in = node.inputs[k];
                    Tensor gi = gs[k];
                    if (gi == null || !in.requiresGrad) {
                        continue;
                    }
                    if (!gi.shape().equals(in.shape()) || gi.dtype() != in.dtype()) {
                        throw new IllegalStateException("internal: derivative of " + node.op + " gave " + gi.shape()
                                + " " + gi.dtype() + " for input " + k + " of " + in.shape() + " " + in.dtype());
                    }
                    if (anomaly) {
                        String bad = Kernels.nonFinite(gi);
                        if (bad != null) {
                            throw new AnomalyException("anomaly: backward of " + node.op + " produced " + bad
                                    + " in the gradient of its input " + k + " " + in.shape() + " " + in.dtype()
                                    + "; the op was created at " + node.site);
                        }
                    }
                    deliver(in, gi, create, results);
                }
            }
            later.flush(); // before the arena closes: its stacked buffers come from the pool
        } finally {
            for (int n = 0; n < order.size(); n++) {
                Node node = order.get(n);
                node.clearGrads();
                if (!retain) {
                    node.release();
                }
            }
            results.handOut(arena, pool);
            if (arena != null) {
                pool.close(arena);
            }
            order.release();
        }
    }

    /**
     * Adds each input's gradient straight into an accumulator we own where the rule can; returns the
     * gradients still to be delivered the ordinary way (null where done).
     */
    private static Tensor[] accumulateInPlace(Node node, AccumulatingVjp rule, Results results,
                                              DeferredProducts later) {
        Tensor g = node.output(0).get();
        Tensor[] gs = new Tensor[node.inputs.length];
        for (int k = 0; k < gs.length; k++) {
            Tensor in = node.inputs[k];
            if (!in.requiresGrad) {
                continue;
            }
            Tensor target = in.node() == null ? results.ownedTarget(in) : null;
            if (target == null || !rule.addGradientInto(k, g, target, later)) {
                gs[k] = rule.gradient(k, g);
            }
        }
        return gs;
    }

    static IllegalStateException notInScope(String op, String which, Storage s) {
        return new IllegalStateException(op + ": cannot run through a graph whose tensors were recycled (" + which
                + "): " + s.recycled().getMessage());
    }
}
