package io.github.tapegrad.nn.reference;

/**
 * Result of a reference forward pass: the last layer's {@code outputs [T, B, H]}, and the final
 * states of every layer {@code hFinal [layers, B, H]}, {@code cFinal [layers, B, H]} (null unless LSTM).
 */
public record ReferenceForward(double[] outputs, double[] hFinal, double[] cFinal) {

    public ReferenceForward {
        outputs = outputs.clone();
        hFinal = hFinal.clone();
        cFinal = cFinal == null ? null : cFinal.clone();
    }

    @Override
    public double[] outputs() {
        return outputs.clone();
    }

    @Override
    public double[] hFinal() {
        return hFinal.clone();
    }

    @Override
    public double[] cFinal() {
        return cFinal == null ? null : cFinal.clone();
    }
}
