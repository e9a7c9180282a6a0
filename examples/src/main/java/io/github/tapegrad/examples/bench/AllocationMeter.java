package io.github.tapegrad.examples.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes allocated on the heap by the calling thread plus tapegrad's kernel worker threads, from
 * {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}. Workers are found by name once, when the
 * meter is made (after warm-up, so they exist); JIT and GC threads are not counted.
 */
final class AllocationMeter {
    private static final String WORKER_PREFIX = "tapegrad-kernel-worker-";

    private final com.sun.management.ThreadMXBean bean;
    private final long[] ids;
    private final int workers;

    private AllocationMeter(com.sun.management.ThreadMXBean bean, long[] ids, int workers) {
        this.bean = bean;
        this.ids = ids;
        this.workers = workers;
    }

    /** A meter for this thread and the current workers, or null when the JVM cannot count allocations. */
    static AllocationMeter forCurrentThread() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean)
                || !bean.isThreadAllocatedMemorySupported()) {
            return null;
        }
        if (!bean.isThreadAllocatedMemoryEnabled()) {
            bean.setThreadAllocatedMemoryEnabled(true);
        }
        List<Long> found = new ArrayList<>();
        found.add(Thread.currentThread().getId());
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(WORKER_PREFIX)) {
                found.add(t.getId());
            }
        }
        long[] ids = found.stream().mapToLong(Long::longValue).toArray();
        return new AllocationMeter(bean, ids, ids.length - 1);
    }

    /** Total bytes allocated so far by the counted threads (a thread that ended counts as 0). */
    long allocatedBytes() {
        long total = 0;
        for (long v : bean.getThreadAllocatedBytes(ids)) {
            total += Math.max(0, v);
        }
        return total;
    }

    /** Which threads are counted, for the report. */
    String counted() {
        return "calling thread + " + workers + " kernel worker" + (workers == 1 ? "" : "s");
    }
}
