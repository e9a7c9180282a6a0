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
    /** Shapes of the outputs (most ops have one; split has several). */
    final Shape[] outShapes;
    final DType dtype;
    Vjp vjp;
    MultiVjp multiVjp;
    boolean released;

    // gradient accumulators for the node's outputs during one sweep
    final Tensor[] grads;
    final boolean[] owned;

    Node(String op, Tensor[] inputs, Vjp vjp, MultiVjp multiVjp, Shape[] outShapes, DType dtype, String site) {
        this.op = op;
        this.inputs = inputs;
        this.vjp = vjp;
        this.multiVjp = multiVjp;
        this.outShapes = outShapes;
        this.dtype = dtype;
        this.site = site;
        this.grads = new Tensor[outShapes.length];
        this.owned = new boolean[outShapes.length];
    }

    /** Applies the derivative rule to the accumulated output gradients (missing ones are zeros). */
    Tensor[] applyRule() {
        if (vjp != null) {
            return vjp.apply(grads[0]);
        }
        Tensor[] gs = grads.clone();
        for (int k = 0; k < gs.length; k++) {
            if (gs[k] == null) {
                gs[k] = Tensor.zeros(outShapes[k], dtype);
            }
        }
        return multiVjp.apply(gs);
    }

    boolean hasGrad() {
        for (Tensor g : grads) {
            if (g != null) {
                return true;
            }
        }
        return false;
    }

    void clearGrads() {
        java.util.Arrays.fill(grads, null);
    }

    /**
     * Storage only this node's rule reads (a fused op's saved intermediates, never handed to the caller):
     * it goes back to the buffer pool when the graph is released, so the next step's forward reuses it.
     */
    private Object[] privateStorage;

    void recycleOnRelease(Object... storage) {
        privateStorage = storage;
    }

    void release() {
        released = true;
        vjp = null;
        multiVjp = null;
        if (privateStorage != null) {
            BufferPool pool = BufferPool.current();
            for (Object a : privateStorage) {
                pool.give(a);
            }
            privateStorage = null;
        }
    }
}
