package io.github.tapegrad.examples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The individually timed steps of one implementation.
 *
 * @param nanos each measured step's wall time, in run order
 * @param allocatedBytesPerStep mean heap bytes allocated per measured step, or -1 when not measurable
 * @param allocationScope which threads the allocation figure covers
 */
record Measurement(long[] nanos, double allocatedBytesPerStep, String allocationScope) {

    Measurement {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("Measurement: needs at least one timed step");
        }
        nanos = nanos.clone();
    }

    /**
     * Times {@code measure} steps after {@code warmup} untimed ones; allocation is read outside the timed
     * window. No System.gc() in between: a full collection shrinks the heap, and the timed steps would then
     * pay page faults to grow it again (measured: config A autograd 33k tokens/s median with it, see README);
     * a training loop never calls it either.
     */
    static Measurement run(Workload workload, int warmup, int measure) {
        return run(workload, warmup, measure, false);
    }

    /**
     * As {@link #run(Workload, int, int)}; with {@code cpuClock} each step is timed by the calling thread's CPU time
     * instead of the wall clock: the work the step did, whatever else the machine runs (with kernel worker threads
     * it would miss their share, so the caller uses it with one kernel thread only).
     */
    static Measurement run(Workload workload, int warmup, int measure, boolean cpuClock) {
        ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
        if (cpuClock && !threadBean.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot read a thread's CPU time");
        }
        for (int i = 0; i < warmup; i++) {
            workload.step();
        }
        AllocationMeter meter = AllocationMeter.forCurrentThread();
        long[] nanos = new long[measure];
        long allocated = 0;
        for (int i = 0; i < measure; i++) {
            long before = meter == null ? 0 : meter.allocatedBytes();
            long start = cpuClock ? threadBean.getCurrentThreadCpuTime() : System.nanoTime();
            workload.step();
            long end = cpuClock ? threadBean.getCurrentThreadCpuTime() : System.nanoTime();
            allocated += meter == null ? 0 : meter.allocatedBytes() - before;
            nanos[i] = end - start;
        }
        return new Measurement(nanos, meter == null ? -1 : (double) allocated / measure,
                meter == null ? "not measurable on this JVM" : meter.counted());
    }

    double medianMillis() {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        return median / 1e6;
    }

    double minMillis() {
        return Arrays.stream(nanos).min().getAsLong() / 1e6;
    }

    double maxMillis() {
        return Arrays.stream(nanos).max().getAsLong() / 1e6;
    }
}
