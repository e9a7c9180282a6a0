package io.github.tapegrad.autograd;

import java.util.ArrayDeque;
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

    /** The same, for a rule that reads the values of the tensors marked in {@code saves} ({@link Saves}). */
    static Tensor record(String op, Tensor out, int saves, Vjp vjp, Tensor... inputs) {
        boolean anomaly = Grad.isAnomalyDetectionEnabled();
        if (anomaly && !IN_DERIVATIVE.get()[0]) {
            String bad = Kernels.nonFinite(out);
            if (bad != null) {
                throw new AnomalyException("anomaly: " + op + " produced " + bad + " in its output " + out.shape()
                        + " " + out.dtype() + " (forward), at " + callSite());
            }
        }
        if (needsRecording(inputs)) {
            out.node = new Node(op, inputs, vjp, null, new Shape[] {out.shape()}, out.dtype(),
                    anomaly ? callSite() : null, saves, (saves & Saves.OUTPUT) != 0 ? out.storage : null);
            out.requiresGrad = true;
        }
        return out;
    }

    /**
     * Records an op with several outputs (e.g. split), whose rule takes one gradient per output and reads
     * the inputs marked in {@code saves} (outputs are never saved).
     */
    static Tensor[] recordMany(String op, Tensor[] outs, int saves, MultiVjp vjp, Tensor... inputs) {
        boolean anomaly = Grad.isAnomalyDetectionEnabled();
        if (anomaly && !IN_DERIVATIVE.get()[0]) {
            for (Tensor out : outs) {
                String bad = Kernels.nonFinite(out);
                if (bad != null) {
                    throw new AnomalyException("anomaly: " + op + " produced " + bad + " in an output " + out.shape()
                            + " " + out.dtype() + " (forward), at " + callSite());
                }
            }
        }
        if (needsRecording(inputs)) {
            Shape[] shapes = new Shape[outs.length];
            for (int k = 0; k < outs.length; k++) shapes[k] = outs[k].shape();
            Node node = new Node(op, inputs, null, vjp, shapes, inputs[0].dtype(), anomaly ? callSite() : null,
                    saves, null);
            for (int k = 0; k < outs.length; k++) {
                outs[k].node = node;
                outs[k].outputIndex = k;
                outs[k].requiresGrad = true;
            }
        }
        return outs;
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

    static void backward(Tensor root, Tensor upstream, boolean retainGraph, boolean createGraph) {
        Tensor up = seedGradient("backward", root, upstream);
        sweep(List.of(root), List.of(up), retainGraph || createGraph, createGraph, new LeafGrads(), null);
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
        Map<Tensor, Accumulator> leafs = new IdentityHashMap<>();
        Map<Node, Accumulator[]> captured = new IdentityHashMap<>();
        for (Tensor in : inputs) {
            if (!in.requiresGrad) {
                throw Errors.op("grad", "an input does not require grad", in);
            }
            if (in.node != null) {
                captured.computeIfAbsent(in.node, n -> new Accumulator[n.outShapes.length])[in.outputIndex] =
                        new Accumulator();
            } else {
                leafs.put(in, new Accumulator());
            }
        }
        LeafSink sink = new LeafSink() {
            @Override
            public void accept(Tensor leaf, Tensor g, boolean create) {
                Accumulator acc = leafs.get(leaf);
                if (acc != null) {
                    acc.add(g, create);
                }
            }

            @Override
            public IdentityHashMap<Object, Boolean> escaped(Map<Node, Accumulator[]> capturedAccumulators) {
                IdentityHashMap<Object, Boolean> out = new IdentityHashMap<>();
                for (Accumulator acc : leafs.values()) {
                    if (acc.value != null) {
                        out.put(acc.value.data(), Boolean.TRUE);
                    }
                }
                for (Accumulator[] accs : capturedAccumulators.values()) {
                    for (Accumulator acc : accs) {
                        if (acc != null && acc.value != null) {
                            out.put(acc.value.data(), Boolean.TRUE);
                        }
                    }
                }
                return out;
            }
        };
        sweep(outputs, seeds, retainGraph || createGraph, createGraph, sink, captured);
        List<Tensor> result = new ArrayList<>();
        for (Tensor in : inputs) {
            Accumulator acc = in.node != null ? captured.get(in.node)[in.outputIndex] : leafs.get(in);
            result.add(acc.value != null ? acc.value : Tensor.zeros(in.shape(), in.dtype()));
        }
        return result;
    }

    private static Tensor seedGradient(String op, Tensor root, Tensor upstream) {
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

    /** Where gradients of leaves go: {@code .grad()} for backward, a private map for {@link Grad#grad}. */
    private interface LeafSink {
        void accept(Tensor leaf, Tensor g, boolean createGraph);

        /** A buffer we own that holds (or will hold) the leaf's gradient, for in-place accumulation; or null. */
        default Tensor ownedTarget(Tensor leaf) {
            return null;
        }

        /** The storage arrays this sweep handed out (they must not be recycled). */
        IdentityHashMap<Object, Boolean> escaped(Map<Node, Accumulator[]> captured);
    }

    /** backward()'s sink: accumulate into the leaf's grad slot, in place once the buffer is ours. */
    private static final class LeafGrads implements LeafSink {
        private final IdentityHashMap<Object, Boolean> touched = new IdentityHashMap<>();

        @Override
        public IdentityHashMap<Object, Boolean> escaped(Map<Node, Accumulator[]> captured) {
            IdentityHashMap<Object, Boolean> out = new IdentityHashMap<>();
            for (Object leaf : touched.keySet()) {
                Tensor g = ((Tensor) leaf).grad;
                if (g != null) {
                    out.put(g.data(), Boolean.TRUE);
                }
            }
            return out;
        }

        @Override
        public Tensor ownedTarget(Tensor leaf) {
            touched.put(leaf, Boolean.TRUE);
            if (leaf.grad == null) {
                leaf.grad = Tensor.zeros(leaf.shape(), leaf.dtype());
                leaf.gradOwned = true;
            }
            if (!leaf.gradOwned || leaf.grad.node != null) {
                return null;
            }
            leaf.grad.storage.bump(); // the caller writes into it; a graph made from grad() may have saved it
            return leaf.grad;
        }

        @Override
        public void accept(Tensor leaf, Tensor g, boolean create) {
            touched.put(leaf, Boolean.TRUE);
            if (leaf.grad == null) {
                leaf.grad = g;
                leaf.gradOwned = false;
            } else if (!create && leaf.gradOwned && leaf.grad.node == null) {
                Kernels.addInto(leaf.grad, g);
                leaf.grad.storage.bump();
            } else {
                leaf.grad = leaf.grad.add(g);
                leaf.gradOwned = !create;
            }
        }
    }

    /** A gradient sum; the first term is kept as is, later terms add in place into a buffer we own. */
    private static final class Accumulator {
        Tensor value;
        boolean owned;

        void add(Tensor g, boolean create) {
            if (value == null) {
                value = g;
                owned = false;
            } else if (!create && owned) {
                Kernels.addInto(value, g);
            } else {
                value = value.add(g);
                owned = !create;
            }
        }
    }

    private static void sweep(List<Tensor> roots, List<Tensor> seeds, boolean retain, boolean create,
                              LeafSink leafSink, Map<Node, Accumulator[]> captured) {
        List<Node> order = reachable(roots);
        boolean anomaly = Grad.isAnomalyDetectionEnabled();
        BufferPool pool = BufferPool.current();
        // a recording sweep keeps its buffers in the new graph: only a plain one recycles
        List<Object> outerArena = create ? null : pool.open();
        try (Grad.Scope mode = create ? Grad.on() : Grad.off()) {
            for (int i = 0; i < roots.size(); i++) {
                Tensor r = roots.get(i);
                if (r.node != null) {
                    accumulate(r.node, r.outputIndex, seeds.get(i), create);
                } else {
                    leafSink.accept(r, seeds.get(i), create);
                }
            }
            DeferredProducts later = new DeferredProducts();
            for (Node node : order) {
                if (!node.hasGrad()) {
                    continue;
                }
                Accumulator[] capture = captured == null ? null : captured.get(node);
                if (capture != null) {
                    for (int k = 0; k < capture.length; k++) {
                        if (capture[k] != null && node.grads[k] != null) {
                            capture[k].add(node.grads[k], create);
                        }
                    }
                }
                node.checkSaved(); // the one place saved values are checked: every sweep and replay passes here
                Tensor[] gs;
                boolean[] inDerivative = IN_DERIVATIVE.get();
                boolean outer = inDerivative[0];
                inDerivative[0] = true;
                try {
                    gs = !create && node.vjp instanceof AccumulatingVjp rule
                            ? accumulateInPlace(node, rule, leafSink, later) : node.applyRule();
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
                    if (in.node != null) {
                        accumulate(in.node, in.outputIndex, gi, create);
                    } else {
                        leafSink.accept(in, gi, create);
                    }
                }
            }
            later.flush(); // before the arena closes: its stacked buffers come from the pool
        } finally {
            for (Node node : order) {
                node.clearGrads();
                if (!retain) {
                    node.release();
                }
            }
            if (!create) {
                pool.close(outerArena, leafSink.escaped(captured == null ? Map.of() : captured));
            }
        }
    }

    /**
     * Adds each input's gradient straight into an accumulator we own where the rule can; returns the
     * gradients still to be delivered the ordinary way (null where done).
     */
    private static Tensor[] accumulateInPlace(Node node, AccumulatingVjp rule, LeafSink leafSink,
                                              DeferredProducts later) {
        Tensor g = node.grads[0];
        Tensor[] gs = new Tensor[node.inputs.length];
        for (int k = 0; k < gs.length; k++) {
            Tensor in = node.inputs[k];
            if (!in.requiresGrad) {
                continue;
            }
            Tensor target = in.node == null ? leafSink.ownedTarget(in) : null;
            if (target == null || !rule.addGradientInto(k, g, target, later)) {
                gs[k] = rule.gradient(k, g);
            }
        }
        return gs;
    }

    private static void accumulate(Node node, int k, Tensor g, boolean create) {
        if (node.grads[k] == null) {
            node.grads[k] = g;
            node.owned[k] = false;
        } else if (!create && node.owned[k]) {
            Kernels.addInto(node.grads[k], g);
        } else {
            node.grads[k] = node.grads[k].add(g);
            node.owned[k] = !create;
        }
    }

    /** Nodes reachable from the roots, latest first; a released node is an error. */
    private static List<Node> reachable(List<Tensor> roots) {
        IdentityHashMap<Node, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Node> stack = new ArrayDeque<>();
        for (Tensor r : roots) {
            if (r.node != null && seen.put(r.node, Boolean.TRUE) == null) {
                stack.push(r.node);
            }
        }
        List<Node> out = new ArrayList<>();
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            if (n.released) {
                throw new IllegalStateException("backward: the graph through " + n.op + " was already released by an"
                        + " earlier backward; pass retainGraph=true to the first backward to go through it twice");
            }
            out.add(n);
            for (Tensor in : n.inputs) {
                if (in.node != null && seen.put(in.node, Boolean.TRUE) == null) {
                    stack.push(in.node);
                }
            }
        }
        out.sort((a, b) -> Long.compare(b.seq, a.seq));
        return out;
    }
}
