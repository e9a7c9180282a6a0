/**
 * Hand-derived reference recurrent networks for checking tapegrad's autograd.
 *
 * <p>RNN (tanh, relu), LSTM and GRU forward passes and their backpropagation through time are written
 * out from the textbook equations on plain {@code double[]} arrays, never calling any autograd, so
 * that tapegrad's gradients can be compared with an independent derivation. All layouts follow
 * PyTorch: {@code weight_ih [G*H, I]}, {@code weight_hh [G*H, H]}, {@code bias_ih}/{@code bias_hh
 * [G*H]} row-major, gate blocks LSTM (i, f, g, o) and GRU (r, z, n); inputs are time-major
 * {@code [T, B, I]}; initial and final states are {@code [layers, B, H]}. Bidirectional stacks (a forward
 * and a reverse direction per layer, outputs concatenated {@code [T, B, 2H]}, states
 * {@code [layers*2, B, H]} ordered layer·2 + direction, parameters {@code weight_ih_l0_reverse}, ...) and
 * per-sequence lengths ({@code pack_padded_sequence} semantics: each sequence runs only its valid steps, the
 * reverse direction from its own last one) are described by {@link io.github.tapegrad.nn.reference.RecurrentSpec}.
 *
 * <p>{@link io.github.tapegrad.nn.reference.ReferenceBptt} is the entry point;
 * {@link io.github.tapegrad.nn.reference.Mistake} selects deliberately wrong hand formulas used as
 * negative controls, so that a gradient check is shown to be able to fail.
 */
package io.github.tapegrad.nn.reference;
