package io.github.tapegrad.nn.reference;

/**
 * The linear test loss {@code L = sum(output * outputs) + sum(finalH * hFinal) + sum(finalC * cFinal)}:
 * {@code output [T, B, D*H]} weighs the last layer's outputs at every step, {@code finalH [layers*D, B, H]}
 * and (LSTM only, else null) {@code finalC [layers*D, B, H]} weigh every cell's final states (D = 2 when
 * bidirectional, else 1; see {@link RecurrentSpec}).
 * Its gradient with respect to each of those tensors is the weight itself.
 */
public record LossWeights(double[] output, double[] finalH, double[] finalC) {

    public LossWeights {
        if (output == null || finalH == null) {
            throw new IllegalArgumentException("LossWeights: output and finalH weights are required");
        }
        output = output.clone();
        finalH = finalH.clone();
        finalC = finalC == null ? null : finalC.clone();
    }

    /** Uniform weights in {@code [-scale, scale)}; finalC only for LSTM. */
    public static LossWeights random(RecurrentSpec spec, SeededUniform random, double scale) {
        double[] output = random.array(spec.outputLength(), scale);
        double[] finalH = random.array(spec.stateLength(), scale);
        double[] finalC = spec.kind().hasCellState() ? random.array(spec.stateLength(), scale) : null;
        return new LossWeights(output, finalH, finalC);
    }

    @Override
    public double[] output() {
        return output.clone();
    }

    @Override
    public double[] finalH() {
        return finalH.clone();
    }

    @Override
    public double[] finalC() {
        return finalC == null ? null : finalC.clone();
    }

    /** Throws unless every weight has the length {@code spec} needs. */
    public void check(RecurrentSpec spec) {
        checkLength(spec, "output", output.length, spec.outputLength(), spec.bidirectional() ? "[T, B, 2H]" : "[T, B, H]");
        String stateShape = ReferenceBptt.stateShape(spec);
        checkLength(spec, "finalH", finalH.length, spec.stateLength(), stateShape);
        if (spec.kind().hasCellState()) {
            if (finalC == null) {
                throw new IllegalArgumentException("LossWeights: " + spec + " needs finalC weights " + stateShape);
            }
            checkLength(spec, "finalC", finalC.length, spec.stateLength(), stateShape);
        } else if (finalC != null) {
            throw new IllegalArgumentException("LossWeights: " + spec + " has no cell state, but finalC weights of length "
                    + finalC.length + " were given");
        }
    }

    /** The loss value of a forward pass. */
    public double apply(ReferenceForward forward) {
        double loss = dot(output, forward.outputs()) + dot(finalH, forward.hFinal());
        if (finalC != null) {
            loss += dot(finalC, forward.cFinal());
        }
        return loss;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += a[k] * b[k];
        }
        return sum;
    }

    private static void checkLength(RecurrentSpec spec, String name, int actual, int expected, String shape) {
        if (actual != expected) {
            throw new IllegalArgumentException("LossWeights: " + spec + " " + name + " has length " + actual
                    + ", expected " + shape + " = " + expected);
        }
    }
}
