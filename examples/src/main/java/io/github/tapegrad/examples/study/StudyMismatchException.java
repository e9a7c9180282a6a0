package io.github.tapegrad.examples.study;

/** A study that cannot run as asked: recorded with another spec, or held by a live runner. */
public final class StudyMismatchException extends IllegalStateException {
    public StudyMismatchException(String message) {
        super(message);
    }
}
