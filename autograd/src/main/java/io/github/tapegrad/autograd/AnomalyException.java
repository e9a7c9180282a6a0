package io.github.tapegrad.autograd;

/** Thrown in anomaly mode by the first op that produces NaN or Inf, forward or backward. */
public final class AnomalyException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    AnomalyException(String message) {
        super(message);
    }
}
