/**
 * Small sequence-regression examples: {@code sine} (the noisy sine of the classic PyTorch RNN tutorial, one-step and
 * multi-step prediction with an RNN and an LSTM) and {@code square} (an LSTM fitting y = x²), both with MSE and Adam,
 * both taking any cell with {@code --cell} ({@link io.github.tapegrad.examples.regression.SequenceRegressor} stacks it).
 */
package io.github.tapegrad.examples.regression;
