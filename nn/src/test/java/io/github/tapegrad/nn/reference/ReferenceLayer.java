package io.github.tapegrad.nn.reference;

import java.util.ArrayList;
import java.util.List;

/**
 * The time loop of one direction of one layer, sequence by sequence. Sequence b of the padded batch runs
 * only its own {@code lengths[b]} valid steps: forward over t = 0..len-1, or (reverse direction) over
 * t = len-1..0; backpropagation through time visits the same steps in the opposite order. Every cell is
 * row-independent, so running each sequence as a batch of one gives the rows a batched step would, and the
 * padding is simply never visited: its outputs stay 0, it reads no input and receives no gradient.
 */
final class ReferenceLayer {

    private ReferenceLayer() {
    }

    /**
     * One direction's forward pass: {@code steps.get(b)} holds sequence b's steps in the order they ran,
     * {@code outputs [T, B, H]} (0 past each length), final states {@code [B, H]}.
     */
    record Run(List<List<StepCache>> steps, boolean reverse, double[] outputs, double[] hFinal, double[] cFinal) {
    }

    /** One direction's backward pass: parameter gradients, {@code dInputs [T, B, in]}, {@code dh0}, {@code dc0}. */
    record Backward(LayerParams grads, double[] dInputs, double[] dh0, double[] dc0) {
    }

    /** The time step of the {@code i}-th step a sequence of {@code length} steps runs. */
    static int time(boolean reverse, int length, int i) {
        return reverse ? length - 1 - i : i;
    }

    /**
     * @param s the batch's shape: B rows of {@code inputSize} features
     * @param inputs {@code [T, B, in]}; only the valid steps are read
     * @param h0 {@code [B, H]}; {@code c0} likewise, LSTM only, else null
     */
    static Run forward(ReferenceCell cell, LayerParams p, CellShape s, int steps, int[] lengths, boolean reverse,
            double[] inputs, double[] h0, double[] c0) {
        int batch = s.batch();
        int in = s.inputSize();
        int hidden = s.hiddenSize();
        CellShape one = new CellShape(1, in, hidden);
        double[] outputs = new double[steps * batch * hidden];
        double[] hFinal = new double[batch * hidden];
        double[] cFinal = c0 == null ? null : new double[batch * hidden];
        List<List<StepCache>> caches = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            double[] h = row(h0, b, hidden);
            double[] c = c0 == null ? null : row(c0, b, hidden);
            List<StepCache> sequence = new ArrayList<>(lengths[b]);
            for (int i = 0; i < lengths[b]; i++) {
                int t = time(reverse, lengths[b], i);
                StepCache step = cell.forward(p, one, row(inputs, t * batch + b, in), h, c);
                sequence.add(step);
                System.arraycopy(step.hNext, 0, outputs, (t * batch + b) * hidden, hidden);
                h = step.hNext;
                c = step.cNext;
            }
            caches.add(sequence);
            System.arraycopy(h, 0, hFinal, b * hidden, hidden);
            if (cFinal != null) {
                System.arraycopy(c, 0, cFinal, b * hidden, hidden);
            }
        }
        return new Run(caches, reverse, outputs, hFinal, cFinal);
    }

    /**
     * BPTT: {@code dOutputs [T, B, H]} is the gradient reaching each step's output from outside the
     * recurrence (loss or layer above); {@code dhFinal}, {@code dcFinal [B, H]} reach the final states.
     * Entries of {@code dOutputs} past a sequence's length reach nothing: those outputs are constant 0.
     */
    static Backward backward(ReferenceCell cell, LayerParams p, CellShape s, int gateCount, Run run,
            double[] dOutputs, double[] dhFinal, double[] dcFinal, Mistake mistake) {
        int batch = s.batch();
        int in = s.inputSize();
        int hidden = s.hiddenSize();
        CellShape one = new CellShape(1, in, hidden);
        LayerGradientSums sums = new LayerGradientSums(one, gateCount);
        double[] dInputs = new double[dOutputs.length / hidden * in];
        double[] dh0 = new double[batch * hidden];
        double[] dc0 = dcFinal == null ? null : new double[batch * hidden];
        for (int b = 0; b < batch; b++) {
            List<StepCache> sequence = run.steps().get(b);
            int length = sequence.size();
            double[] dh = row(dhFinal, b, hidden); // gradient reaching the state after step i from everything after it
            double[] dc = dcFinal == null ? null : row(dcFinal, b, hidden);
            for (int i = length - 1; i >= 0; i--) {
                int t = time(run.reverse(), length, i);
                double[] dhStep = dh.clone();
                for (int k = 0; k < hidden; k++) {
                    dhStep[k] += dOutputs[(t * batch + b) * hidden + k];
                }
                StepGradients g = cell.backward(p, one, sequence.get(i), dhStep, dc, sums, mistake);
                System.arraycopy(g.dx(), 0, dInputs, (t * batch + b) * in, in);
                dh = g.dhPrev();
                dc = g.dcPrev();
            }
            System.arraycopy(dh, 0, dh0, b * hidden, hidden);
            if (dc0 != null) {
                System.arraycopy(dc, 0, dc0, b * hidden, hidden);
            }
        }
        return new Backward(sums.toLayerParams(), dInputs, dh0, dc0);
    }

    /** Row {@code r} of a row-major matrix with {@code width} columns, copied. */
    static double[] row(double[] values, int r, int width) {
        double[] out = new double[width];
        System.arraycopy(values, r * width, out, 0, width);
        return out;
    }
}
