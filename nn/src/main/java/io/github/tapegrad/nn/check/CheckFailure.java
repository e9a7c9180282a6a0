package io.github.tapegrad.nn.check;

/**
 * A property that failed, shrunk: the case where it was first seen, the smallest case that still fails
 * (sizes reduced one at a time, seed kept), and what was wrong there.
 *
 * @param property which check failed ({@link CellCheck#FIRST_ORDER}, {@link CellCheck#REFERENCE}, ...)
 * @param found the case where it first failed
 * @param shrunk the smallest failing case found from it
 * @param shrinkSteps how many smaller cases were accepted on the way
 * @param detail the failing comparison at {@code shrunk}, human-readable
 * @param diff the comparison at {@code shrunk} when the property compares named tensors (gradients, values),
 *     else null
 * @param reference where the forward first leaves the reference, at {@code shrunk}, for
 *     {@link CellCheck#REFERENCE}; else null
 */
public record CheckFailure(String property, CheckCase found, CheckCase shrunk, int shrinkSteps, String detail,
                           GradientDiff diff, ReferenceMismatch reference) {

    /** Which tensors and gates differ at the shrunk case (null when {@link #diff()} is null). */
    public Attribution attribution() {
        return diff == null ? null : diff.attribution();
    }
}
