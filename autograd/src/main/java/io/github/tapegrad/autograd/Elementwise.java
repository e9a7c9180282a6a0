package io.github.tapegrad.autograd;

import io.github.tapegrad.autograd.kernels.Binary;
import io.github.tapegrad.autograd.kernels.BinaryOp;
import io.github.tapegrad.autograd.kernels.Broadcast;
import io.github.tapegrad.autograd.kernels.UnaryOp;

/**
 * Elementwise primitives, each followed by its derivative rule. Binary ops broadcast in the kernel and
 * their rules reduce with {@link Tensor#sumTo}, the one place gradients return to an input's shape.
 */
final class Elementwise {
    private Elementwise() {
    }

    // ---- forward kernels (no recording) ----

    static Tensor map(UnaryOp op, Tensor x, double p, double q) {
        Tensor y = Tensor.empty(x.shape(), x.dtype());
        if (x.isDense()) {
            x.storage.unary(op, y.storage, p, q);
        } else { // a view: gather it into the output, then map that in place (no buffer besides the output)
            Shaping.copyInto(x, y);
            y.storage.unary(op, y.storage, p, q);
        }
        return y;
    }

    static Tensor zip(String name, BinaryOp op, Tensor a, Tensor b) {
        Errors.sameDType(name, a, b);
        Shape out = Shape.broadcast(name, a.shape(), b.shape());
        int[] od = out.dims();
        // views go in as they are: the kernel reads each operand at its offset through its strides (its own when
        // it has the result's shape, the common case: no array is made per op)
        int[] as = a.shape().equals(out) ? a.strides : Broadcast.strides(a.shape().dims(), a.strides, od);
        int[] bs = b.shape().equals(out) ? b.strides : Broadcast.strides(b.shape().dims(), b.strides, od);
        Tensor y = Tensor.empty(out, a.dtype());
        Storage.binary(op, a.storage, a.offset, as, b.storage, b.offset, bs, y.storage, od);
        return y;
    }

    // ---- binary arithmetic ----

    static Tensor add(Tensor a, Tensor b) {
        Tensor y = zip("add", BinaryOp.ADD, a, b);
        return Tape.record("add", y, g -> new Tensor[] {g.sumTo(a.shape()), g.sumTo(b.shape())}, a, b);
    }

    static Tensor sub(Tensor a, Tensor b) {
        Tensor y = zip("sub", BinaryOp.SUB, a, b);
        return Tape.record("sub", y, g -> new Tensor[] {g.sumTo(a.shape()),
                b.requiresGrad ? g.neg().sumTo(b.shape()) : null}, a, b);
    }

    static Tensor mul(Tensor a, Tensor b) {
        Tensor y = zip("mul", BinaryOp.MUL, a, b);
        // d(ab) = b da + a db: b is read only for a's gradient, and a for b's
        int saves = Saves.when(a.requiresGrad, Saves.INPUT1) | Saves.when(b.requiresGrad, Saves.INPUT0);
        return Tape.record("mul", y, saves, g -> new Tensor[] {
                a.requiresGrad ? g.mul(b).sumTo(a.shape()) : null,
                b.requiresGrad ? g.mul(a).sumTo(b.shape()) : null}, a, b);
    }

    static Tensor div(Tensor a, Tensor b) {
        Tensor y = zip("div", BinaryOp.DIV, a, b);
        // d(a/b) = da / b - (a/b) db / b
        return Tape.record("div", y, Saves.INPUT1 | Saves.when(b.requiresGrad, Saves.OUTPUT), g -> new Tensor[] {
                a.requiresGrad ? g.div(b).sumTo(a.shape()) : null,
                b.requiresGrad ? g.mul(y).div(b).neg().sumTo(b.shape()) : null}, a, b);
    }

    /** Comparisons are constants: no gradient flows through a 0/1 mask. */
    static Tensor compare(String name, BinaryOp op, Tensor a, Tensor b) {
        return zip(name, op, a, b);
    }

    static Tensor where(Tensor mask, Tensor a, Tensor b) {
        Errors.sameDType("where", mask, a, b);
        Shape out;
        try {
            out = Shape.broadcast("where", Shape.broadcast("where", mask.shape(), a.shape()), b.shape());
        } catch (IllegalArgumentException e) {
            // name all three shapes, not the intermediate broadcast
            throw new IllegalArgumentException("where got incompatible shapes for broadcasting: " + mask.shape()
                    + ", " + a.shape() + ", " + b.shape());
        }
        int[] od = out.toArray();
        Tensor y = Tensor.empty(out, a.dtype());
        Tensor dm = Shaping.dense(mask);
        Tensor da = Shaping.dense(a);
        Tensor db = Shaping.dense(b);
        Binary.where(dm.data(), Broadcast.strides(mask.shape().toArray(), od),
                da.data(), Broadcast.strides(a.shape().toArray(), od),
                db.data(), Broadcast.strides(b.shape().toArray(), od), y.data(), od);
        Tensor m = mask.detach();
        return Tape.record("where", y, Saves.INPUT0, g -> {
            Tensor zero = Tensor.scalar(0, g.dtype());
            return new Tensor[] {null,
                    a.requiresGrad ? Tensor.where(m, g, zero).sumTo(a.shape()) : null,
                    b.requiresGrad ? Tensor.where(m, zero, g).sumTo(b.shape()) : null};
        }, mask, a, b);
    }

    // ---- unary ----

    static Tensor neg(Tensor x) {
        Tensor y = map(UnaryOp.NEG, x, 0, 0);
        return Tape.record("neg", y, g -> new Tensor[] {g.neg()}, x);
    }

    static Tensor exp(Tensor x) {
        Tensor y = map(UnaryOp.EXP, x, 0, 0);
        return Tape.record("exp", y, Saves.OUTPUT, g -> new Tensor[] {g.mul(y)}, x); // exp' = exp
    }

    static Tensor log(Tensor x) {
        Tensor y = map(UnaryOp.LOG, x, 0, 0);
        return Tape.record("log", y, Saves.INPUT0, g -> new Tensor[] {g.div(x)}, x); // log' = 1/x
    }

    static Tensor sqrt(Tensor x) {
        Tensor y = map(UnaryOp.SQRT, x, 0, 0);
        return Tape.record("sqrt", y, Saves.OUTPUT, g -> new Tensor[] {g.div(y.mul(2.0))}, x); // sqrt' = 1/(2 sqrt)
    }

    static Tensor tanh(Tensor x) {
        Tensor y = map(UnaryOp.TANH, x, 0, 0);
        return Tape.record("tanh", y, Saves.OUTPUT, g -> new Tensor[] {tanhBackward(g, y)}, x); // 1 - tanh²
    }

    /**
     * g ⊙ (1 − y²), tanh's derivative, as one primitive: one pass and one buffer instead of four.
     * Its own rule keeps higher-order gradients: d/dg = 1 − y², d/dy = −2 g y.
     */
    static Tensor tanhBackward(Tensor g, Tensor y) {
        Tensor out = zip("tanhBackward", BinaryOp.TANH_GRAD, g, y);
        int saves = Saves.INPUT1 | Saves.when(y.requiresGrad, Saves.INPUT0); // g is read only for y's gradient
        return Tape.record("tanhBackward", out, saves, gg -> new Tensor[] {
                g.requiresGrad ? tanhBackward(gg, y).sumTo(g.shape()) : null,
                y.requiresGrad ? gg.mul(g).mul(y).mul(-2.0).sumTo(y.shape()) : null}, g, y);
    }

    static Tensor sigmoid(Tensor x) {
        Tensor y = map(UnaryOp.SIGMOID, x, 0, 0);
        return Tape.record("sigmoid", y, Saves.OUTPUT, g -> new Tensor[] {sigmoidBackward(g, y)}, x); // σ(1 - σ)
    }

    /** g ⊙ y ⊙ (1 − y), sigmoid's derivative, as one primitive; d/dg = y(1 − y), d/dy = g(1 − 2y). */
    static Tensor sigmoidBackward(Tensor g, Tensor y) {
        Tensor out = zip("sigmoidBackward", BinaryOp.SIGMOID_GRAD, g, y);
        int saves = Saves.INPUT1 | Saves.when(y.requiresGrad, Saves.INPUT0); // g is read only for y's gradient
        return Tape.record("sigmoidBackward", out, saves, gg -> new Tensor[] {
                g.requiresGrad ? sigmoidBackward(gg, y).sumTo(g.shape()) : null,
                y.requiresGrad ? gg.mul(g).mul(y.mul(-2.0).add(1.0)).sumTo(y.shape()) : null}, g, y);
    }

    static Tensor relu(Tensor x) {
        Tensor y = map(UnaryOp.RELU, x, 0, 0);
        // 1[x > 0]
        return Tape.record("relu", y, Saves.INPUT0, g -> new Tensor[] {g.mul(map(UnaryOp.STEP, x, 0, 0))}, x);
    }

    static Tensor abs(Tensor x) {
        Tensor y = map(UnaryOp.ABS, x, 0, 0);
        return Tape.record("abs", y, Saves.INPUT0, g -> new Tensor[] {g.mul(map(UnaryOp.SIGN, x, 0, 0))}, x); // sign(x)
    }

    static Tensor pow(Tensor x, double p) {
        Tensor y = map(UnaryOp.POW, x, p, 0);
        // d x^p = p x^(p-1); p = 0 is constant (avoids 0 * inf at x = 0)
        return Tape.record("pow", y, Saves.when(p != 0, Saves.INPUT0), g -> new Tensor[] {
                p == 0 ? Tensor.zeros(x.shape(), x.dtype()) : g.mul(x.pow(p - 1).mul(p))}, x);
    }

    static Tensor clamp(Tensor x, double lo, double hi) {
        if (!(lo <= hi)) {
            throw Errors.op("clamp", "min " + lo + " > max " + hi, x);
        }
        Tensor y = map(UnaryOp.CLAMP, x, lo, hi);
        // gradient passes where lo <= x <= hi
        return Tape.record("clamp", y, Saves.INPUT0, g -> new Tensor[] {g.mul(map(UnaryOp.IN_RANGE, x, lo, hi))}, x);
    }

    /** float32 &lt;-&gt; float64; the derivative converts back. */
    static Tensor convert(Tensor x, DType to) {
        if (x.dtype() == to) {
            return x;
        }
        Tensor y = Tensor.empty(x.shape(), to);
        Tensor c = Shaping.contiguous(x);
        c.storage.convertInto(c.offset, y.storage, 0, x.numel());
        DType from = x.dtype();
        return Tape.record(to == DType.FLOAT64 ? "toDouble" : "toFloat", y, g -> new Tensor[] {convert(g, from)}, x);
    }
}
