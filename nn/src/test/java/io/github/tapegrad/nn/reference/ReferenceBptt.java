package io.github.tapegrad.nn.reference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stacked recurrent networks, forward and hand-written backpropagation through time. Layer l > 0
 * reads layer l-1's outputs; the last layer's outputs are the network's outputs. A bidirectional layer
 * runs a forward and a reverse direction on the same input, and its outputs are theirs concatenated,
 * forward first; the reverse direction's backward sends its input gradient to the same place, so the
 * layer below (or x) receives the sum of both. With per-sequence lengths (see {@link RecurrentSpec}) each
 * sequence runs its own valid steps only, in either direction.
 * Shapes: {@code x [T, B, I]}, {@code h0}, {@code c0 [layers*D, B, H]}; a null h0 or (LSTM) c0 means
 * zeros, as in PyTorch; c0 must be null for every kind but LSTM.
 */
public final class ReferenceBptt {

    private ReferenceBptt() {
    }

    /** The forward pass: last layer's outputs {@code [T, B, D*H]} and every cell's final states. */
    public static ReferenceForward forward(RecurrentSpec spec, ReferenceParams params, double[] x, double[] h0,
            double[] c0) {
        Stack stack = runForward("ReferenceBptt.forward", spec, params, x, h0, c0);
        return new ReferenceForward(stack.outputs, stack.hFinal, stack.cFinal);
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
        int directions = spec.directions();
        int state = spec.batch() * spec.hiddenSize();
        double[] dOutputs = weights.output(); // [T, B, D*H]: the gradient reaching the current layer's outputs
        double[] dh0 = new double[spec.stateLength()];
        double[] dc0 = spec.kind().hasCellState() ? new double[spec.stateLength()] : null;
        double[] dhFinal = weights.finalH();
        double[] dcFinal = weights.finalC();
        LayerParams[] cellGrads = new LayerParams[spec.cellCount()];
        for (int l = spec.layers() - 1; l >= 0; l--) {
            CellShape shape = shape(spec, l);
            double[] dInputs = new double[spec.steps() * spec.batch() * shape.inputSize()];
            for (int d = 0; d < directions; d++) {
                int k = l * directions + d;
                ReferenceLayer.Backward back = ReferenceLayer.backward(cell, params.cell(l, d), shape,
                        spec.kind().gateCount(), stack.runs.get(k), columns(dOutputs, directions, d, spec.hiddenSize()),
                        Arrays.copyOfRange(dhFinal, k * state, (k + 1) * state),
                        dcFinal == null ? null : Arrays.copyOfRange(dcFinal, k * state, (k + 1) * state), mistake);
                cellGrads[k] = back.grads();
                System.arraycopy(back.dh0(), 0, dh0, k * state, state);
                if (dc0 != null) {
                    System.arraycopy(back.dc0(), 0, dc0, k * state, state);
                }
                double[] dIn = back.dInputs();
                for (int e = 0; e < dInputs.length; e++) { // both directions read the same inputs
                    dInputs[e] += dIn[e];
                }
            }
            dOutputs = dInputs; // the layer below's outputs are this layer's inputs
        }
        Map<String, double[]> named = new LinkedHashMap<>();
        for (int k = 0; k < cellGrads.length; k++) {
            named.putAll(ReferenceParams.layerNamed(ReferenceParams.suffix(k / directions, k % directions),
                    cellGrads[k]));
        }
        return new ReferenceGradients(named, dOutputs, dh0, dc0);
    }

    /**
     * For RNN_RELU, the smallest |pre-activation| over every valid step and cell (infinity for other kinds):
     * a central difference whose step crosses relu's kink there is no estimate of the derivative.
     */
    static double reluKinkDistance(RecurrentSpec spec, ReferenceParams params, double[] x, double[] h0,
            double[] c0) {
        if (spec.kind() != CellKind.RNN_RELU) {
            return Double.POSITIVE_INFINITY;
        }
        double distance = Double.POSITIVE_INFINITY;
        for (ReferenceLayer.Run run : runForward("ReferenceBptt.reluKinkDistance", spec, params, x, h0, c0).runs) {
            for (List<StepCache> sequence : run.steps()) {
                for (StepCache step : sequence) {
                    for (double a : step.aux) {
                        distance = Math.min(distance, Math.abs(a));
                    }
                }
            }
        }
        return distance;
    }

    /** Every cell's run (layer·D + direction), the last layer's outputs and every cell's final states. */
    private record Stack(List<ReferenceLayer.Run> runs, double[] outputs, double[] hFinal, double[] cFinal) {
    }

    private static Stack runForward(String op, RecurrentSpec spec, ReferenceParams params, double[] x, double[] h0,
            double[] c0) {
        checkInputs(op, spec, params, x, h0, c0);
        double[] h0s = h0 == null ? new double[spec.stateLength()] : h0;
        double[] c0s = spec.kind().hasCellState() && c0 == null ? new double[spec.stateLength()] : c0;
        ReferenceCell cell = spec.kind().cell();
        int directions = spec.directions();
        int hidden = spec.hiddenSize();
        int state = spec.batch() * hidden;
        int[] lengths = new int[spec.batch()];
        for (int b = 0; b < lengths.length; b++) {
            lengths[b] = spec.length(b);
        }
        double[] hFinal = new double[spec.stateLength()];
        double[] cFinal = c0s == null ? null : new double[spec.stateLength()];
        List<ReferenceLayer.Run> runs = new ArrayList<>();
        double[] inputs = x.clone();
        for (int l = 0; l < spec.layers(); l++) {
            double[] outputs = new double[spec.outputLength()];
            for (int d = 0; d < directions; d++) {
                int k = l * directions + d;
                ReferenceLayer.Run run = ReferenceLayer.forward(cell, params.cell(l, d), shape(spec, l), spec.steps(),
                        lengths, d == 1, inputs, Arrays.copyOfRange(h0s, k * state, (k + 1) * state),
                        c0s == null ? null : Arrays.copyOfRange(c0s, k * state, (k + 1) * state));
                runs.add(run);
                double[] own = run.outputs();
                for (int row = 0; row < spec.steps() * spec.batch(); row++) { // [T, B, H] into [T, B, D*H]
                    System.arraycopy(own, row * hidden, outputs, (row * directions + d) * hidden, hidden);
                }
                System.arraycopy(run.hFinal(), 0, hFinal, k * state, state);
                if (cFinal != null) {
                    System.arraycopy(run.cFinal(), 0, cFinal, k * state, state);
                }
            }
            inputs = outputs;
        }
        return new Stack(runs, inputs, hFinal, cFinal);
    }

    /** Columns {@code [d*H, (d+1)*H)} of a {@code [rows, D*H]} matrix: one direction's share, {@code [rows, H]}. */
    private static double[] columns(double[] values, int directions, int d, int hidden) {
        if (directions == 1) {
            return values;
        }
        int rows = values.length / (directions * hidden);
        double[] out = new double[rows * hidden];
        for (int row = 0; row < rows; row++) {
            System.arraycopy(values, (row * directions + d) * hidden, out, row * hidden, hidden);
        }
        return out;
    }

    /** Throws unless params fit spec and x, h0, c0 have the lengths spec needs (null h0, c0 allowed). */
    static void checkInputs(String op, RecurrentSpec spec, ReferenceParams params, double[] x, double[] h0,
            double[] c0) {
        if (!params.spec().equals(spec)) {
            throw new IllegalArgumentException(op + ": params are for " + params.spec() + ", not " + spec);
        }
        checkLength(op, spec, "x", x, spec.inputLength(), "[T, B, I]");
        if (h0 != null) {
            checkLength(op, spec, "h0", h0, spec.stateLength(), stateShape(spec));
        }
        if (c0 != null) {
            if (!spec.kind().hasCellState()) {
                throw new IllegalArgumentException(op + ": " + spec + " has no cell state, but c0 of length "
                        + c0.length + " was given");
            }
            checkLength(op, spec, "c0", c0, spec.stateLength(), stateShape(spec));
        }
    }

    /** How messages name the shape of h0, c0 and the final states. */
    static String stateShape(RecurrentSpec spec) {
        return spec.bidirectional() ? "[layers*2, B, H]" : "[layers, B, H]";
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
