package io.github.tapegrad.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recycles the storage of backward's temporaries. A reverse sweep that is not recording allocates many
 * gradient buffers that are dead when it ends: everything except what it hands out (leaf gradients,
 * the results of {@link Grad#grad}). The sweep opens an arena; each buffer allocated meanwhile is
 * noted; at the end the ones that did not escape (checked by array identity, so a reshape of a buffer
 * escapes it too) go back to a per-thread pool that later allocations of the same length draw from.
 * A training step then reuses last step's gradient buffers instead of allocating (and the JVM zeroing
 * and collecting) tens of megabytes.
 */
final class BufferPool {
    /** Small arrays are cheaper to allocate than to track. */
    private static final int MIN_LENGTH = 1024;
    /**
     * Upper bound on what one thread keeps pooled: an eighth of the maximum heap, at least 256 MB. A fixed
     * 256 MB was too small for config B (I = H = 512, B = 64, T = 100): the largest buffers were dropped
     * and reallocated every step (measured per step: float64 autograd 562 vs 359 MB, the float32 custom
     * cell 483 vs 430 MB).
     */
    private static final long MAX_POOLED_BYTES = Math.max(256L << 20, Runtime.getRuntime().maxMemory() / 8);

    private static final ThreadLocal<BufferPool> CURRENT = ThreadLocal.withInitial(BufferPool::new);

    private final Map<Integer, ArrayDeque<float[]>> floats = new HashMap<>();
    private final Map<Integer, ArrayDeque<double[]>> doubles = new HashMap<>();
    private long pooledBytes;
    private List<Object> arena;

    private BufferPool() {
    }

    static BufferPool current() {
        return CURRENT.get();
    }

    /** A float buffer of length n, zero-filled when {@code zeroed} (fresh arrays already are). */
    float[] floats(int n, boolean zeroed) {
        float[] a = null;
        if (n >= MIN_LENGTH) {
            ArrayDeque<float[]> q = floats.get(n);
            a = q == null ? null : q.poll();
        }
        if (a == null) {
            a = new float[n];
        } else {
            pooledBytes -= 4L * n;
            if (zeroed) {
                java.util.Arrays.fill(a, 0f);
            }
        }
        if (arena != null && n >= MIN_LENGTH) {
            arena.add(a);
        }
        return a;
    }

    double[] doubles(int n, boolean zeroed) {
        double[] a = null;
        if (n >= MIN_LENGTH) {
            ArrayDeque<double[]> q = doubles.get(n);
            a = q == null ? null : q.poll();
        }
        if (a == null) {
            a = new double[n];
        } else {
            pooledBytes -= 8L * n;
            if (zeroed) {
                java.util.Arrays.fill(a, 0.0);
            }
        }
        if (arena != null && n >= MIN_LENGTH) {
            arena.add(a);
        }
        return a;
    }

    /** Bytes this thread's pool holds. */
    long pooledBytes() {
        return pooledBytes;
    }

    /** Starts noting allocations; returns the enclosing arena (sweeps can nest) to pass to {@link #close}. */
    List<Object> open() {
        List<Object> outer = arena;
        arena = new ArrayList<>();
        return outer;
    }

    /** Ends the current arena: every noted buffer not in {@code escaped} returns to the pool. */
    void close(List<Object> outer, IdentityHashMap<Object, Boolean> escaped) {
        List<Object> noted = arena;
        arena = outer;
        for (Object a : noted) {
            if (escaped.containsKey(a)) {
                if (outer != null) {
                    outer.add(a); // the enclosing sweep decides about it
                }
                continue;
            }
            give(a);
        }
    }

    /**
     * Takes back a float[] or double[] that nothing references any more (the caller vouches for it: e.g.
     * a buffer only a released node's rule could read). Small arrays and arrays over the cap are left to GC.
     */
    void give(Object a) {
        long bytes = a instanceof float[] f ? 4L * f.length : 8L * ((double[]) a).length;
        int length = a instanceof float[] f ? f.length : ((double[]) a).length;
        if (length < MIN_LENGTH || pooledBytes + bytes > MAX_POOLED_BYTES || noted(a)) {
            return;
        }
        pooledBytes += bytes;
        if (a instanceof float[] f) {
            floats.computeIfAbsent(f.length, k -> new ArrayDeque<>()).push(f);
        } else {
            double[] d = (double[]) a;
            doubles.computeIfAbsent(d.length, k -> new ArrayDeque<>()).push(d);
        }
    }

    /** Whether the open arena already noted {@code a} (it would then be pooled twice when the arena closes). */
    private boolean noted(Object a) {
        if (arena != null) {
            for (Object x : arena) {
                if (x == a) {
                    return true;
                }
            }
        }
        return false;
    }
}
