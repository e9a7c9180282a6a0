package io.github.tapegrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelPropertiesTest {

  private final int defaultThreads = Parallel.threads();

  @AfterEach
  void restoreThreads() {
    Parallel.setThreads(defaultThreads);
  }

  @Test
  void forRangeCoversEveryIndexExactlyOnce() {
    qt().withExamples(200).forAll(integers().between(0, 5000), integers().between(1, 6), integers().between(0, 2))
        .checkAssert((n, threads, costLevel) -> {
          Parallel.setThreads(threads);
          long cost = new long[] {1, 1_000, Parallel.MIN_PARALLEL_WORK}[costLevel];
          AtomicIntegerArray hits = new AtomicIntegerArray(n);
          Parallel.forRange(n, cost, (from, to) -> {
            for (int i = from; i < to; i++) {
              hits.incrementAndGet(i);
            }
          });
          for (int i = 0; i < n; i++) {
            assertEquals(1, hits.get(i), "n=" + n + " threads=" + threads + " cost=" + cost + ": index " + i);
          }
        });
  }

  @Test
  void chunksAreContiguousAndBalanced() {
    qt().withExamples(200).forAll(integers().between(1, 10_000), integers().between(1, 16))
        .checkAssert((n, chunks) -> {
          int parts = Math.min(n, chunks);
          assertEquals(0, WorkerPool.chunkStart(n, parts, 0));
          assertEquals(n, WorkerPool.chunkStart(n, parts, parts));
          for (int w = 0; w < parts; w++) {
            int size = WorkerPool.chunkStart(n, parts, w + 1) - WorkerPool.chunkStart(n, parts, w);
            assertEquals(n / parts, size, 1, "n=" + n + " chunks=" + parts + ": chunk " + w);
          }
        });
  }
}
