package io.github.tapegrad.nn.reference;

/**
 * A reproducible random {@link ReferenceProblem}: its sizes and the seed that fills it. Property tests
 * generate these (see {@link ReferenceGenerators}) so a failure report names a case one can rebuild.
 */
public record GeneratedCase(RecurrentSpec spec, long seed) {

    /** Half-width of the uniform parameters, inputs and initial states: enough to leave the linear regime. */
    public static final double SCALE = 0.8;

    public ReferenceProblem problem() {
        return ReferenceProblem.random(spec, seed, SCALE);
    }
}
