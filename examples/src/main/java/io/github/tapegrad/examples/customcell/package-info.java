/**
 * The researcher's loop on one cell: a cell written as forward code in the one cell contract
 * ({@link io.github.tapegrad.examples.customcell.JanetCell}, the forget-gate-only LSTM), its gradients checked with the
 * public checking API ({@link io.github.tapegrad.nn.check.CellCheck}), and the {@code custom-cell} subcommand that
 * trains it (or any {@code --cell}) beside the built-in LSTM and GRU.
 */
package io.github.tapegrad.examples.customcell;
