/**
 * The custom-cell walk-through: a peephole LSTM written as forward code only
 * ({@link io.github.tapegrad.examples.customcell.PeepholeLSTMCell}), its gradients checked against finite differences
 * through {@link io.github.tapegrad.nn.Recurrent} with the public checking API ({@link io.github.tapegrad.nn.check.CellCheck}),
 * and the {@code custom-cell} subcommand that trains it beside the built-in LSTM.
 */
package io.github.tapegrad.examples.customcell;
