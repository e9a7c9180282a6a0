package io.github.tapegrad.nn.reference;

/**
 * Result of a reference forward pass: the last layer's {@code outputs [T, B, D*H]} (0 past each sequence's
 * length), and the final states of every cell {@code hFinal [layers*D, B, H]}, {@code cFinal [layers*D, B, H]}
 * (null unless LSTM), cell layer·D + direction; D = 2 when bidirectional, else 1.
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
