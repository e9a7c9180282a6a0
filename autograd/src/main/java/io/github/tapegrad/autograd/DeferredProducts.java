package io.github.tapegrad.autograd;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weight-gradient products a sweep adds into one accumulator, batched into one GEMM at the sweep's end.
 *
 * <p>A weight used at every time step gets acc += g_tᵀ·x_t from each step's matmul rule: T GEMMs whose
 * inner dimension is only the batch (32 in config A), which run at a fraction of the kernel's speed.
 * Stacking the g_t and the x_t by rows turns them into one GEMM with inner dimension T·B, the same sum
 * (in a different order, so the last bits may differ) at the kernel's full speed. Tensors are
 * immutable and the gradients here are dead to the rest of the sweep once their rule has run, so
 * keeping references until the flush is safe; the stacked copies come from the sweep's buffer pool.
 */
final class DeferredProducts {
    /** Per accumulator, in arrival order: pairs (g [k, m], x [k, n]) meaning acc [m, n] += gᵀ·x. */
    private final Map<Tensor, List<Tensor[]>> byTarget = new IdentityHashMap<>();
    private final List<Tensor> order = new ArrayList<>();

    /** Notes acc += gᵀ·x for 2-D g [k, m] and x [k, n] of acc's dtype. */
    void add(Tensor acc, Tensor g, Tensor x) {
        List<Tensor[]> list = byTarget.get(acc);
        if (list == null) {
            list = new ArrayList<>();
            byTarget.put(acc, list);
            order.add(acc);
        }
        list.add(new Tensor[] {g, x});
    }

    /** Runs every noted product: one GEMM per accumulator. */
    void flush() {
        for (Tensor acc : order) {
            List<Tensor[]> terms = byTarget.get(acc);
            int m = acc.shape().dim(0);
            int n = acc.shape().dim(1);
            if (terms.size() == 1) {
                Tensor g = Shaping.contiguous(terms.get(0)[0]);
                Tensor x = Shaping.contiguous(terms.get(0)[1]);
                Storage.gemm(true, false, m, n, g.shape().dim(0), g.storage, g.offset, x.storage, x.offset,
                        acc.storage, 0, true);
                continue;
            }
            int k = 0;
            for (Tensor[] t : terms) {
                k += t[0].shape().dim(0);
            }
            Tensor gs = Tensor.empty(Shape.of(k, m), acc.dtype());
            Tensor xs = Tensor.empty(Shape.of(k, n), acc.dtype());
            int row = 0;
            for (Tensor[] t : terms) {
                int rows = t[0].shape().dim(0);
                Tensor g = Shaping.contiguous(t[0]);
                Tensor x = Shaping.contiguous(t[1]);
                System.arraycopy(g.data(), g.offset, gs.data(), row * m, rows * m);
                System.arraycopy(x.data(), x.offset, xs.data(), row * n, rows * n);
                row += rows;
            }
            Storage.gemm(true, false, m, n, k, gs.storage, 0, xs.storage, 0, acc.storage, 0, true);
        }
        byTarget.clear();
        order.clear();
    }
}
