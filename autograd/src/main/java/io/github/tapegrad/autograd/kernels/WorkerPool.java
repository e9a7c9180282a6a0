package io.github.tapegrad.autograd.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The persistent workers behind {@link Parallel#forRange}. One caller at a time owns the pool (a CAS on
 * {@link #busy}); anyone else, including a chunk that itself calls forRange, runs inline instead of waiting, so
 * there is no queue and no way to deadlock. The caller always runs chunk 0 itself.
 */
final class WorkerPool {

  static final WorkerPool INSTANCE = new WorkerPool();

  private final AtomicBoolean busy = new AtomicBoolean();
  /** Only touched by the owner of {@link #busy}. */
  private final List<Worker> workers = new ArrayList<>();

  private WorkerPool() {
  }

  void run(int n, int chunks, Parallel.RangeBody body) {
    if (!busy.compareAndSet(false, true)) {
      // the same chunks, one after another: results never depend on who was busy
      for (int w = 0; w < chunks; w++) {
        body.run(chunkStart(n, chunks, w), chunkStart(n, chunks, w + 1));
      }
      return;
    }
    try {
      while (workers.size() < chunks - 1) {
        workers.add(new Worker(workers.size() + 1));
      }
      for (int w = 1; w < chunks; w++) {
        workers.get(w - 1).post(body, chunkStart(n, chunks, w), chunkStart(n, chunks, w + 1));
      }
      Throwable failure = null;
      try {
        body.run(0, chunkStart(n, chunks, 1));
      } catch (Throwable t) {
        failure = t;
      }
      // Always wait for every posted chunk before releasing the pool, even when chunk 0 failed.
      for (int w = 1; w < chunks; w++) {
        Throwable t = workers.get(w - 1).awaitDone();
        if (failure == null) {
          failure = t;
        } else if (t != null && t != failure) {
          failure.addSuppressed(t);
        }
      }
      rethrow(failure);
    } finally {
      busy.set(false);
    }
  }

  static int chunkStart(int n, int chunks, int index) {
    return (int) ((long) n * index / chunks);
  }

  private static void rethrow(Throwable failure) {
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    if (failure != null) {
      throw new IllegalStateException("Parallel.forRange: a chunk failed", failure);
    }
  }
}
