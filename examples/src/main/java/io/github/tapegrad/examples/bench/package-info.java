/**
 * The {@code bench} subcommand: training-step throughput of one LSTM layer written three ways (nn's built-in
 * LSTM through autograd, the same LSTM as a user-defined forward-only cell, and a hand-derived fused yardstick on
 * the same GEMM kernel), after checking that they compute the same loss and gradients, and any cell beside them
 * ({@code --cell}); a table of many cells on both configurations ({@code --cells}, {@link
 * io.github.tapegrad.examples.bench.CellTable}); and {@code bench gemm}, the GEMM kernel alone. Nothing here is used by
 * the library.
 */
package io.github.tapegrad.examples.bench;
