package io.github.tapegrad.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;

/**
 * One thread's spare arrays, by element type and length, and its stack of open {@link Arena}s. Every storage an
 * op allocates draws from here ({@link Storage#allocate}) and is noted in the innermost arena; an arena that
 * closes retires the storages it still owns and gives their arrays back, so the next step's ops of the same
 * shapes get them again instead of new arrays the JVM must zero and later collect.
 *
 * <p>An array comes back only through {@link Storage#recycle}, which first detaches it from its one storage: a
 * pooled array is never reachable through a tensor, so handing it out again cannot change any tensor's values.
 */
final class BufferPool {
    /**
     * Upper bound on what one thread keeps pooled: an eighth of the maximum heap, at least 256 MB. A fixed
     * 256 MB was too small for config B (I = H = 512, B = 64, T = 100): the largest buffers were dropped
     * and reallocated every step (measured per step: float64 autograd 562 vs 359 MB, the float32 custom
     * cell 483 vs 430 MB).
     */
    private static final long MAX_POOLED_BYTES = Math.max(256L << 20, Runtime.getRuntime().maxMemory() / 8);

    private static final ThreadLocal<BufferPool> CURRENT = ThreadLocal.withInitial(BufferPool::new);

    private final Shelves floats = new Shelves();
    private final Shelves doubles = new Shelves();
    private long pooledBytes;
    private long reused;
    private long given;

    /** The innermost open arena (null: storages allocated now belong to the GC). */
    private Arena arena;
    /** Closed arenas kept for reuse, so opening one allocates nothing after warm-up. */
    private final ArrayDeque<Arena> spare = new ArrayDeque<>();
    /** Leaf gradients made in closed step scopes, recycled once their leaf no longer holds them. */
    final LeafGradients leafGradients = new LeafGradients();

    private BufferPool() {
    }

    static BufferPool current() {
        return CURRENT.get();
    }

    /** A float buffer of length n, zero-filled when {@code zeroed} (fresh arrays already are). */
    float[] floats(int n, boolean zeroed) {
        float[] a = (float[]) floats.take(n);
        if (a == null) {
            return new float[n];
        }
        took(4L * n);
        if (zeroed) {
            java.util.Arrays.fill(a, 0f);
        }
        return a;
    }

    double[] doubles(int n, boolean zeroed) {
        double[] a = (double[]) doubles.take(n);
        if (a == null) {
            return new double[n];
        }
        took(8L * n);
        if (zeroed) {
            java.util.Arrays.fill(a, 0.0);
        }
        return a;
    }

    private void took(long bytes) {
        pooledBytes -= bytes;
        reused++;
    }

    /** Notes a new storage in the innermost open arena, which will recycle it. */
    void note(Storage s) {
        if (arena != null) {
            s.arena = arena;
            arena.storages.add(s);
        }
    }

    /**
     * Takes back a float[] or double[] that no storage holds any more ({@link Storage#recycle} detached it).
     * Empty arrays and arrays over the cap are left to the GC.
     */
    void give(Object a) {
        int length = a instanceof float[] f ? f.length : ((double[]) a).length;
        long bytes = (a instanceof float[] ? 4L : 8L) * length;
        if (length == 0 || pooledBytes + bytes > MAX_POOLED_BYTES) {
            return;
        }
        pooledBytes += bytes;
        given++;
        (a instanceof float[] ? floats : doubles).put(length, a);
    }

    /** Bytes this thread's pool holds. */
    long pooledBytes() {
        return pooledBytes;
    }

    /** How many allocations so far got a pooled array instead of a new one. */
    long reused() {
        return reused;
    }

    /** How many arrays so far came back to the pool. */
    long given() {
        return given;
    }

    // ---------------------------------------------------------------- arenas

    /** Opens an arena inside the current one; storages allocated until it closes are noted in it. */
    Arena open(boolean step) {
        Arena a = spare.isEmpty() ? new Arena() : spare.pop();
        a.open(arena, step);
        arena = a;
        return a;
    }

    /** The innermost open arena, or null. */
    Arena arena() {
        return arena;
    }

    /** The innermost open step scope's arena, or null (leaf gradients set now are recorded there). */
    Arena stepArena() {
        for (Arena a = arena; a != null; a = a.parent) {
            if (a.step) {
                return a;
            }
        }
        return null;
    }

    /** Closes the innermost arena (the caller checked it is {@code a}) and keeps it for reuse. */
    void close(Arena a) {
        arena = a.parent;
        a.recycle(this);
        spare.push(a);
    }

    /** Arrays of one element type by length: open addressing on the length, so a lookup boxes nothing. */
    private static final class Shelves {
        private int[] lengths = new int[64]; // 0 marks a free slot (empty arrays are never pooled)
        private ArrayDeque<?>[] stacks = new ArrayDeque<?>[64];
        private int used;

        Object take(int n) {
            if (n == 0) {
                return null;
            }
            int i = slot(n);
            return lengths[i] == n ? stacks[i].poll() : null;
        }

        @SuppressWarnings("unchecked")
        void put(int n, Object a) {
            int i = slot(n);
            if (lengths[i] != n) {
                if (2 * (used + 1) > lengths.length) {
                    grow();
                    i = slot(n);
                }
                lengths[i] = n;
                stacks[i] = new ArrayDeque<>();
                used++;
            }
            ((ArrayDeque<Object>) stacks[i]).push(a); // last in, first out: the most recently used array is warm
        }

        /** Where n is, or the free slot where it would go. */
        private int slot(int n) {
            int mask = lengths.length - 1;
            int i = (n * 0x9E3779B9) >>> 7 & mask;
            while (lengths[i] != 0 && lengths[i] != n) {
                i = (i + 1) & mask;
            }
            return i;
        }

        private void grow() {
            int[] oldLengths = lengths;
            ArrayDeque<?>[] oldStacks = stacks;
            lengths = new int[oldLengths.length * 2];
            stacks = new ArrayDeque<?>[oldLengths.length * 2];
            for (int j = 0; j < oldLengths.length; j++) {
                if (oldLengths[j] != 0) {
                    int i = slot(oldLengths[j]);
                    lengths[i] = oldLengths[j];
                    stacks[i] = oldStacks[j];
                }
            }
        }
    }

    /**
     * The gradients backward (or setGrad) gave to leaves inside step scopes that have closed. A scope cannot
     * recycle them when it closes: the optimizer and the next step read them. It hands them here, and each later
     * scope's close recycles those no leaf holds any more (zeroGrad cleared it, a clip replaced it).
     */
    static final class LeafGradients {
        /**
         * Weak: a model dropped without zeroGrad must not stay reachable through this thread's list. An entry whose
         * slot the GC has taken is dropped, its storage left to the GC too (the caller may still hold that tensor).
         */
        private final ArrayList<java.lang.ref.WeakReference<GradSlot>> slots = new ArrayList<>();
        private final ArrayList<Storage> storages = new ArrayList<>();
        /** Marks storages a leaf still holds during {@link #sweep} (storages have no spare field for it). */
        private final java.util.IdentityHashMap<Storage, Boolean> held = new java.util.IdentityHashMap<>();
        private final java.util.IdentityHashMap<GradSlot, Boolean> keptSlots = new java.util.IdentityHashMap<>();

        void add(GradSlot slot, Storage s) {
            slots.add(new java.lang.ref.WeakReference<>(slot));
            storages.add(s);
        }

        /** Recycles every listed storage no listed slot holds any more; keeps one entry per slot still holding one. */
        void sweep() {
            held.clear();
            for (int i = 0; i < slots.size(); i++) {
                GradSlot slot = slots.get(i).get();
                Tensor g = slot == null ? null : slot.get();
                if (g != null && g.storage == storages.get(i)) {
                    held.put(storages.get(i), Boolean.TRUE);
                }
            }
            keptSlots.clear();
            int kept = 0;
            for (int i = 0; i < slots.size(); i++) {
                java.lang.ref.WeakReference<GradSlot> ref = slots.get(i);
                GradSlot slot = ref.get();
                Storage s = storages.get(i);
                if (slot == null) {
                    continue; // the leaf is gone: drop the entry and leave its gradient to the GC
                }
                Tensor g = slot.get();
                if (g != null && g.storage == s && keptSlots.put(slot, Boolean.TRUE) == null) {
                    slots.set(kept, ref);
                    storages.set(kept, s);
                    kept++;
                } else if (!held.containsKey(s) && s.arena == Arena.LEAF_GRADIENT) { // not kept by the user since
                    s.recycle();
                }
            }
            for (int i = slots.size() - 1; i >= kept; i--) {
                slots.remove(i);
                storages.remove(i);
            }
            keptSlots.clear();
            held.clear();
        }

        int size() {
            return slots.size();
        }
    }
}
