package io.github.tapegrad.autograd;

import java.util.ArrayList;

/**
 * The storages one thread allocated while this arena was its innermost open one: a backward sweep's (its
 * temporaries) or a step scope's ({@link StepScope}: the whole step). Closing recycles every storage the arena
 * still owns ({@code Storage.arena == this}): the storage is retired, so a read or write through any tensor or view
 * over it throws, and its array goes back to the {@link BufferPool}. What must outlive the arena stops being
 * owned first: a sweep's results pass to the enclosing arena ({@link #escape}), a kept tensor to the GC, and a
 * step's leaf gradients to {@link BufferPool.LeafGradients}, which recycles each once its leaf drops it.
 */
final class Arena {
    /** The owner of a leaf gradient made in a step scope that has closed (see {@link BufferPool.LeafGradients}). */
    static final Arena LEAF_GRADIENT = new Arena();

    Arena parent;
    /** A step scope (vs a backward sweep). */
    boolean step;
    final ArrayList<Storage> storages = new ArrayList<>();
    /** Step scopes only: the leaves given a gradient while open (duplicates are harmless). */
    final ArrayList<GradSlot> leafSlots = new ArrayList<>();

    void open(Arena enclosing, boolean isStep) {
        parent = enclosing;
        step = isStep;
    }

    /** A storage this arena owns outlives it: the enclosing arena decides about it, or the GC when there is none. */
    void escape(Storage s) {
        if (s.arena != this) {
            return;
        }
        s.arena = parent;
        if (parent != null) {
            parent.storages.add(s);
        }
    }

    /** Recycles what this arena still owns (see the class comment); leaves it empty for reuse. */
    void recycle(BufferPool pool) {
        if (step) {
            Arena enclosingStep = parent == null ? null : pool.stepArena();
            for (GradSlot slot : leafSlots) {
                Tensor g = slot.get();
                if (g != null && (g.storage.arena == this || g.storage.arena == LEAF_GRADIENT)) {
                    g.storage.arena = LEAF_GRADIENT;
                    pool.leafGradients.add(slot, g.storage);
                } else if (g != null && enclosingStep != null) {
                    enclosingStep.leafSlots.add(slot); // made in an enclosing scope: that one decides at its close
                }
            }
            leafSlots.clear();
        }
        for (int i = 0, n = storages.size(); i < n; i++) {
            Storage s = storages.get(i);
            if (s.arena == this) {
                s.recycle();
            }
        }
        storages.clear();
        if (step) {
            pool.leafGradients.sweep();
        }
        parent = null;
    }
}
