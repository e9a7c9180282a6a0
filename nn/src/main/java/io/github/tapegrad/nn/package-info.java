/**
 * Neural-network building blocks on top of autograd, written as forward code only: no class here
 * computes a derivative; every gradient comes from the tape.
 *
 * <ul>
 *   <li>{@link io.github.tapegrad.nn.Module} and {@link io.github.tapegrad.nn.Parameter}: named parameters
 *       with PyTorch state-dict keys ({@code layers.0.weight}, {@code weight_ih_l0}), train/eval mode.</li>
 *   <li>Layers: {@link io.github.tapegrad.nn.Linear}, {@link io.github.tapegrad.nn.Embedding},
 *       {@link io.github.tapegrad.nn.Dropout}.</li>
 *   <li>Recurrence: a {@link io.github.tapegrad.nn.Cell} is one time step ({@code step(x, state)});
 *       {@link io.github.tapegrad.nn.Recurrent} is the one place with a time loop and runs any cell, a
 *       user's too, over a sequence and a stack of layers. Built-in cells: {@link io.github.tapegrad.nn.RNNCell},
 *       {@link io.github.tapegrad.nn.LSTMCell}, {@link io.github.tapegrad.nn.GRUCell}, with PyTorch's
 *       parameter names, layouts, gate order and default init; {@link io.github.tapegrad.nn.RNN},
 *       {@link io.github.tapegrad.nn.LSTM}, {@link io.github.tapegrad.nn.GRU} stack them like torch.nn.LSTM.</li>
 *   <li>{@link io.github.tapegrad.nn.Loss}: MSE, cross-entropy from logits, NLL.</li>
 * </ul>
 * Optimizers and gradient clipping are in {@code nn.optim}, initialisers in {@code nn.init}.
 */
package io.github.tapegrad.nn;
