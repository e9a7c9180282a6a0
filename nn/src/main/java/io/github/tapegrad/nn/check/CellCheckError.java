package io.github.tapegrad.nn.check;

/** Thrown by {@link CellCheck#check()} when a property fails; the message is the report, shrunk case included. */
public final class CellCheckError extends AssertionError {
    private static final long serialVersionUID = 1L;

    private final transient CellCheckReport report;

    public CellCheckError(CellCheckReport report) {
        super(report.toString());
        this.report = report;
    }

    public CellCheckReport report() {
        return report;
    }
}
