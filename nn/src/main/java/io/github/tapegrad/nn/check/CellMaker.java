package io.github.tapegrad.nn.check;

import io.github.tapegrad.nn.Cell;

import java.util.random.RandomGenerator;

/**
 * Makes a cell of the given sizes with parameters drawn from {@code rng}. A {@link CellCheck} calls it for
 * every layer of every configuration it tries, with sizes it chooses, so that a failure can be shrunk to
 * the smallest input and hidden sizes; the cell must be float64 for finite differences to mean anything.
 *
 * <pre>{@code (inputSize, hiddenSize, rng) -> new LSTMCell(inputSize, hiddenSize, DType.FLOAT64, rng)}</pre>
 */
@FunctionalInterface
public interface CellMaker<C extends Cell> {
    C make(int inputSize, int hiddenSize, RandomGenerator rng);
}
