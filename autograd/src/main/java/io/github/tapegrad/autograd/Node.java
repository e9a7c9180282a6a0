package io.github.tapegrad.autograd;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One recorded op on the tape: its name, inputs, derivative rule, and its position on the tape
 * ({@link #seq}). Positions only grow, so reverse tape order is a valid reverse topological order.
 * It also keeps the storage versions of the tensors its rule reads ({@link Saves}), which the sweep
 * checks with {@link #checkSaved} before running the rule.
 */
final class Node {
    private static final AtomicLong CLOCK = new AtomicLong();

    final String op;
    final long seq = CLOCK.incrementAndGet();
    final Tensor[] inputs;
    /** Where the op was called from; only captured in anomaly mode. */
    final String site;
    final DType dtype;
    Vjp vjp;
    MultiVjp multiVjp;
    boolean released;
    /** The last {@link SweepOrder} walk that reached this node. */
    long walk;

    /** {@link Saves} bits; the versions they had at record time (inputs by index, then the output). */
    private final int saved;
    private final int[] savedVersions;
    private final Storage outputStorage;
    /** A several-output node's saved outputs' storages, by output index (null entries for the others), or null. */
    private final Storage[] savedOutputs;

    /**
     * One slot per output: its tensor's place in the graph, and its gradient's sum during a sweep; and the
     * outputs' shapes. Most ops have one output, held in fields (arrays of one cost 32 bytes per op); split
     * and the fused ops have several.
     */
    private final GradSlot slot0;
    private final Shape shape0;
    private final GradSlot[] slots;
    private final Shape[] shapes;

    /** A node with one output and a rule {@link Vjp}. */
    Node(String op, Tensor[] inputs, Vjp vjp, Shape outShape, DType dtype, String site, int saves,
         Storage outputStorage) {
        this.op = op;
        this.inputs = inputs;
        this.vjp = vjp;
        this.dtype = dtype;
        this.site = site;
        this.slot0 = new GradSlot(this, 0);
        this.shape0 = outShape;
        this.slots = null;
        this.shapes = null;
        int inputBits = inputs.length >= 31 ? Saves.INPUTS : (1 << inputs.length) - 1;
        this.saved = saves & (inputBits | (outputStorage != null ? Saves.OUTPUT : 0));
        this.outputStorage = outputStorage;
        this.savedOutputs = null;
        this.savedVersions = saved == 0 ? null : new int[Integer.bitCount(saved)];
        int j = 0;
        for (int bits = saved & Saves.INPUTS; bits != 0; bits &= bits - 1) {
            savedVersions[j++] = inputs[Integer.numberOfTrailingZeros(bits)].storage.version();
        }
        if ((saved & Saves.OUTPUT) != 0) {
            savedVersions[j] = outputStorage.version();
        }
    }

    /**
     * A node with several outputs and a {@link MultiVjp}; {@code savedOutputs} holds, at each output's index, the
     * storage of an output the rule reads (null elsewhere), or is null when it reads none.
     */
    Node(String op, Tensor[] inputs, MultiVjp multiVjp, Shape[] outShapes, DType dtype, String site, int saves,
         Storage[] savedOutputs) {
        this.op = op;
        this.inputs = inputs;
        this.multiVjp = multiVjp;
        this.dtype = dtype;
        this.site = site;
        this.slots = new GradSlot[outShapes.length];
        for (int k = 0; k < slots.length; k++) slots[k] = new GradSlot(this, k);
        this.shapes = outShapes;
        this.slot0 = slots[0];
        this.shape0 = outShapes[0];
        int inputBits = inputs.length >= 31 ? Saves.INPUTS : (1 << inputs.length) - 1;
        this.saved = (saves & inputBits) | (savedOutputs != null ? Saves.OUTPUT : 0);
        this.outputStorage = null;
        this.savedOutputs = savedOutputs;
        int count = Integer.bitCount(saved & Saves.INPUTS);
        if (savedOutputs != null) {
            for (Storage s : savedOutputs) count += s != null ? 1 : 0;
        }
        this.savedVersions = saved == 0 ? null : new int[count];
        int j = 0;
        for (int bits = saved & Saves.INPUTS; bits != 0; bits &= bits - 1) {
            savedVersions[j++] = inputs[Integer.numberOfTrailingZeros(bits)].storage.version();
        }
        if (savedOutputs != null) {
            for (Storage s : savedOutputs) {
                if (s != null) savedVersions[j++] = s.version();
            }
        }
    }

    int outputCount() {
        return slots == null ? 1 : slots.length;
    }

    GradSlot output(int k) {
        return slots == null ? slot0 : slots[k];
    }

    Shape outShape(int k) {
        return shapes == null ? shape0 : shapes[k];
    }

    /**
     * Throws when a tensor the rule reads was written in place after the forward saved it: the rule would
     * silently compute the gradient of values the forward never saw. One int compare per saved tensor.
     */
    void checkSaved() {
        if (saved == 0) {
            return;
        }
        int j = 0;
        for (int bits = saved & Saves.INPUTS; bits != 0; bits &= bits - 1, j++) {
            int k = Integer.numberOfTrailingZeros(bits);
            Tensor in = inputs[k];
            if (in.storage.version() != savedVersions[j]) {
                throw modified("input " + k, in.shape(), in.dtype(), savedVersions[j], in.storage.version());
            }
        }
        if ((saved & Saves.OUTPUT) == 0) {
            return;
        }
        if (savedOutputs == null) {
            if (outputStorage.version() != savedVersions[j]) {
                throw modified("output", shape0, dtype, savedVersions[j], outputStorage.version());
            }
            return;
        }
        for (int k = 0; k < savedOutputs.length; k++) {
            Storage s = savedOutputs[k];
            if (s != null && s.version() != savedVersions[j++]) {
                throw modified("output " + k, shapes[k], dtype, savedVersions[j - 1], s.version());
            }
        }
    }

    private IllegalStateException modified(String which, Shape shape, DType type, int expected, int now) {
        return new IllegalStateException(op + ": its " + which + ", " + shape + " " + type + ", saved for backward,"
                + " was modified in place since: it is at version " + now + "; expected version " + expected
                + ". An in-place op (copy_, add_, mul_, zero_, or a backward adding into a grad()) wrote to it, or"
                + " to a tensor sharing its storage such as its detach(), between the forward and this backward: run"
                + " the update after backward, or the forward again after it" + (site != null ? "; " + op + " was called at " + site : ""));
    }

    /** Applies the derivative rule to the accumulated output gradients (missing ones are zeros). */
    Tensor[] applyRule() {
        if (vjp != null) {
            return vjp.apply(slot0.get());
        }
        Tensor[] gs = new Tensor[slots.length];
        for (int k = 0; k < gs.length; k++) {
            gs[k] = slots[k].get() != null ? slots[k].get() : Tensor.zeros(shapes[k], dtype);
        }
        return multiVjp.apply(gs);
    }

    boolean hasGrad() {
        if (slots == null) {
            return slot0.get() != null;
        }
        for (GradSlot s : slots) {
            if (s.get() != null) {
                return true;
            }
        }
        return false;
    }

    void clearGrads() {
        if (slots == null) {
            slot0.set(null);
            return;
        }
        for (GradSlot s : slots) s.set(null);
    }

    /**
     * Storage only this node's rule reads (a fused op's saved intermediates, never handed to the caller):
     * it goes back to the buffer pool when the graph is released, so the next step's forward reuses it.
     */
    private Storage[] privateStorage;

    void recycleOnRelease(Storage... storage) {
        privateStorage = storage;
    }

    void release() {
        released = true;
        vjp = null;
        multiVjp = null;
        if (privateStorage != null) {
            for (Storage s : privateStorage) {
                s.recycle();
            }
            privateStorage = null;
        }
    }
}
