package io.github.tapegrad.autograd;

import io.github.tapegrad.autograd.kernels.LstmPointwise;

import java.util.List;

/**
 * Fused primitives for recurrent layers: ops that have composite equivalents but are primitives for
 * measured speed, each gradchecked like any other op (kept out of {@link Tensor}, as PyTorch keeps its
 * fused LSTM cell in ATen rather than on its tensor). The fused forward saves only what its hand-derived backward reads; when
 * the backward is itself recorded (createGraph), the rule replays the composite with tensor ops instead,
 * so higher-order gradients are exact too.
 */
public final class Fused {
    private Fused() {
    }

    /**
     * The LSTM cell after its matmuls: gates [B, 4H] pre-activations in blocks i, f, g, o, and c [B, H];
     * returns h' = σ(o) ⊙ tanh(c') and c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g), as one node with two outputs.
     * Saved for backward: the four activated gates, c and tanh(c'), i.e. what BPTT must keep anyway,
     * where the composite keeps eleven [B, H] tensors per step. Same values as those composite ops;
     * gradchecked, higher orders included.
     *
     * @return [h', c'], each [B, H]
     */
    public static List<Tensor> lstmPointwise(Tensor gates, Tensor c) {
        String op = "lstmPointwise";
        Errors.sameDType(op, gates, c);
        if (gates.rank() != 2 || c.rank() != 2) {
            throw Errors.op(op, "expected gates [B, 4H] and c [B, H]", gates, c);
        }
        int rows = c.shape().dim(0);
        int hidden = c.shape().dim(1);
        if (gates.shape().dim(0) != rows || gates.shape().dim(1) != 4L * hidden) {
            throw Errors.op(op, "gates must be [B, 4H] for c [B, H] (B = " + rows + ", H = " + hidden + ")", gates, c);
        }
        Tensor act = Tensor.empty(gates.shape(), gates.dtype());
        Tensor cNext = Tensor.empty(c.shape(), c.dtype());
        Tensor tc = Tensor.empty(c.shape(), c.dtype());
        Tensor h = Tensor.empty(c.shape(), c.dtype());
        LstmPointwise.forward(Shaping.dense(gates).data(), Shaping.dense(c).data(), act.data(), cNext.data(), tc.data(), h.data(), rows, hidden);
        Tensor[] outs = {h, cNext};
        // the saved intermediates (act, tc) are private to the rule; gates and c are what a caller could change
        Tape.recordMany(op, outs, Saves.INPUTS, gs -> Grad.isEnabled()
                ? replayBackward(gates, c, gs[0], gs[1])
                : fusedBackward(act, c, tc, gs[0], gs[1], rows, hidden), gates, c);
        if (h.node() != null) {
            h.node().recycleOnRelease(act.storage, tc.storage); // only the rule above ever sees them
        }
        return List.of(outs);
    }

    private static Tensor[] fusedBackward(Tensor act, Tensor c, Tensor tc, Tensor dh, Tensor dcNext, int rows, int hidden) {
        Tensor dGates = Tensor.empty(act.shape(), act.dtype());
        Tensor dc = Tensor.empty(c.shape(), c.dtype());
        LstmPointwise.backward(Shaping.dense(dh).data(), Shaping.dense(dcNext).data(), act.data(),
                Shaping.dense(c).data(), tc.data(), dGates.data(), dc.data(),
                rows, hidden);
        return new Tensor[] {dGates, c.requiresGrad ? dc : null};
    }

    /** The same formulas as {@link LstmPointwise#backward}, recorded: the gates are recomputed from the inputs. */
    private static Tensor[] replayBackward(Tensor gates, Tensor c, Tensor dh, Tensor dcNext) {
        List<Tensor> blocks = gates.chunk(4, 1);
        Tensor i = blocks.get(0).sigmoid();
        Tensor f = blocks.get(1).sigmoid();
        Tensor g = blocks.get(2).tanh();
        Tensor o = blocks.get(3).sigmoid();
        Tensor tc = f.mul(c).add(i.mul(g)).tanh();
        Tensor dct = dcNext.add(Elementwise.tanhBackward(dh.mul(o), tc));
        Tensor dGates = Tensor.concat(List.of(
                Elementwise.sigmoidBackward(dct.mul(g), i),
                Elementwise.sigmoidBackward(dct.mul(c), f),
                Elementwise.tanhBackward(dct.mul(i), g),
                Elementwise.sigmoidBackward(dh.mul(tc), o)), 1);
        return new Tensor[] {dGates, dct.mul(f)};
    }

    /**
     * x.linear(w, bias) split into {@code pieces} equal row blocks, as one op: the [N, out] product is
     * computed into a scratch buffer and copied into the pieces, so it never exists as a tensor (a
     * recurrent layer's input projection for all T steps is then T step tensors, not T + 1). Shapes:
     * x [N, in], w [out, in], bias [out] or null; N divisible by {@code pieces}; returns pieces [N/pieces, out].
     */
    public static List<Tensor> linearSplit(Tensor x, Tensor w, Tensor bias, int pieces) {
        String op = "linearSplit";
        Tensor[] operands = bias == null ? new Tensor[] {x, w} : new Tensor[] {x, w, bias};
        Errors.sameDType(op, operands);
        if (x.rank() != 2 || w.rank() != 2 || x.shape().dim(1) != w.shape().dim(1)
                || (bias != null && (bias.rank() != 1 || bias.shape().dim(0) != w.shape().dim(0)))) {
            throw Errors.op(op, "expected x [N, in], weight [out, in] and bias [out]", operands);
        }
        if (pieces <= 0 || x.shape().dim(0) % pieces != 0) {
            throw Errors.op(op, "N = " + x.shape().dim(0) + " rows do not split into " + pieces + " equal pieces",
                    operands);
        }
        Tensor full;
        try (Grad.Scope off = Grad.off()) {
            full = x.linear(w, bias);
        }
        int rows = x.shape().dim(0) / pieces;
        int width = full.shape().dim(1);
        Tensor[] outs = new Tensor[pieces];
        for (int p = 0; p < pieces; p++) {
            outs[p] = Tensor.empty(Shape.of(rows, width), full.dtype());
            System.arraycopy(full.data(), p * rows * width, outs[p].data(), 0, rows * width);
        }
        full.storage.recycle(); // local: nothing else can hold it
        Tape.recordMany(op, outs, Saves.INPUT0 | Saves.INPUT1, gs -> { // x and w; the bias gradient is a sum
            Tensor g = Tensor.concat(List.of(gs), 0);
            return new Tensor[] {
                x.requiresGrad ? g.matmul(w) : null,
                w.requiresGrad ? g.tmatmul(x) : null,
                bias != null && bias.requiresGrad ? g.sum(0, false) : null};
        }, bias == null ? new Tensor[] {x, w} : new Tensor[] {x, w, bias});
        return List.of(outs);
    }
}
