/**
 * The d2l (v0.17, chapters 8–9) character-level language model: {@link io.github.tapegrad.examples.lm.CharLanguageModel}
 * (one-hot input, recurrent layers of any cell, linear output), its training epoch
 * ({@link io.github.tapegrad.examples.lm.LanguageModelTrainer}: SGD, clipping, sequential or random minibatches),
 * greedy and sampled continuation ({@link io.github.tapegrad.examples.lm.TextGenerator}), and the {@code time-machine}
 * and {@code generate} subcommands. A checkpoint's metadata ({@link io.github.tapegrad.examples.lm.TrainingSetup})
 * records everything that decides a run, the cell's name included, so {@code generate} rebuilds the model and
 * {@code --resume} continues it bit for bit or refuses with one line.
 */
package io.github.tapegrad.examples.lm;
