package io.github.tapegrad.autograd;

import io.github.tapegrad.autograd.kernels.MatMul;
import io.github.tapegrad.autograd.kernels.PackedMatrix;

/**
 * The GEMM-packed forms of one leaf's storage (a parameter's, in practice), so that a weight multiplied at each step
 * of a sequence is packed once per version instead of once per product. An LSTM multiplies its recurrent weight
 * W_hh at each of T steps forward (as h·W_hhᵀ) and again backward (dG·W_hh); at a batch of 32, packing the
 * transposed weight cost about as much as the product.
 *
 * <p>Safety rests on the storage's version counter: every write to a leaf's storage goes through an in-place op,
 * which bumps it (so do the gradient accumulations, which never target a parameter's own storage). An entry is valid
 * for one version only; the first product at a new version runs unpacked and only the second packs (into the same
 * array as before), so a B used once never costs a packing. The packed and unpacked products give the same bits,
 * so when the cache hits never changes a result. At most two forms per storage (the transposed one forward, the plain
 * one backward). Lookups are synchronized: a model may be shared by threads that only read it.
 */
final class PackCache {
    private static final int ENTRIES = 2;

    private static final class Entry {
        final boolean trans;
        final int offset;
        final int k;
        final int n;
        int version = -1;
        PackedMatrix packed;
        boolean current;

        Entry(boolean trans, int offset, int k, int n) {
            this.trans = trans;
            this.offset = offset;
            this.k = k;
            this.n = n;
        }
    }

    private final Entry[] entries = new Entry[ENTRIES];
    private int next;
    private int packings;

    /**
     * The packed op(B) for a product reading {@code storage} at {@code offset} as [k×n] (stored transposed when
     * {@code trans}), or null when the product should run unpacked (first use at this version).
     */
    synchronized PackedMatrix lookup(Storage storage, boolean trans, int offset, int k, int n) {
        Entry e = find(trans, offset, k, n);
        if (e == null) {
            e = new Entry(trans, offset, k, n);
            entries[next] = e;
            next = (next + 1) % ENTRIES;
        }
        int version = storage.version();
        if (e.version != version) {
            e.version = version;
            e.current = false;
            return null;
        }
        if (!e.current) {
            Object b = storage.array();
            e.packed = b instanceof float[] f ? MatMul.pack(trans, k, n, f, offset, e.packed)
                    : MatMul.pack(trans, k, n, (double[]) b, offset, e.packed);
            e.current = true;
            packings++;
        }
        return e.packed;
    }

    /** How many times this cache has packed (for tests: once per version and form). */
    synchronized int packings() {
        return packings;
    }

    private Entry find(boolean trans, int offset, int k, int n) {
        for (Entry e : entries) {
            if (e != null && e.trans == trans && e.offset == offset && e.k == k && e.n == n) {
                return e;
            }
        }
        return null;
    }
}
