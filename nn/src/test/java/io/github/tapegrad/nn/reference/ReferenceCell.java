package io.github.tapegrad.nn.reference;

/** One step of a recurrent cell, forward and hand-derived backward; the time loop lives in {@link ReferenceLayer}. */
interface ReferenceCell {

    /** One forward step from {@code x [B, in]}, {@code hPrev [B, H]} and (LSTM) {@code cPrev [B, H]}. */
    StepCache forward(LayerParams p, CellShape shape, double[] x, double[] hPrev, double[] cPrev);

    /**
     * One backward step. {@code dhNext} is the whole gradient reaching the step's output h' (from the
     * loss, the layer above and the next step); {@code dcNext} the gradient reaching c' (LSTM, else
     * null). Adds the parameter gradients into {@code sums} and returns the gradients for x, h, c.
     */
    StepGradients backward(LayerParams p, CellShape shape, StepCache step, double[] dhNext, double[] dcNext,
            LayerGradientSums sums, Mistake mistake);
}
