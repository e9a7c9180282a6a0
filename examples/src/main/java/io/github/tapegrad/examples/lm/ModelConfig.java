package io.github.tapegrad.examples.lm;

import io.github.tapegrad.examples.UserInputException;
import io.github.tapegrad.examples.cli.CellChoice;

import java.util.Objects;

/**
 * The shape of a character model: the cell of its recurrent layers (any cell: a zoo name or a class name), the
 * vocabulary size, hidden size, layer count and initialisation. Sizes must be at least 1; a bad one is the user's
 * {@code --hidden} or {@code --layers}.
 */
public record ModelConfig(CellChoice cell, int vocabSize, int hidden, int layers, InitScheme init) {
    public ModelConfig {
        Objects.requireNonNull(cell, "ModelConfig: cell");
        requireAtLeastOne("--hidden", hidden);
        requireAtLeastOne("--layers", layers);
        if (vocabSize < 2) {
            throw new IllegalArgumentException("ModelConfig: vocabulary of " + vocabSize + " tokens; need at least 2");
        }
    }

    static void requireAtLeastOne(String option, long value) {
        if (value < 1) {
            throw new UserInputException(option + " " + value + ": must be at least 1");
        }
    }
}
