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

    /** Records {@code out} as made by {@code op} from {@code inputs}, when any input requires grad. */
    static Tensor record(String op, Tensor out, Vjp vjp, Tensor... inputs) {
        boolean anomaly = Grad.isAnomalyDetectionEnabled();
        if (anomaly) {
            String bad = Kernels.nonFinite(out);
            if (bad != null) {
                throw new AnomalyException("anomaly: " + op + " produced " + bad + " in its output " + out.shape()
                        + " " + out.dtype() + " (forward), at " + callSite());
            }
        }
        if (!Grad.isEnabled()) {
            return out;
        }
        for (Tensor t : inputs) {
            if (t.requiresGrad) {
                out.node = new Node(op, inputs, vjp, anomaly ? callSite() : null);
                out.requiresGrad = true;
                return out;
            }
        }
        return out;
    }

    /** The first stack frame outside the autograd package: the line that called the op. */
    private static String callSite() {
        for (StackTraceElement e : new Throwable().getStackTrace()) {
            if (!e.getClassName().startsWith("io.github.tapegrad.autograd.")) {
                return e.toString();
            }
        }
        return "unknown";
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
        Map<Node, Accumulator> captured = new IdentityHashMap<>();
        for (Tensor in : inputs) {
            if (!in.requiresGrad) {
                throw Errors.op("grad", "an input does not require grad", in);
            }
            if (in.node != null) {
                captured.put(in.node, new Accumulator());
            } else {
                leafs.put(in, new Accumulator());
            }
        }
        LeafSink sink = (leaf, g, create) -> {
            Accumulator acc = leafs.get(leaf);
            if (acc != null) {
                acc.add(g, create);
            }
        };
        sweep(outputs, seeds, retainGraph || createGraph, createGraph, sink, captured);
        List<Tensor> result = new ArrayList<>();
        for (Tensor in : inputs) {
            Accumulator acc = in.node != null ? captured.get(in.node) : leafs.get(in);
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
    @FunctionalInterface
    private interface LeafSink {
        void accept(Tensor leaf, Tensor g, boolean createGraph);
    }

    /** backward()'s sink: accumulate into the leaf's grad slot, in place once the buffer is ours. */
    private static final class LeafGrads implements LeafSink {
        @Override
        public void accept(Tensor leaf, Tensor g, boolean create) {
            if (leaf.grad == null) {
                leaf.grad = g;
                leaf.gradOwned = false;
            } else if (!create && leaf.gradOwned && leaf.grad.node == null) {
                Kernels.addInto(leaf.grad, g);
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
                              LeafSink leafSink, Map<Node, Accumulator> captured) {
        List<Node> order = reachable(roots);
        boolean anomaly = Grad.isAnomalyDetectionEnabled();
        try (Grad.Scope mode = create ? Grad.on() : Grad.off()) {
            for (int i = 0; i < roots.size(); i++) {
                Tensor r = roots.get(i);
                if (r.node != null) {
                    accumulate(r.node, seeds.get(i), create);
                } else {
                    leafSink.accept(r, seeds.get(i), create);
                }
            }
            for (Node node : order) {
                Tensor g = node.grad;
                if (g == null) {
                    continue;
                }
                node.grad = null;
                if (captured != null && captured.containsKey(node)) {
                    captured.get(node).add(g, create);
                }
                Tensor[] gs = node.vjp.apply(g);
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
                        accumulate(in.node, gi, create);
                    } else {
                        leafSink.accept(in, gi, create);
                    }
                }
            }
        } finally {
            for (Node node : order) {
                node.grad = null;
                if (!retain) {
                    node.release();
                }
            }
        }
    }

    private static void accumulate(Node node, Tensor g, boolean create) {
        if (node.grad == null) {
            node.grad = g;
            node.gradOwned = false;
        } else if (!create && node.gradOwned) {
            Kernels.addInto(node.grad, g);
        } else {
            node.grad = node.grad.add(g);
            node.gradOwned = !create;
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
