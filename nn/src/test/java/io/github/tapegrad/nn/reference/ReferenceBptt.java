package io.github.tapegrad.nn.reference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stacked recurrent networks, forward and hand-written backpropagation through time. Layer l > 0
 * reads layer l-1's outputs; the last layer's outputs are the network's outputs.
 * Shapes: {@code x [T, B, I]}, {@code h0}, {@code c0 [layers, B, H]}; a null h0 or (LSTM) c0 means
 * zeros, as in PyTorch; c0 must be null for every kind but LSTM.
 */
public final class ReferenceBptt {

    private ReferenceBptt() {
    }

    /** The forward pass: last layer's outputs and every layer's final states. */
    public static ReferenceForward forward(RecurrentSpec spec, ReferenceParams params, double[] x, double[] h0,
            double[] c0) {
        Stack stack = runForward("ReferenceBptt.forward", spec, params, x, h0, c0);
        return new ReferenceForward(stack.outputs(), stack.hFinal, stack.cFinal);
    }

    /** The loss {@code weights.apply(forward(...))}. */
    public static double loss(RecurrentSpec spec, ReferenceParams params, double[] x, double[] h0, double[] c0,
            LossWeights weights) {
        weights.check(spec);
        return weights.apply(forward(spec, params, x, h0, c0));
    }

    /** Gradients of the loss given by {@code weights}, by the correct derivation. */
    public static ReferenceGradients backward(RecurrentSpec spec, ReferenceParams params, double[] x, double[] h0,
            double[] c0, LossWeights weights) {
        return backward(spec, params, x, h0, c0, weights, Mistake.NONE);
    }

    /** Gradients of the loss given by {@code weights}, applying {@code mistake} (a negative control) if not NONE. */
    public static ReferenceGradients backward(RecurrentSpec spec, ReferenceParams params, double[] x, double[] h0,
            double[] c0, LossWeights weights, Mistake mistake) {
        String op = "ReferenceBptt.backward";
        if (!mistake.appliesTo(spec.kind())) {
            throw new IllegalArgumentException(op + ": mistake " + mistake + " belongs to " + mistake.kind()
                    + ", not " + spec.kind());
        }
        weights.check(spec);
        Stack stack = runForward(op, spec, params, x, h0, c0);
        ReferenceCell cell = spec.kind().cell();
        int state = spec.batch() * spec.hiddenSize();
        double[] dOutputs = weights.output();
        double[] dh0 = new double[spec.stateLength()];
        double[] dc0 = spec.kind().hasCellState() ? new double[spec.stateLength()] : null;
        double[] dhFinal = weights.finalH();
        double[] dcFinal = weights.finalC();
        List<Map<String, double[]>> layerGrads = new ArrayList<>();
        for (int l = spec.layers() - 1; l >= 0; l--) {
            ReferenceLayer.Backward back = ReferenceLayer.backward(cell, params.layer(l), shape(spec, l),
                    spec.kind().gateCount(), stack.runs.get(l), dOutputs,
                    Arrays.copyOfRange(dhFinal, l * state, (l + 1) * state),
                    dcFinal == null ? null : Arrays.copyOfRange(dcFinal, l * state, (l + 1) * state), mistake);
            layerGrads.add(0, ReferenceParams.layerNamed(l, back.grads()));
            System.arraycopy(back.dh0(), 0, dh0, l * state, state);
            if (dc0 != null) {
                System.arraycopy(back.dc0(), 0, dc0, l * state, state);
            }
            dOutputs = back.dInputs(); // the layer below's outputs are this layer's inputs
        }
        Map<String, double[]> named = new LinkedHashMap<>();
        layerGrads.forEach(named::putAll);
        return new ReferenceGradients(named, dOutputs, dh0, dc0);
    }

    /**
     * For RNN_RELU, the smallest |pre-activation| over every step and layer (infinity for other kinds):
     * a central difference whose step crosses relu's kink there is no estimate of the derivative.
     */
    static double reluKinkDistance(RecurrentSpec spec, ReferenceParams params, double[] x, double[] h0,
            double[] c0) {
        if (spec.kind() != CellKind.RNN_RELU) {
            return Double.POSITIVE_INFINITY;
        }
        double distance = Double.POSITIVE_INFINITY;
        for (ReferenceLayer.Run run : runForward("ReferenceBptt.reluKinkDistance", spec, params, x, h0, c0).runs) {
            for (StepCache step : run.steps()) {
                for (double a : step.aux) {
                    distance = Math.min(distance, Math.abs(a));
                }
            }
        }
        return distance;
    }

    private record Stack(List<ReferenceLayer.Run> runs, double[] hFinal, double[] cFinal) {
        double[] outputs() {
            return runs.get(runs.size() - 1).outputs();
        }
    }

    private static Stack runForward(String op, RecurrentSpec spec, ReferenceParams params, double[] x, double[] h0,
            double[] c0) {
        checkInputs(op, spec, params, x, h0, c0);
        double[] h0s = h0 == null ? new double[spec.stateLength()] : h0;
        double[] c0s = spec.kind().hasCellState() && c0 == null ? new double[spec.stateLength()] : c0;
        ReferenceCell cell = spec.kind().cell();
        int state = spec.batch() * spec.hiddenSize();
        double[] hFinal = new double[spec.stateLength()];
        double[] cFinal = c0s == null ? null : new double[spec.stateLength()];
        List<ReferenceLayer.Run> runs = new ArrayList<>();
        double[] inputs = x.clone();
        for (int l = 0; l < spec.layers(); l++) {
            ReferenceLayer.Run run = ReferenceLayer.forward(cell, params.layer(l), shape(spec, l), spec.steps(), inputs,
                    Arrays.copyOfRange(h0s, l * state, (l + 1) * state),
                    c0s == null ? null : Arrays.copyOfRange(c0s, l * state, (l + 1) * state));
            runs.add(run);
            System.arraycopy(run.hFinal(), 0, hFinal, l * state, state);
            if (cFinal != null) {
                System.arraycopy(run.cFinal(), 0, cFinal, l * state, state);
            }
            inputs = run.outputs();
        }
        return new Stack(runs, hFinal, cFinal);
    }

    /** Throws unless params fit spec and x, h0, c0 have the lengths spec needs (null h0, c0 allowed). */
    static void checkInputs(String op, RecurrentSpec spec, ReferenceParams params, double[] x, double[] h0,
            double[] c0) {
        if (!params.spec().equals(spec)) {
            throw new IllegalArgumentException(op + ": params are for " + params.spec() + ", not " + spec);
        }
        checkLength(op, spec, "x", x, spec.inputLength(), "[T, B, I]");
        if (h0 != null) {
            checkLength(op, spec, "h0", h0, spec.stateLength(), "[layers, B, H]");
        }
        if (c0 != null) {
            if (!spec.kind().hasCellState()) {
                throw new IllegalArgumentException(op + ": " + spec + " has no cell state, but c0 of length "
                        + c0.length + " was given");
            }
            checkLength(op, spec, "c0", c0, spec.stateLength(), "[layers, B, H]");
        }
    }

    private static CellShape shape(RecurrentSpec spec, int layer) {
        return new CellShape(spec.batch(), spec.layerInputSize(layer), spec.hiddenSize());
    }

    private static void checkLength(String op, RecurrentSpec spec, String name, double[] values, int expected,
            String shape) {
        if (values == null) {
            throw new IllegalArgumentException(op + ": " + spec + " " + name + " is null");
        }
        if (values.length != expected) {
            throw new IllegalArgumentException(op + ": " + spec + " " + name + " has length " + values.length
                    + ", expected " + shape + " = " + expected);
        }
    }
}
