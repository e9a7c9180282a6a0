package io.github.tapegrad.autograd.kernels;

import java.util.concurrent.locks.LockSupport;

/**
 * One daemon worker thread of {@link WorkerPool}: takes one range at a time from its single owner.
 *
 * <p>Hand-off is a pair of sequence numbers. The owner writes the task fields, then bumps {@link #posted}; the worker
 * spins on it for {@link #SPIN_NANOS} before parking. Sleeping and waking use the Dekker pattern on volatiles (the
 * sleeper publishes its flag, then re-reads the sequence; the poster publishes the sequence, then reads the flag), so
 * a wake-up can never be lost. Completion is signalled the same way through {@link #done} and {@link #waiter}.
 */
final class Worker {

  /** How long an idle worker keeps spinning: covers the gaps between the GEMMs of one training step. */
  static final long SPIN_NANOS = 100_000L;

  private final Thread thread;
  private volatile long posted;
  private volatile long done;
  private volatile boolean sleeping;
  private volatile Thread waiter;
  // Task fields: written by the owner before the volatile write of `posted`, read by the worker after reading it.
  private Parallel.RangeBody body;
  private int from;
  private int to;
  // Written by the worker before the volatile write of `done`.
  private Throwable failure;

  Worker(int index) {
    thread = new Thread(this::loop, "tapegrad-kernel-worker-" + index);
    thread.setDaemon(true);
    thread.start();
  }

  /** Owner only: hands over {@code body} on {@code [from, to)}; the previous task must have completed. */
  void post(Parallel.RangeBody body, int from, int to) {
    this.body = body;
    this.from = from;
    this.to = to;
    this.failure = null;
    posted = posted + 1;
    if (sleeping) {
      LockSupport.unpark(thread);
    }
  }

  /** Owner only: waits until the last posted task has finished; returns what it threw, or null. */
  Throwable awaitDone() {
    long target = posted;
    long deadline = System.nanoTime() + SPIN_NANOS;
    int spins = 0;
    while (done != target) {
      if ((++spins & 0xFF) == 0 && System.nanoTime() > deadline) {
        waiter = Thread.currentThread();
        while (done != target) {
          LockSupport.park(this);
        }
        waiter = null;
        break;
      }
      Thread.onSpinWait();
    }
    return failure;
  }

  private void loop() {
    long seen = 0;
    while (true) {
      seen = awaitPosted(seen);
      try {
        body.run(from, to);
      } catch (Throwable t) {
        failure = t;
      }
      body = null;
      done = seen;
      Thread w = waiter;
      if (w != null) {
        LockSupport.unpark(w);
      }
    }
  }

  private long awaitPosted(long seen) {
    long deadline = System.nanoTime() + SPIN_NANOS;
    int spins = 0;
    while (true) {
      long p = posted;
      if (p != seen) {
        return p;
      }
      if ((++spins & 0xFF) == 0 && System.nanoTime() > deadline) {
        sleeping = true;
        if (posted == seen) {
          LockSupport.park(this);
        }
        sleeping = false;
        deadline = System.nanoTime() + SPIN_NANOS;
      } else {
        Thread.onSpinWait();
      }
    }
  }
}
