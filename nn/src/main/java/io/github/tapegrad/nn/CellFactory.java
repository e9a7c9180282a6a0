package io.github.tapegrad.nn;

/**
 * Makes a cell from its {@link CellConfig}: {@code LSTMCell::new}, {@code MGUCell::new}, or a user's
 * cell's constructor. {@link Recurrent} calls it once per layer (layer l &gt; 0 gets the previous layer's
 * hidden size as input size), {@link Cells} by name.
 */
@FunctionalInterface
public interface CellFactory<C extends Cell> {
    C create(CellConfig config);
}
