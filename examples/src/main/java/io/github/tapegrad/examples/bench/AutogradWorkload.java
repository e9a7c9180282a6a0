package io.github.tapegrad.examples.bench;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.autograd.Indices;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Linear;
import io.github.tapegrad.nn.Loss;
import io.github.tapegrad.nn.Recurrent;
import io.github.tapegrad.nn.RecurrentOutput;
import io.github.tapegrad.nn.State;
import io.github.tapegrad.nn.optim.GradClip;
import io.github.tapegrad.nn.optim.SGD;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The step as a user of nn writes it: forward code only, gradients from the tape. The recurrent network is either
 * nn's {@link io.github.tapegrad.nn.LSTM} or a {@link Recurrent} over the user-defined {@link CustomLstmCell}; both
 * start from the weights in {@link BenchData}.
 */
final class AutogradWorkload implements Workload {
    private static final double LEARNING_RATE = 1;
    private static final double MAX_NORM = 1;

    private final String name;
    private final BenchSize size;
    private final Recurrent rnn;
    private final Tensor input;
    // config A
    private final Linear head;
    private final Indices targets;
    private final SGD sgd;
    private final List<Tensor> params;
    // config B: leaves that also get gradients
    private final Tensor h0;
    private final Tensor c0;

    AutogradWorkload(String name, BenchData data, Recurrent rnn) {
        this.name = name;
        this.size = data.size();
        this.rnn = rnn;
        DType dt = size.dtype();
        int t = size.steps();
        int b = size.batch();
        rnn.loadStateDict(tensors(data.lstm(), dt, size), true);
        if (size.config().trains()) {
            input = BenchData.tensor(data.oneHotInput(), dt, t, b, size.input());
            head = new Linear(size.hidden(), size.vocab(), true, dt, new Random(0));
            head.loadStateDict(tensors(data.head(), dt, size), true);
            targets = Indices.of(data.targets(), t * b);
            Map<String, Tensor> named = new LinkedHashMap<>(rnn.namedParameters());
            head.namedParameters().forEach((k, v) -> named.put("head." + k, v));
            sgd = new SGD(named, LEARNING_RATE);
            params = new ArrayList<>(named.values());
            h0 = null;
            c0 = null;
        } else {
            input = BenchData.tensor(data.x(), dt, t, b, size.input()).requiresGrad_(true);
            h0 = BenchData.tensor(data.h0(), dt, b, size.hidden()).requiresGrad_(true);
            c0 = BenchData.tensor(data.c0(), dt, b, size.hidden()).requiresGrad_(true);
            head = null;
            targets = null;
            sgd = null;
            params = rnn.parameters();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void step() {
        run(null);
    }

    @Override
    public Snapshot checkedStep() {
        Snapshot s = new Snapshot();
        run(s);
        return s;
    }

    /** One step in a step scope: its activations and temporaries go back to the pool for the next step. */
    private void run(Snapshot record) {
        try (var step = Grad.step()) {
            if (size.config().trains()) {
                trainStep(record);
            } else {
                forwardBackward(record);
            }
        }
    }

    private void trainStep(Snapshot record) {
        sgd.zeroGrad();
        RecurrentOutput out = rnn.forward(input);
        Tensor logits = head.forward(out.outputs().reshape(size.steps() * size.batch(), size.hidden()));
        Tensor loss = Loss.crossEntropy(logits, targets);
        loss.backward();
        Map<String, double[]> before = null;
        if (record != null) {
            record.put("loss", new double[] {loss.item()});
            recordGradients(record);
            before = values();
        }
        GradClip.clipGradNorm(params, MAX_NORM);
        sgd.step();
        if (record != null) {
            Map<String, double[]> after = values();
            for (Map.Entry<String, double[]> e : before.entrySet()) {
                double[] delta = after.get(e.getKey());
                for (int i = 0; i < delta.length; i++) {
                    delta[i] -= e.getValue()[i];
                }
                record.put("update of " + e.getKey(), delta);
            }
        }
    }

    private void forwardBackward(Snapshot record) {
        rnn.zeroGrad();
        input.zeroGrad();
        h0.zeroGrad();
        c0.zeroGrad();
        RecurrentOutput out = rnn.forward(input, List.of(State.of(h0, c0)));
        Tensor loss = out.outputs().sum();
        loss.backward();
        if (record != null) {
            double[] outputs = out.outputs().toDoubleArray();
            double magnitude = 0;
            for (double v : outputs) {
                magnitude += Math.abs(v);
            }
            record.put("loss", new double[] {loss.item()}, magnitude);
            record.put("outputs", outputs);
            recordGradients(record);
            record.put("grad of input", input.grad().toDoubleArray());
            record.put("grad of h0", h0.grad().toDoubleArray());
            record.put("grad of c0", c0.grad().toDoubleArray());
        }
    }

    private void recordGradients(Snapshot record) {
        rnn.namedParameters().forEach((k, v) -> record.put("grad of " + k, v.grad().toDoubleArray()));
        if (head != null) {
            head.namedParameters().forEach((k, v) -> record.put("grad of head." + k, v.grad().toDoubleArray()));
        }
    }

    private Map<String, double[]> values() {
        Map<String, double[]> out = new LinkedHashMap<>();
        rnn.namedParameters().forEach((k, v) -> out.put(k, v.toDoubleArray()));
        head.namedParameters().forEach((k, v) -> out.put("head." + k, v.toDoubleArray()));
        return out;
    }

    private static Map<String, Tensor> tensors(Map<String, double[]> values, DType dt, BenchSize size) {
        Map<String, Tensor> out = new HashMap<>();
        try (Grad.Scope off = Grad.off()) {
            values.forEach((k, v) -> out.put(k, BenchData.tensor(v, dt, shapeOf(k, size))));
        }
        return out;
    }

    /** The torch layout of each named parameter. */
    static int[] shapeOf(String name, BenchSize size) {
        int g4 = 4 * size.hidden();
        return switch (name) {
            case BenchData.W_IH -> new int[] {g4, size.input()};
            case BenchData.W_HH -> new int[] {g4, size.hidden()};
            case BenchData.B_IH, BenchData.B_HH -> new int[] {g4};
            case BenchData.HEAD_W -> new int[] {size.vocab(), size.hidden()};
            case BenchData.HEAD_B -> new int[] {size.vocab()};
            default -> throw new IllegalArgumentException("bench: unknown parameter " + name);
        };
    }
}
