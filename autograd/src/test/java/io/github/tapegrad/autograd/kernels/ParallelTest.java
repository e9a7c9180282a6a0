package io.github.tapegrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {

  private final int defaultThreads = Parallel.threads();

  @AfterEach
  void restoreThreads() {
    Parallel.setThreads(defaultThreads);
  }

  @Test
  void defaultsToAvailableProcessors() {
    assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors()), defaultThreads);
  }

  @Test
  void rejectsNonPositiveThreadCountAndNegativeRange() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
    assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Parallel.forRange(-1, 1, (from, to) -> { }));
  }

  @Test
  void smallWorkRunsInlineAsOneRange() {
    Parallel.setThreads(4);
    int[] calls = new int[1];
    Thread caller = Thread.currentThread();
    Parallel.forRange(100, 1, (from, to) -> {
      assertEquals(caller, Thread.currentThread());
      assertEquals(0, from);
      assertEquals(100, to);
      calls[0]++;
    });
    assertEquals(1, calls[0]);
  }

  @Test
  void exceptionFromWorkerChunkReachesCallerAndPoolStaysUsable() {
    Parallel.setThreads(3);
    RuntimeException e = assertThrows(IllegalStateException.class, () ->
        Parallel.forRange(30, Parallel.MIN_PARALLEL_WORK, (from, to) -> {
          if (from > 0) {
            throw new IllegalStateException("chunk " + from);
          }
        }));
    assertTrue(e.getMessage().startsWith("chunk "), e.getMessage());
    AtomicIntegerArray hits = new AtomicIntegerArray(30);
    Parallel.forRange(30, Parallel.MIN_PARALLEL_WORK, (from, to) -> {
      for (int i = from; i < to; i++) {
        hits.incrementAndGet(i);
      }
    });
    for (int i = 0; i < 30; i++) {
      assertEquals(1, hits.get(i));
    }
  }

  @Test
  void nestedCallsRunInlineWithoutDeadlock() {
    Parallel.setThreads(2);
    AtomicIntegerArray hits = new AtomicIntegerArray(40 * 50);
    Parallel.forRange(40, Parallel.MIN_PARALLEL_WORK, (from, to) -> {
      for (int i = from; i < to; i++) {
        int row = i;
        Parallel.forRange(50, Parallel.MIN_PARALLEL_WORK, (f2, t2) -> {
          for (int j = f2; j < t2; j++) {
            hits.incrementAndGet(row * 50 + j);
          }
        });
      }
    });
    for (int i = 0; i < hits.length(); i++) {
      assertEquals(1, hits.get(i));
    }
  }
}
