package io.github.tapegrad.nn.reference;

/** Elman RNN cell: {@code h' = act(a)}, {@code a = x W_ih^T + b_ih + h W_hh^T + b_hh}. */
final class ReferenceRnn implements ReferenceCell {

    static final ReferenceRnn TANH = new ReferenceRnn(true);
    static final ReferenceRnn RELU = new ReferenceRnn(false);

    private final boolean tanh;

    private ReferenceRnn(boolean tanh) {
        this.tanh = tanh;
    }

    @Override
    public StepCache forward(LayerParams p, CellShape s, double[] x, double[] hPrev, double[] cPrev) {
        int b = s.batch();
        int h = s.hiddenSize();
        double[] a = Dense.affine(x, b, s.inputSize(), p.rawWIh(), p.rawBIh(), h);
        double[] fromHidden = Dense.affine(hPrev, b, h, p.rawWHh(), p.rawBHh(), h);
        double[] hNext = new double[b * h];
        for (int k = 0; k < a.length; k++) {
            a[k] += fromHidden[k];
            hNext[k] = tanh ? Math.tanh(a[k]) : Math.max(0, a[k]);
        }
        return new StepCache(x, hPrev, null, hNext, a, hNext, null);
    }

    @Override
    public StepGradients backward(LayerParams p, CellShape s, StepCache step, double[] dhNext, double[] dcNext,
            LayerGradientSums sums, Mistake mistake) {
        int b = s.batch();
        int h = s.hiddenSize();
        double[] da = new double[b * h];
        for (int k = 0; k < da.length; k++) {
            double derivative;
            if (tanh) {
                double at = mistake == Mistake.RNN_TANH_DERIVATIVE_OF_PREACTIVATION ? step.aux[k] : step.hNext[k];
                derivative = 1 - at * at;
            } else {
                derivative = step.aux[k] > 0 ? 1 : 0; // relu'(0) taken as 0, as PyTorch does
            }
            da[k] = dhNext[k] * derivative;
        }
        // Both affine maps see the same pre-activation gradient.
        sums.add(da, step.x, da, step.hPrev);
        double[] dx = Dense.inputGradient(da, b, h, p.rawWIh(), s.inputSize());
        double[] dhPrev = Dense.inputGradient(da, b, h, p.rawWHh(), h);
        return new StepGradients(dx, dhPrev, null);
    }
}
