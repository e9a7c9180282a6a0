package io.github.tapegrad.autograd.check;

/**
 * The outcome of a gradient check: whether it passed, how many entries were compared, the largest
 * absolute and relative errors, and the worst entry (input, element, both values).
 */
public record GradCheckReport(String check, boolean passed, int entries, double maxAbsError, double maxRelError,
                              String worst) {

    /** Returns this report when it passed, else throws an AssertionError with the worst entry. */
    public GradCheckReport orThrow() {
        if (!passed) {
            throw new AssertionError(this.toString());
        }
        return this;
    }

    GradCheckReport relabel(String name) {
        return new GradCheckReport(name, passed, entries, maxAbsError, maxRelError, worst);
    }

    @Override
    public String toString() {
        return check + (passed ? " passed" : " FAILED") + " over " + entries + " entries (max |diff| "
                + String.format(java.util.Locale.ROOT, "%.3g", maxAbsError) + ", max rel "
                + String.format(java.util.Locale.ROOT, "%.3g", maxRelError) + "); worst: " + worst;
    }
}
