package io.github.tapegrad.examples.lm;

import io.github.tapegrad.examples.UserInputException;

/**
 * The shape of a character model: what kind of recurrent layer, the vocabulary size, hidden size, layer count and
 * initialisation. Sizes must be at least 1; a bad one is the user's {@code --hidden} or {@code --layers}.
 */
public record ModelConfig(ModelKind kind, int vocabSize, int hidden, int layers, InitScheme init) {
    public ModelConfig {
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
