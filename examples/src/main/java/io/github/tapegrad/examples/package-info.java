/**
 * Runnable examples for tapegrad: one command-line program ({@link io.github.tapegrad.examples.Main}) whose
 * subcommands train and sample the d2l-style character models.
 *
 * <p>Subcommands: {@code time-machine} and {@code generate} (package {@code lm}), {@code sine} and {@code square}
 * ({@code regression}), {@code custom-cell} ({@code customcell}).
 *
 * <p>Shared sub-packages: {@code data} (the Time Machine text, its vocabulary and the d2l minibatch iterators),
 * {@code cli} (options shared by every subcommand, error reporting, training progress) and {@code plot}
 * (PNG line charts). User mistakes are reported through {@link io.github.tapegrad.examples.UserInputException}.
 */
package io.github.tapegrad.examples;
