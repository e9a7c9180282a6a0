package io.github.tapegrad.autograd;

import java.util.Arrays;

/**
 * One call of a {@link Primitive}, seen by its forward and later by its rule (PyTorch's {@code ctx}): the call's
 * parameters, what the forward saved, which inputs need a gradient, and array access for kernels.
 *
 * <p>Arrays: {@link #read} gives a tensor's values as a row-major {@code float[]} (float32) or {@code double[]}
 * (float64), the tensor's own array when it is dense, never to be written; {@link #write} gives the array of a
 * buffer from {@link #empty} to fill. Buffers and arrays are valid for the call: the forward's unsaved ones return
 * to the buffer pool when it returns, saved private ones when the graph is released, so neither may be kept
 * elsewhere.
 */
public final class PrimitiveContext<P> {
    private static final byte FORWARD = 0;
    private static final byte RULE = 1;
    private static final byte DONE = 2;

    private final Primitive<P> op;
    private final P params;
    /** The call's inputs as given (null where an optional one is absent). */
    private final Tensor[] inputs;
    private Tensor[] saved;
    private int savedCount;
    /** The forward's arena: it notes every storage the forward allocates (the forward's tensors to write). */
    private Arena arena;
    /** The rule's buffers from {@link #empty}, the tensors its {@link #write} hands out arrays of. */
    private Storage[] made;
    private int madeCount;
    private byte phase = FORWARD;

    // What the forward saved, as the node sees it (set by endForward when recording).
    int savedInputBits;
    Storage[] savedOutputs;
    Storage[] privates;

    PrimitiveContext(Primitive<P> op, P params, Tensor[] inputs, Arena arena) {
        this.op = op;
        this.params = params;
        this.inputs = inputs;
        this.arena = arena;
    }

    /** The primitive's name. */
    public String op() {
        return op.name;
    }

    /** The parameters the call was given besides its tensors. */
    public P params() {
        return params;
    }

    /** Input k's shape, or null when it is an absent optional input. */
    public Shape inputShape(int k) {
        return inputs[k] == null ? null : inputs[k].shape();
    }

    /** Whether input k is present and requires grad: the rule returns null for the others (torch's needs_input_grad). */
    public boolean needsGrad(int k) {
        return inputs[k] != null && inputs[k].requiresGrad;
    }

    /**
     * Forward only: keeps tensors for the rule, in order ({@link #saved}; nulls allowed). Inputs and outputs (or views
     * of them) are version-checked before the rule runs; the rest are private to the rule.
     */
    public void save(Tensor... tensors) {
        if (phase != FORWARD) {
            throw new IllegalStateException(op.name + ": save() belongs in the forward");
        }
        if (saved == null) {
            saved = tensors.clone();
            savedCount = saved.length;
            return;
        }
        if (savedCount + tensors.length > saved.length) {
            saved = Arrays.copyOf(saved, Math.max(2 * saved.length, savedCount + tensors.length));
        }
        System.arraycopy(tensors, 0, saved, savedCount, tensors.length);
        savedCount += tensors.length;
    }

    /** The k-th tensor the forward saved (an input is the input itself, so a differentiable rule stays in the graph). */
    public Tensor saved(int k) {
        if (k < 0 || k >= savedCount) {
            throw new IndexOutOfBoundsException(op.name + ": saved(" + k + ") but the forward saved " + savedCount
                    + " tensors");
        }
        return saved[k];
    }

    /** A dense tensor whose every element the caller writes ({@link #write}); in the forward or the rule. */
    public Tensor empty(Shape shape, DType dtype) {
        if (phase == DONE) {
            throw new IllegalStateException(op.name + ": empty() belongs in the forward or the rule");
        }
        Tensor t = Tensor.empty(shape, dtype);
        if (phase == FORWARD) {
            return t; // the forward's arena notes it
        }
        if (made == null) {
            made = new Storage[4];
        } else if (madeCount == made.length) {
            made = Arrays.copyOf(made, 2 * madeCount);
        }
        made[madeCount++] = t.storage;
        return t;
    }

    /** t's values as a dense row-major float[] or double[]: its own array when dense, else a copy. Do not write it. */
    public Object read(Tensor t) {
        return Shaping.dense(t).data();
    }

    /**
     * The float[] or double[] of a tensor to fill: in the forward, one the forward made ({@link #empty}, or an op's
     * result); in the rule, one from the rule's {@link #empty}. Whole tensors only, not views.
     */
    public Object write(Tensor t) {
        boolean mine = false;
        if (phase == FORWARD) {
            mine = t.storage.arena == arena;
        } else {
            for (int i = madeCount - 1; i >= 0 && !mine; i--) { // the latest first: buffers are filled as they are made
                mine = made[i] == t.storage;
            }
        }
        if (mine && t.isDense()) {
            return t.data();
        }
        throw new IllegalStateException(op.name + ": write() takes a whole tensor (not a view) that this "
                + (phase == RULE ? "rule made with empty()" : "forward made") + "; got " + t.shape() + " " + t.dtype());
    }

    /** An error for bad input in the one format: {@code op: [2, 3] float32, null: what is wrong}, naming every input. */
    public IllegalArgumentException badInput(String detail) {
        return Errors.op(op.name, detail, inputs);
    }

    // ---------------------------------------------------------------- the tape's side

    /**
     * After the forward: the outputs leave its arena; when the call is recorded, each saved tensor is classified as
     * an input or output the node version-checks, or a private buffer this call made (kept past the arena and
     * recycled with the node), or a tensor from before the call (kept as it is).
     */
    void endForward(Tensor[] outs, Tensor[] nodeInputs, boolean record) {
        phase = DONE;
        Arena arena = this.arena;
        this.arena = null;
        for (Tensor o : outs) {
            arena.escape(o.storage);
        }
        if (!record) {
            saved = null;
            savedCount = 0;
            return;
        }
        for (int i = 0; i < savedCount; i++) {
            Tensor t = saved[i];
            if (t == null) {
                continue;
            }
            Storage s = t.storage;
            int k = indexOf(nodeInputs, s);
            if (k >= 0) {
                savedInputBits |= 1 << k;
                continue;
            }
            k = indexOf(outs, s);
            if (k >= 0) {
                if (savedOutputs == null) savedOutputs = new Storage[outs.length];
                savedOutputs[k] = s;
                continue;
            }
            if (s.arena == arena) {
                arena.escape(s);
                privates = privates == null ? new Storage[] {s} : append(privates, s);
            }
        }
    }

    private static int indexOf(Tensor[] ts, Storage s) {
        for (int k = 0; k < ts.length; k++) {
            if (ts[k].storage == s) return k;
        }
        return -1;
    }

    private static Storage[] append(Storage[] a, Storage s) {
        Storage[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = s;
        return b;
    }

    /**
     * The node's rule: the differentiable one while the backward is recorded (or when it is the only one), else the
     * fast one. Missing output gradients arrive as zeros (the node materializes them).
     */
    Tensor[] backward(Tensor[] grads) {
        Primitive.Rule<P> rule;
        if (Grad.isEnabled()) {
            rule = op.differentiableVjp;
            if (rule == null) {
                throw new IllegalStateException(op.name + ": has only a fast VJP (first order, over arrays), which"
                        + " cannot be recorded: createGraph and higher-order gradients through it need a"
                        + " differentiable VJP in tensor ops (Primitive.Builder.differentiableVjp)");
            }
        } else {
            rule = op.fastVjp != null ? op.fastVjp : op.differentiableVjp;
        }
        Tensor[] gs;
        phase = RULE;
        try {
            gs = rule.apply(this, new Primitive.Listed(grads));
        } finally {
            phase = DONE;
            made = null;
            madeCount = 0;
        }
        return op.checkGradients(gs, inputs, nodeCount());
    }

    private int nodeCount() {
        int n = 0;
        for (Tensor t : inputs) {
            if (t != null) n++;
        }
        return n;
    }
}
