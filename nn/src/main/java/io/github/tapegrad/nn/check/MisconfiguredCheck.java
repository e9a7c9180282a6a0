package io.github.tapegrad.nn.check;

/**
 * A check that cannot run as configured (a reference or parameter map that does not fit the cell, a wrong
 * gate declaration): {@link CellCheck#run()} throws it at once rather than blaming the cell.
 */
final class MisconfiguredCheck extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    MisconfiguredCheck(String message) {
        super(message);
    }

    MisconfiguredCheck(String message, Throwable cause) {
        super(message, cause);
    }
}
