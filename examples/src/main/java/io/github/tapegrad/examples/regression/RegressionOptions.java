package io.github.tapegrad.examples.regression;

import io.github.tapegrad.examples.UserInputException;
import io.github.tapegrad.examples.cli.CellChoice;
import io.github.tapegrad.examples.cli.CellProfile;
import io.github.tapegrad.examples.cli.Ranges;
import io.github.tapegrad.examples.cli.RecurrentFootprint;
import io.github.tapegrad.examples.cli.SizeCheck;
import io.github.tapegrad.examples.cli.SizeCheck.Knob;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Range and size checks of the regression commands' options; a bad value is a one-line user error. */
final class RegressionOptions {
    private RegressionOptions() {
    }

    /** Each cell once: a name given twice would train the same model twice and plot it over itself. */
    static void requireDistinct(List<CellChoice> cells) {
        Set<String> seen = new HashSet<>();
        for (CellChoice c : cells) {
            if (!seen.add(c.name())) {
                throw new UserInputException("--cell: " + c.name() + " is named twice");
            }
        }
    }

    /** --lr is checked by its converter ({@link Ranges.Positive}). */
    static void validate(int epochs, int hidden) {
        Ranges.between("--epochs", epochs, 1, Integer.MAX_VALUE);
        Ranges.between("--hidden", hidden, 1, Ranges.MAX_SIZE);
    }

    /**
     * Refuses a --hidden whose model of any of {@code cells} (one layer over scalar sequences, its footprint read from
     * the cell, see {@link CellProfile}), trained full-batch on {@code batch} windows of {@code steps} with Adam (2
     * buffers per parameter), cannot exist or fit the heap. The models train one after the other, so each must fit;
     * the tensors of all are checked before any memory estimate.
     */
    static void checkSize(List<CellChoice> cells, int hidden, int defaultHidden, int batch, int steps) {
        List<CellProfile> profiles = cells.stream().map(CellChoice::profile).toList();
        for (long heap : new long[] {Long.MAX_VALUE, Runtime.getRuntime().maxMemory()}) {
            for (CellProfile profile : profiles) {
                new SizeCheck(List.of(Knob.option("--hidden", hidden, defaultHidden)),
                        v -> new RecurrentFootprint("rnn", "head", profile, 1, v[0], 1, 1,
                                SequenceRegressor.DTYPE.bytes()).training(batch, steps, 2)).check(heap);
            }
        }
    }
}
