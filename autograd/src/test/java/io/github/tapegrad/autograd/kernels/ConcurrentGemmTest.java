package io.github.tapegrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Four threads multiplying at once (big enough to want the workers) all get correct products. */
class ConcurrentGemmTest {

  @Test
  void concurrentCallsFromFourThreadsAreCorrect() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          int checked = 0;
          for (int round = 0; round < 6; round++) {
            boolean tA = (round & 1) != 0;
            boolean tB = ((round + thread) & 2) != 0;
            boolean acc = ((round + thread) & 4) != 0;
            int m = 40 + 7 * thread;
            int n = 200 + 13 * round;
            int k = 90 + round;
            GemmCase f = new GemmCase(tA, tB, m, n, k, 3, acc, 1000L * thread + round);
            MatMul.gemm(tA, tB, m, n, k, f.a32, 3, f.b32, 3, f.c32, 3, acc);
            f.assertMatches(f.c32, "thread " + thread + " float32");
            MatMul.gemm(tA, tB, m, n, k, f.a64, 3, f.b64, 3, f.c64, 3, acc);
            f.assertMatches(f.c64, "thread " + thread + " float64");
            checked++;
          }
          return checked;
        }));
      }
      for (Future<Integer> r : results) {
        assertEquals(6, r.get(2, TimeUnit.MINUTES));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
