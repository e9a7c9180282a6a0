package io.github.tapegrad.examples.regression;

import io.github.tapegrad.examples.UserInputException;

/** Range checks of the regression commands' options; a bad value is a one-line user error. */
final class RegressionOptions {
    private RegressionOptions() {
    }

    static void validate(int epochs, int hidden, double lr) {
        if (epochs < 1) {
            throw new UserInputException("--epochs " + epochs + ": must be at least 1");
        }
        if (hidden < 1) {
            throw new UserInputException("--hidden " + hidden + ": must be at least 1");
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new UserInputException("--lr " + lr + ": must be a finite number > 0");
        }
    }
}
