package io.github.tapegrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The product's bits never depend on how it was split: 1, 2 or 3 threads (and a pool found busy, which runs the same
 * chunks inline) give the same bits for every variant, both dtypes and every kernel family. Shapes are large enough
 * to be split, with ragged edges in both directions.
 */
class GemmDeterminismPropertiesTest {

  private final int defaultThreads = Parallel.threads();

  @AfterEach
  void restoreThreads() {
    Parallel.setThreads(defaultThreads);
  }

  @Test
  void sameBitsWhateverTheThreadCount() {
    qt().withExamples(30).forAll(integers().between(1, 70), integers().between(1, 300), integers().between(40, 400),
            integers().between(0, 7))
        .checkAssert((m, n, k, variant) -> {
          long seed = 1_000_003L * m + 1009L * n + 17L * k + variant;
          boolean tA = (variant & 1) != 0;
          boolean tB = (variant & 2) != 0;
          boolean acc = (variant & 4) != 0;
          for (GemmBackend backend : Backends.available()) {
            float[] c32 = null;
            double[] c64 = null;
            for (int threads = 1; threads <= 3; threads++) {
              Parallel.setThreads(threads);
              GemmCase f = new GemmCase(tA, tB, m, n, k, 2, acc, seed);
              GemmDriver.gemm(backend, tA, tB, m, n, k, f.a32, 2, f.b32, 2, f.c32, 2, acc);
              GemmDriver.gemm(backend, tA, tB, m, n, k, f.a64, 2, f.b64, 2, f.c64, 2, acc);
              String what = backend.name() + " " + m + "x" + n + "x" + k + " variant " + variant
                  + ": " + threads + " threads vs 1";
              if (c32 == null) {
                c32 = f.c32;
                c64 = f.c64;
              } else {
                assertArrayEquals(c32, f.c32, what + " (float32)");
                assertArrayEquals(c64, f.c64, what + " (float64)");
              }
            }
          }
        });
  }

  @Test
  void sameBitsWhateverTheRegisterTile() {
    org.junit.jupiter.api.Assumptions.assumeTrue(Backends.vectorModulePresent(), "needs jdk.incubator.vector");
    qt().withExamples(30).forAll(integers().between(1, 70), integers().between(1, 300), integers().between(1, 900),
            integers().between(0, 7))
        .checkAssert((m, n, k, variant) -> {
          long seed = 7_000_003L * m + 1013L * n + 19L * k + variant;
          boolean tA = (variant & 1) != 0;
          boolean tB = (variant & 2) != 0;
          boolean acc = (variant & 4) != 0;
          float[] c32 = null;
          double[] c64 = null;
          for (GemmTile tile : GemmTile.values()) {
            GemmBackend backend = new VectorApiBackend(tile);
            GemmCase f = new GemmCase(tA, tB, m, n, k, 1, acc, seed);
            GemmDriver.gemm(backend, tA, tB, m, n, k, f.a32, 1, f.b32, 1, f.c32, 1, acc);
            GemmDriver.gemm(backend, tA, tB, m, n, k, f.a64, 1, f.b64, 1, f.c64, 1, acc);
            if (c32 == null) {
              c32 = f.c32;
              c64 = f.c64;
            } else {
              String what = m + "x" + n + "x" + k + " variant " + variant + ": tile " + tile.label() + " vs 4x4";
              assertArrayEquals(c32, f.c32, what + " (float32)");
              assertArrayEquals(c64, f.c64, what + " (float64)");
            }
          }
        });
  }
}
