package io.github.tapegrad.autograd;

/**
 * One training step's allocations, recycled when it closes ({@link Grad#step()}):
 *
 * <pre>{@code
 * try (var step = Grad.step()) {
 *     Tensor loss = lossOf(model.forward(x), y);
 *     optimizer.zeroGrad();
 *     loss.backward();
 *     GradClip.clipGradNorm(params, 1);
 *     optimizer.step();
 *     total += loss.item();            // read what you need inside
 *     state = step.keep(finalState);   // or keep it
 * }
 * }</pre>
 *
 * <p>Every tensor an op makes inside the scope (forward activations, backward temporaries, the loss, optimizer
 * temporaries) is recycled when the scope closes: its array goes to this thread's pool, which the next step's ops
 * of the same shapes draw from, so after warm-up a step allocates almost nothing and the GC has nothing to copy.
 * A recycled tensor is retired: reading, writing, viewing it or running backward through it throws
 * {@link IllegalStateException}, so a buffer is never reused while a tensor can still read it.
 *
 * <p>What survives: tensors passed to {@link #keep}; leaves' gradients ({@code p.grad()}, recycled at a later
 * close once zeroGrad or a clip has replaced them); a leaf marked {@code requiresGrad_(true)} (a parameter);
 * optimizer state (nn's optimizers keep their buffers); and everything made before the scope opened. Scopes
 * nest (an inner one recycles what was made inside it) and belong to the thread that opened them.
 */
public final class StepScope implements Grad.Scope {
    private final BufferPool pool;
    private final Arena arena;
    private final Thread thread;
    private boolean closed;

    StepScope(BufferPool pool) {
        this.pool = pool;
        this.arena = pool.open(true);
        this.thread = Thread.currentThread();
    }

    /** Exempts t (and every view sharing its storage) from recycling; returns t. Same as {@link Grad#keep}. */
    public Tensor keep(Tensor t) {
        return Grad.keep(t);
    }

    /** Recycles what the step made (see the class comment). */
    @Override
    public void close() {
        if (closed) {
            throw new IllegalStateException("Grad.step(): this scope was already closed");
        }
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("Grad.step(): a scope opened on thread " + thread.getName()
                    + " cannot be closed on thread " + Thread.currentThread().getName()
                    + ": its tensors and buffer pool belong to the thread that opened it");
        }
        if (pool.arena() != arena) {
            throw new IllegalStateException("Grad.step(): a scope opened inside this one is still open; close scopes"
                    + " in the reverse order of opening (try-with-resources does)");
        }
        closed = true;
        pool.close(arena);
    }
}
