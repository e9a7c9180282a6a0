package io.github.tapegrad.nn.reference;

/**
 * One complete gradient-check case: network, parameters, input, initial states and loss weights.
 * {@code c0} is null unless the kind is LSTM. Arrays are copied in and out.
 */
public record ReferenceProblem(RecurrentSpec spec, ReferenceParams params, double[] x, double[] h0, double[] c0,
        LossWeights weights) {

    public ReferenceProblem {
        if (spec == null || params == null || weights == null) {
            throw new IllegalArgumentException("ReferenceProblem: spec, params and weights are required");
        }
        x = x == null ? null : x.clone();
        h0 = h0 == null ? null : h0.clone();
        c0 = c0 == null ? null : c0.clone();
        // Fail at construction rather than at first use.
        if (h0 == null || (spec.kind().hasCellState() && c0 == null)) {
            throw new IllegalArgumentException("ReferenceProblem: " + spec + " needs h0" + (spec.kind().hasCellState()
                    ? " and c0" : "") + "; got h0 " + (h0 == null ? "null" : "present") + ", c0 "
                    + (c0 == null ? "null" : "present"));
        }
        ReferenceBptt.checkInputs("ReferenceProblem", spec, params, x, h0, c0);
        weights.check(spec);
    }

    /**
     * A random case from {@code seed}: parameters, x, h0, c0 uniform in {@code [-scale, scale)},
     * loss weights uniform in {@code [-1, 1)}.
     */
    public static ReferenceProblem random(RecurrentSpec spec, long seed, double scale) {
        SeededUniform random = new SeededUniform(seed);
        ReferenceParams params = ReferenceParams.random(spec, random, scale);
        double[] x = random.array(spec.inputLength(), scale);
        double[] h0 = random.array(spec.stateLength(), scale);
        double[] c0 = spec.kind().hasCellState() ? random.array(spec.stateLength(), scale) : null;
        return new ReferenceProblem(spec, params, x, h0, c0, LossWeights.random(spec, random, 1.0));
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] h0() {
        return h0.clone();
    }

    @Override
    public double[] c0() {
        return c0 == null ? null : c0.clone();
    }

    public ReferenceForward forward() {
        return ReferenceBptt.forward(spec, params, x, h0, c0);
    }

    public double loss() {
        return weights.apply(forward());
    }

    public ReferenceGradients backward() {
        return backward(Mistake.NONE);
    }

    public ReferenceGradients backward(Mistake mistake) {
        return ReferenceBptt.backward(spec, params, x, h0, c0, weights, mistake);
    }

    /** RNN_RELU: smallest |pre-activation| anywhere, where central differences would meet the kink; else infinity. */
    public double reluKinkDistance() {
        return ReferenceBptt.reluKinkDistance(spec, params, x, h0, c0);
    }

    public ReferenceProblem withParams(ReferenceParams newParams) {
        return new ReferenceProblem(spec, newParams, x, h0, c0, weights);
    }

    public ReferenceProblem withX(double[] newX) {
        return new ReferenceProblem(spec, params, newX, h0, c0, weights);
    }

    public ReferenceProblem withH0(double[] newH0) {
        return new ReferenceProblem(spec, params, x, newH0, c0, weights);
    }

    public ReferenceProblem withC0(double[] newC0) {
        return new ReferenceProblem(spec, params, x, h0, newC0, weights);
    }
}
