package io.github.tapegrad.examples.regression;

import io.github.tapegrad.examples.cli.Ranges;
import io.github.tapegrad.examples.cli.RecurrentFootprint;
import io.github.tapegrad.examples.cli.SizeCheck;
import io.github.tapegrad.examples.cli.SizeCheck.Knob;

import java.util.List;

/** Range and size checks of the regression commands' options; a bad value is a one-line user error. */
final class RegressionOptions {
    private RegressionOptions() {
    }

    /** --lr is checked by its converter ({@link Ranges.Positive}). */
    static void validate(int epochs, int hidden) {
        Ranges.between("--epochs", epochs, 1, Integer.MAX_VALUE);
        Ranges.between("--hidden", hidden, 1, Ranges.MAX_SIZE);
    }

    /**
     * Refuses a --hidden whose LSTM (the larger of the two models: 4 gate blocks, 28 H per step and sequence as
     * measured for {@code ModelKind.LSTM}) over scalar sequences, trained full-batch on {@code batch} windows of
     * {@code steps} with Adam (2 buffers per parameter), cannot exist or fit the heap.
     */
    static void checkSize(int hidden, int defaultHidden, int batch, int steps) {
        new SizeCheck(List.of(Knob.option("--hidden", hidden, defaultHidden)),
                v -> new RecurrentFootprint("rnn", "head", 4, 28, 1, v[0], 1, 1, SequenceRegressor.DTYPE.bytes())
                        .training(batch, steps, 2)).check();
    }
}
