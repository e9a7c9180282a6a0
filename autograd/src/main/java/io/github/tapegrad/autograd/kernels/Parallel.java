package io.github.tapegrad.autograd.kernels;

/**
 * How many threads kernels may use, and a fork-join over an index range that stays inline for small work.
 *
 * <p>Work goes to persistent daemon workers that spin briefly before parking, because handing a 0.1 ms product
 * to a thread pool that has to be woken costs most of what the second thread would save. Calls that find the
 * workers busy (another caller thread, or a nested call) simply run inline, so concurrent use is safe and can
 * never deadlock.
 */
public final class Parallel {

  /**
   * Below about this much work (a GEMM passes its FLOPs, 2·m·k·n) a hand-off costs more than it saves. 4M, not
   * 1M: a whole small model ({@code J sine}, H = 32, whose step products are 2.5 MFLOP) ran 1.21× slower on 2
   * threads than on 1 with the old 1M (AVX-512; 1.22× with AVX2 code), and 0.95× (1.06×) with 4M
   * (docs/PERFORMANCE.md, "Small models and threads"). The benchmark's configs A and B have no product below 16
   * MFLOP, so they are not affected.
   */
  static final long MIN_PARALLEL_WORK = 4_000_000L;

  private static volatile int threads = Math.max(1, Runtime.getRuntime().availableProcessors());

  private Parallel() {
  }

  /** Body of a parallel loop: processes the half-open index range {@code [from, to)}. */
  @FunctionalInterface
  public interface RangeBody {
    void run(int from, int to);
  }

  /** Number of threads kernels may use (default: availableProcessors). */
  public static int threads() {
    return threads;
  }

  /** Sets the number of threads kernels may use; 1 makes every kernel single-threaded. */
  public static void setThreads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("Parallel.setThreads: thread count must be >= 1, got " + n);
    }
    threads = n;
  }

  /**
   * Runs {@code body} over {@code [0, n)}, split into contiguous chunks (one per thread, sizes differing by at most
   * one) when {@code n * costPerItem} is large enough to pay for the hand-off; else as a single inline call.
   * Returns after every chunk has finished; the first exception thrown by any chunk is rethrown.
   */
  public static void forRange(int n, long costPerItem, RangeBody body) {
    if (n < 0 || costPerItem < 0) {
      throw new IllegalArgumentException(
          "Parallel.forRange: n and costPerItem must be >= 0, got n=" + n + ", costPerItem=" + costPerItem);
    }
    if (n == 0) {
      return;
    }
    int chunks = Math.min(threads, n);
    boolean worthIt = costPerItem >= MIN_PARALLEL_WORK || (long) n * costPerItem >= MIN_PARALLEL_WORK;
    if (chunks <= 1 || !worthIt) {
      body.run(0, n);
      return;
    }
    WorkerPool.INSTANCE.run(n, chunks, body);
  }
}
