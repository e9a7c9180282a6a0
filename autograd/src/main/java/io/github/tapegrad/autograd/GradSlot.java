package io.github.tapegrad.autograd;

/**
 * Where a tensor sits in the graph and where its gradient is summed: the node that made it and which of
 * the node's outputs it is (null for a leaf), and the sum. The tape owns slots: a node's output slots
 * hold gradients during one sweep; a leaf's slot holds its {@link Tensor#grad()}; {@link Grad#grad}
 * sums into private slots. One accumulation rule for all three: the first term is kept as is (no copy),
 * later terms add in place into a buffer the slot owns, or, while recording, as a recorded add.
 */
final class GradSlot {
    /** The op that made the tensor, or null for a leaf. */
    final Node node;
    /** Which output of {@link #node} the tensor is (ops like split have several). */
    final int output;
    private Tensor sum;
    /** Whether {@link #sum}'s buffer is this slot's alone (so it may be added into in place). */
    private boolean owned;

    GradSlot(Node node, int output) {
        this.node = node;
        this.output = output;
    }

    Tensor get() {
        return sum;
    }

    /** Replaces the sum with g (null clears it); g stays the caller's, never written in place. */
    void set(Tensor g) {
        sum = g;
        owned = false;
    }

    /** sum += g; {@code create} records the addition (higher-order gradients) instead of writing in place. */
    void add(Tensor g, boolean create) {
        if (sum == null) {
            set(g);
        } else if (!create && owned) {
            Kernels.addInto(sum, g);
            sum.storage.bump(); // a graph made from an earlier grad() may have saved this buffer
        } else {
            sum = sum.add(g);
            owned = !create;
        }
    }

    /**
     * The sum's buffer for a derivative rule to add into directly (zeros of the given shape and dtype when
     * empty), or null when the buffer is not this slot's to write.
     */
    Tensor ownedBuffer(Shape shape, DType dtype) {
        if (sum == null) {
            sum = Tensor.zeros(shape, dtype);
            owned = true;
        }
        if (!owned) {
            return null;
        }
        sum.storage.bump(); // the caller writes into it; a graph made from grad() may have saved it
        return sum;
    }
}
