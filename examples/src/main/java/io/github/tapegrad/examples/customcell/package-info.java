/**
 * The researcher's loop on one cell: a cell written as forward code in the one cell contract
 * ({@link io.github.tapegrad.examples.customcell.JanetCell}, the forget-gate-only LSTM), its equations stated again per
 * element ({@link io.github.tapegrad.examples.customcell.JanetReference}), the public checking API
 * ({@link io.github.tapegrad.nn.check.CellCheck}) comparing both and the gradients, and the {@code custom-cell}
 * subcommand that checks it (or any {@code --cell}) and trains it beside the built-in LSTM and GRU.
 */
package io.github.tapegrad.examples.customcell;
