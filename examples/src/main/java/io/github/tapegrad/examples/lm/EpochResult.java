package io.github.tapegrad.examples.lm;

/**
 * One training epoch of a character model: d2l's perplexity (exp of the mean cross-entropy over every target
 * token of the epoch), the number of target tokens and the wall time.
 */
public record EpochResult(double perplexity, long tokens, double seconds) {
    public double tokensPerSecond() {
        return seconds > 0 ? tokens / seconds : Double.POSITIVE_INFINITY;
    }
}
