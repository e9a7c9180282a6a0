package io.github.tapegrad.examples.bench;

/** One implementation of the benchmarked step, built from a {@link BenchData} it copies. */
interface Workload {

    /** "autograd", "custom", "fused", or a cell's name. */
    String name();

    /** One step, recording what the agreement check compares (call once, first, before timing). */
    Snapshot checkedStep();

    /** One step as timed: config A forward, backward, clip and update; config B forward and backward. */
    void step();
}
