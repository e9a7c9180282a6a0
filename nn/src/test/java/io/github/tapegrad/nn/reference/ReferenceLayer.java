package io.github.tapegrad.nn.reference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The time loop of one layer: forward over t = 0..T-1, backpropagation through time over t = T-1..0. */
final class ReferenceLayer {

    private ReferenceLayer() {
    }

    /** One layer's forward pass; {@code outputs [T, B, H]}, final states {@code [B, H]}. */
    record Run(List<StepCache> steps, double[] outputs, double[] hFinal, double[] cFinal) {
    }

    /** One layer's backward pass: parameter gradients, {@code dInputs [T, B, in]}, {@code dh0}, {@code dc0}. */
    record Backward(LayerParams grads, double[] dInputs, double[] dh0, double[] dc0) {
    }

    static Run forward(ReferenceCell cell, LayerParams p, CellShape s, int steps, double[] inputs, double[] h0,
            double[] c0) {
        int inStride = s.batch() * s.inputSize();
        int outStride = s.batch() * s.hiddenSize();
        double[] outputs = new double[steps * outStride];
        List<StepCache> caches = new ArrayList<>(steps);
        double[] h = h0;
        double[] c = c0;
        for (int t = 0; t < steps; t++) {
            double[] x = Arrays.copyOfRange(inputs, t * inStride, (t + 1) * inStride);
            StepCache step = cell.forward(p, s, x, h, c);
            caches.add(step);
            System.arraycopy(step.hNext, 0, outputs, t * outStride, outStride);
            h = step.hNext;
            c = step.cNext;
        }
        return new Run(caches, outputs, h, c);
    }

    /**
     * BPTT: {@code dOutputs [T, B, H]} is the gradient reaching each step's output from outside the
     * recurrence (loss or layer above); {@code dhFinal}, {@code dcFinal} reach the final states.
     */
    static Backward backward(ReferenceCell cell, LayerParams p, CellShape s, int gateCount, Run run,
            double[] dOutputs, double[] dhFinal, double[] dcFinal, Mistake mistake) {
        int steps = run.steps().size();
        int inStride = s.batch() * s.inputSize();
        int outStride = s.batch() * s.hiddenSize();
        LayerGradientSums sums = new LayerGradientSums(s, gateCount);
        double[] dInputs = new double[steps * inStride];
        double[] dh = dhFinal.clone(); // gradient reaching h_t from everything after it
        double[] dc = dcFinal == null ? null : dcFinal.clone();
        for (int t = steps - 1; t >= 0; t--) {
            double[] dhStep = dh.clone();
            for (int k = 0; k < outStride; k++) {
                dhStep[k] += dOutputs[t * outStride + k];
            }
            StepGradients g = cell.backward(p, s, run.steps().get(t), dhStep, dc, sums, mistake);
            System.arraycopy(g.dx(), 0, dInputs, t * inStride, inStride);
            dh = g.dhPrev();
            dc = g.dcPrev();
        }
        return new Backward(sums.toLayerParams(), dInputs, dh, dc);
    }
}
