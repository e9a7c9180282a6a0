package io.github.tapegrad.autograd.kernels;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;

/**
 * Every transpose/accumulate variant, both dtypes and every available backend agree with a naive triple loop on
 * generated sizes 1–70 (ragged against every vector width) at offsets with NaN-filled slack around each region.
 */
class GemmPropertiesTest {

  @Test
  void driverMatchesNaiveLoopForEveryVariant() {
    qt().withExamples(40).forAll(integers().between(1, 70), integers().between(1, 70),
            integers().between(1, 70), integers().between(0, 7))
        .checkAssert((m, n, k, off) -> {
          for (GemmBackend backend : Backends.available()) {
            forEachVariant(m, n, k, off, (tA, tB, acc, seed) -> {
              GemmCase f = new GemmCase(tA, tB, m, n, k, off, acc, seed);
              GemmDriver.gemm(backend, tA, tB, m, n, k, f.a32, off, f.b32, off, f.c32, off, acc);
              f.assertMatches(f.c32, backend.name() + " driver float32");
              GemmDriver.gemm(backend, tA, tB, m, n, k, f.a64, off, f.b64, off, f.c64, off, acc);
              f.assertMatches(f.c64, backend.name() + " driver float64");
            });
          }
        });
  }

  /** Calls the single-threaded kernels directly, so tiny shapes reach them too (the driver short-cuts those). */
  @Test
  void kernelsMatchNaiveLoopForEveryVariant() {
    qt().withExamples(60).forAll(integers().between(1, 70), integers().between(1, 70),
            integers().between(1, 70), integers().between(0, 7))
        .checkAssert((m, n, k, off) -> {
          for (GemmBackend backend : Backends.available()) {
            forEachVariant(m, n, k, off, (tA, tB, acc, seed) -> {
              GemmCase f = new GemmCase(tA, tB, m, n, k, off, acc, seed);
              int lda = tA ? m : k;
              int ldb = tB ? k : n;
              backend.gemm(tA, tB, m, n, k, f.a32, off, lda, f.b32, off, ldb, f.c32, off, n, acc);
              f.assertMatches(f.c32, backend.name() + " kernel float32");
              backend.gemm(tA, tB, m, n, k, f.a64, off, lda, f.b64, off, ldb, f.c64, off, n, acc);
              f.assertMatches(f.c64, backend.name() + " kernel float64");
            });
          }
        });
  }

  @Test
  void publicEntryPointMatchesNaiveLoopOnTinyShapes() {
    qt().withExamples(100).forAll(integers().between(1, 8), integers().between(1, 8),
            integers().between(1, 8), integers().between(0, 3))
        .checkAssert((m, n, k, off) -> forEachVariant(m, n, k, off, (tA, tB, acc, seed) -> {
          GemmCase f = new GemmCase(tA, tB, m, n, k, off, acc, seed);
          MatMul.gemm(tA, tB, m, n, k, f.a32, off, f.b32, off, f.c32, off, acc);
          f.assertMatches(f.c32, "MatMul float32");
          MatMul.gemm(tA, tB, m, n, k, f.a64, off, f.b64, off, f.c64, off, acc);
          f.assertMatches(f.c64, "MatMul float64");
        }));
  }

  interface Variant {
    void check(boolean transA, boolean transB, boolean accumulate, long seed);
  }

  static void forEachVariant(int m, int n, int k, int off, Variant variant) {
    for (int bits = 0; bits < 8; bits++) {
      long seed = ((((long) m * 71 + n) * 71 + k) * 8 + off) * 8 + bits;
      variant.check((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, seed);
    }
  }
}
