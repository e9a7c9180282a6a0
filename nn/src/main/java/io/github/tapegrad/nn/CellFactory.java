package io.github.tapegrad.nn;

/**
 * Makes the cell of one layer of a {@link Recurrent} stack: layer 0 gets the network's input size,
 * layer l &gt; 0 the hidden size of layer l-1. So a user's cell stacks like a built-in one.
 */
@FunctionalInterface
public interface CellFactory<C extends Module & Cell> {
    C create(int inputSize, int layer);
}
