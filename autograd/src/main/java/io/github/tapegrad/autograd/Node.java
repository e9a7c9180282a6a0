package io.github.tapegrad.autograd;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One recorded op on the tape: its name, inputs, derivative rule, and its position on the tape
 * ({@link #seq}). Positions only grow, so reverse tape order is a valid reverse topological order.
 */
final class Node {
    private static final AtomicLong CLOCK = new AtomicLong();

    final String op;
    final long seq = CLOCK.incrementAndGet();
    final Tensor[] inputs;
    /** Where the op was called from; only captured in anomaly mode. */
    final String site;
    Vjp vjp;
    boolean released;

    // gradient accumulator for the node's output during one sweep
    Tensor grad;
    boolean gradOwned;

    Node(String op, Tensor[] inputs, Vjp vjp, String site) {
        this.op = op;
        this.inputs = inputs;
        this.vjp = vjp;
        this.site = site;
    }

    void release() {
        released = true;
        vjp = null;
    }
}
