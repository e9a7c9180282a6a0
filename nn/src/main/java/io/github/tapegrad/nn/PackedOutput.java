package io.github.tapegrad.nn;

import java.util.List;

/**
 * What {@link Recurrent} returns for a {@link PackedSequence}.
 *
 * @param outputs the last layer's h at every valid step, packed as the input was: [N, H] (2H bidirectional)
 * @param finalStates each cell's state after each sequence's last step, cells as {@link Recurrent#cells()},
 *     sequences in the original batch order
 */
public record PackedOutput(PackedSequence outputs, List<State> finalStates) {
    public PackedOutput {
        finalStates = List.copyOf(finalStates);
    }

    /** The last cell's final state. */
    public State finalState() {
        return finalStates.get(finalStates.size() - 1);
    }
}
