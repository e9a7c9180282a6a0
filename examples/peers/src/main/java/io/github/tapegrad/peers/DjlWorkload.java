package io.github.tapegrad.peers;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.training.GradientCollector;

import java.util.ArrayList;
import java.util.List;

/**
 * The J bench step on PyTorch (libtorch through DJL's PyTorch engine), float32, in one of two ways:
 * <ul>
 * <li>{@code djl-fused}: the engine's lstm op, which DJL's JNI hands to {@code torch::lstm} (the op behind
 * {@code torch.nn.LSTM}; on CPU in float32 libtorch runs it through oneDNN's RNN primitive, see README);</li>
 * <li>{@code djl-cell}: the LSTM written out per time step with NDArray ops, as a user's cell:
 * {@code gates = linear(x_t, W_ih, b_ih) + linear(h, W_hh, b_hh)}, split into i, f, g, o, sigmoid / tanh,
 * {@code c = f·c + i·g}, {@code h = o·tanh(c)}, outputs stacked.</li>
 * </ul>
 * Gradients come from libtorch's autograd (DJL's GradientCollector). Config A then applies the Linear head, mean
 * cross-entropy (log-softmax and gather of the targets), torch's global-norm clip to 1 and SGD with lr 1; config B
 * backpropagates the sum of outputs to the weights, the input, h0 and c0. Every array a step creates is closed at
 * its end (an NDScope), inside the timed step.
 */
final class DjlWorkload implements AutoCloseable {
    private static final double LEARNING_RATE = 1;
    private static final double MAX_NORM = 1;

    private final PeerConfig config;
    private final boolean fused;
    private final NDManager manager;
    private final NDArray wIh;
    private final NDArray wHh;
    private final NDArray bIh;
    private final NDArray bHh;
    private final NDArray headW;
    private final NDArray headB;
    private final NDArray input;
    private final NDArray h0;
    private final NDArray c0;
    private final NDArray targets;
    /** What gets gradients: the parameters, for B also input, h0 and c0. */
    private final List<NDArray> leaves = new ArrayList<>();
    /** What SGD updates (A). */
    private final List<NDArray> params = new ArrayList<>();

    DjlWorkload(PeerConfig config, boolean fused, PeerData data) {
        this.config = config;
        this.fused = fused;
        manager = NDManager.newBaseManager();
        int h = config.hidden;
        int i = config.input;
        int b = config.batch;
        int t = config.steps;
        wIh = param(data.init(PeerData.W_IH, 4 * h * i, h), 4 * h, i);
        wHh = param(data.init(PeerData.W_HH, 4 * h * h, h), 4 * h, h);
        bIh = param(data.init(PeerData.B_IH, 4 * h, h), 4 * h);
        bHh = param(data.init(PeerData.B_HH, 4 * h, h), 4 * h);
        if (config.trains()) {
            int v = config.vocab;
            headW = param(data.init(PeerData.HEAD_W, v * h, h), v, h);
            headB = param(data.init(PeerData.HEAD_B, v, h), v);
            long[] tokens = data.ints(PeerData.TOKENS, t * b, v);
            float[] oneHot = new float[t * b * v];
            for (int n = 0; n < tokens.length; n++) {
                oneHot[n * v + (int) tokens[n]] = 1;
            }
            input = manager.create(oneHot, new Shape(t, b, v));
            targets = manager.create(data.ints(PeerData.TARGETS, t * b, v), new Shape(t * b, 1));
            h0 = manager.zeros(new Shape(1, b, h));
            c0 = manager.zeros(new Shape(1, b, h));
        } else {
            headW = null;
            headB = null;
            targets = null;
            input = leaf(manager.create(data.normal(PeerData.X, t * b * i), new Shape(t, b, i)));
            h0 = leaf(manager.create(data.normal(PeerData.H0, b * h), new Shape(1, b, h)));
            c0 = leaf(manager.create(data.normal(PeerData.C0, b * h), new Shape(1, b, h)));
        }
    }

    String name() {
        return fused ? "djl-fused" : "djl-cell";
    }

    private NDArray param(float[] values, long... shape) {
        NDArray p = leaf(manager.create(values, new Shape(shape)));
        params.add(p);
        return p;
    }

    private NDArray leaf(NDArray a) {
        a.setRequiresGradient(true);
        leaves.add(a);
        return a;
    }

    /**
     * One step. With {@code check} non-null it also stores there the loss, the global gradient norm before
     * clipping (A: the parameters', B: every leaf's); otherwise nothing is read back
     * except, for A, the norm the clip needs (as torch's clip_grad_norm_ followed by a Python-side step would).
     */
    void step(double[] check) {
        for (NDArray leaf : leaves) {
            JniUtils.zeroGrad((PtNDArray) leaf);
        }
        try (NDScope scope = new NDScope()) {
            NDArray loss;
            NDArray outputs;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                outputs = fused ? fusedLstm() : cellLstm();
                if (config.trains()) {
                    NDArray flat = outputs.reshape(config.tokens(), config.hidden);
                    NDArray logits = Linear.linear(flat, headW, headB).singletonOrThrow();
                    loss = logits.logSoftmax(1).gather(targets, 1).mean().neg();
                } else {
                    loss = outputs.sum();
                }
                collector.backward(loss);
            }
            // grad mode is off again here: the update is not recorded (torch.no_grad())
            double norm = Double.NaN;
            if (config.trains() || check != null) {
                NDArray squares = null;
                for (NDArray leaf : config.trains() ? params : leaves) {
                    NDArray s = leaf.getGradient().square().sum();
                    squares = squares == null ? s : squares.add(s);
                }
                norm = Math.sqrt(squares.getFloat());
            }
            if (config.trains()) {
                double scale = norm > MAX_NORM ? MAX_NORM / (norm + 1e-6) : 1;
                float rate = (float) (LEARNING_RATE * scale);
                for (NDArray p : params) {
                    p.subi(p.getGradient().mul(rate));
                }
            }
            if (check != null) {
                check[0] = loss.getFloat();
                check[1] = norm;
            }
        }
    }

    private NDArray fusedLstm() {
        NDList out = input.getNDArrayInternal().lstm(input, new NDList(h0, c0), new NDList(wIh, wHh, bIh, bHh),
                true, 1, 0.0, true, false, false);
        return out.get(0);
    }

    private NDArray cellLstm() {
        NDArray h = h0.reshape(config.batch, config.hidden);
        NDArray c = c0.reshape(config.batch, config.hidden);
        NDList hs = new NDList(config.steps);
        for (int t = 0; t < config.steps; t++) {
            NDArray x = input.get(t);
            NDArray gates = Linear.linear(x, wIh, bIh).singletonOrThrow()
                    .add(Linear.linear(h, wHh, bHh).singletonOrThrow());
            NDList g = gates.split(4, 1);
            NDArray in = g.get(0).getNDArrayInternal().sigmoid();
            NDArray forget = g.get(1).getNDArrayInternal().sigmoid();
            NDArray cand = g.get(2).tanh();
            NDArray out = g.get(3).getNDArrayInternal().sigmoid();
            c = forget.mul(c).add(in.mul(cand));
            h = out.mul(c.tanh());
            hs.add(h);
        }
        return NDArrays.stack(hs, 0);
    }

    @Override
    public void close() {
        manager.close();
    }
}
