/**
 * The synthetic sequence tasks of the LSTM literature with variable lengths, as a small reusable API and as the
 * {@code adding} and {@code copy-memory} commands.
 *
 * <p>{@link io.github.tapegrad.examples.tasks.Task} is a task: a seeded generator of padded batches
 * ({@link io.github.tapegrad.examples.tasks.AddingProblem}, {@link io.github.tapegrad.examples.tasks.CopyMemory}),
 * its loss (masked to the steps that count), its score and its memoryless baseline; {@code Task.train(cell,
 * hyperparameters, seed, epochs)} trains a {@link io.github.tapegrad.examples.tasks.SequenceModel} (nn's
 * {@code Recurrent} of any cell, optionally bidirectional, run on each sequence's own length, and a linear head) and
 * returns the validation accuracy and loss of every epoch ({@link io.github.tapegrad.examples.tasks.TrainingResult}).
 */
package io.github.tapegrad.examples.tasks;
