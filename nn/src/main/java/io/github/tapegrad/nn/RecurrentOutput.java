package io.github.tapegrad.nn;

import io.github.tapegrad.autograd.Tensor;

import java.util.List;

/**
 * What {@link Recurrent} returns.
 *
 * @param outputs the last layer's h at every step: [T, B, H], or [B, T, H] when batch-first (H: the stack's
 *     {@link Recurrent#hiddenSize()}, the output width: P with a projection, doubled when bidirectional)
 * @param finalStates each layer's state after the last step, layer 0 first
 */
public record RecurrentOutput(Tensor outputs, List<State> finalStates) {
    public RecurrentOutput {
        finalStates = List.copyOf(finalStates);
    }

    /** The last layer's final state. */
    public State finalState() {
        return finalStates.get(finalStates.size() - 1);
    }
}
