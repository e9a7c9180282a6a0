package io.github.tapegrad.nn.check;

/**
 * A property that failed, shrunk: the case where it was first seen, the smallest case that still fails
 * (sizes reduced one at a time, seed kept), and what was wrong there.
 *
 * @param property which check failed ("gradients vs finite differences", "batch invariance", ...)
 * @param found the case where it first failed
 * @param shrunk the smallest failing case found from it
 * @param shrinkSteps how many smaller cases were accepted on the way
 * @param detail the failing comparison at {@code shrunk}, human-readable
 * @param diff the comparison at {@code shrunk}, or null when the property is not a tensor comparison
 */
public record CheckFailure(String property, CheckCase found, CheckCase shrunk, int shrinkSteps, String detail,
                           GradientDiff diff) {

    /** Which tensors and gates differ at the shrunk case (null when {@link #diff()} is null). */
    public Attribution attribution() {
        return diff == null ? null : diff.attribution();
    }
}
