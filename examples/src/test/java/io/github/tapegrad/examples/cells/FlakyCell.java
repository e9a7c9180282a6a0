package io.github.tapegrad.examples.cells;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.State;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain tanh RNN whose first step fails, in an instance made while failures are armed, with an {@link Error}
 * rather than an exception: the trial runner records an exception as a failed trial, but lets an error through, so
 * under Spark the task fails as it would on a lost executor, and Spark reruns it. (Thrown from a step, not from the
 * constructor, which the cell factory calls reflectively and whose errors it wraps in an exception.)
 */
public final class FlakyCell extends Cell {
    /** How many constructions are still to fail (a test arms it). */
    public static final AtomicInteger FAILURES_LEFT = new AtomicInteger();
    /** Constructions, the failing ones included. */
    public static final AtomicInteger CONSTRUCTED = new AtomicInteger();

    private final Gates gates;
    private final boolean fails;

    public FlakyCell(CellConfig config) {
        super("Flaky", config, "h");
        CONSTRUCTED.incrementAndGet();
        fails = FAILURES_LEFT.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        gates = gates("h");
    }

    @Override
    protected State step(Tensor in, State state) {
        if (fails) {
            throw new AssertionError("FlakyCell: an armed failure, as a lost executor");
        }
        return State.of(gates.plusHidden(in, state.h()).tanh());
    }
}
