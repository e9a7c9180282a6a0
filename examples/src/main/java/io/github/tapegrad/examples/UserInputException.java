package io.github.tapegrad.examples;

/**
 * A problem with what the user supplied (a file, an option value, an output directory) rather than a bug.
 *
 * <p>{@link Main} prints only the message, on one line, and exits with status 2; so the message must say
 * what was wrong and with which input, e.g. {@code --text notes.txt: not valid UTF-8 (bad byte at offset 17)}.
 */
public class UserInputException extends RuntimeException {

    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
