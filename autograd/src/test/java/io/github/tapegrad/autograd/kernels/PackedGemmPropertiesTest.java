package io.github.tapegrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A pre-packed B gives the same bits as packing it per call, for every variant, both tiles, both dtypes and 1–3
 * threads; the packed panels are reused only when they fit, and misuse is refused with the shapes named.
 */
class PackedGemmPropertiesTest {

  private final int defaultThreads = Parallel.threads();

  @AfterEach
  void restoreThreads() {
    Parallel.setThreads(defaultThreads);
  }

  @Test
  void packedEqualsUnpackedBitForBit() {
    assumeTrue(Backends.vectorModulePresent(), "needs jdk.incubator.vector");
    qt().withExamples(40).forAll(integers().between(1, 80), integers().between(1, 300), integers().between(1, 900),
            integers().between(0, 23))
        .checkAssert((m, n, k, variant) -> {
          boolean tA = (variant & 1) != 0;
          boolean tB = (variant & 2) != 0;
          boolean acc = (variant & 4) != 0;
          int threads = 1 + variant / 8;
          Parallel.setThreads(threads);
          if ((long) m * n * k <= GemmDriver.TINY_WORK) {
            return;
          }
          long seed = 31L * m + 7919L * n + 104_729L * k + variant;
          for (GemmTile tile : GemmTile.values()) {
            GemmBackend backend = new VectorApiBackend(tile);
            GemmCase plain = new GemmCase(tA, tB, m, n, k, 3, acc, seed);
            GemmCase packed = new GemmCase(tA, tB, m, n, k, 3, acc, seed);
            GemmDriver.gemm(backend, tA, tB, m, n, k, plain.a32, 3, plain.b32, 3, plain.c32, 3, acc);
            GemmDriver.gemm(backend, tA, tB, m, n, k, plain.a64, 3, plain.b64, 3, plain.c64, 3, acc);
            Object p32 = backend.packB(tB, k, n, packed.b32, 3, null);
            Object p64 = backend.packB(tB, k, n, packed.b64, 3, null);
            GemmDriver.gemmPacked(backend, tA, m, n, k, packed.a32, 3, p32, packed.c32, 3, acc, Float.BYTES);
            GemmDriver.gemmPacked(backend, tA, m, n, k, packed.a64, 3, p64, packed.c64, 3, acc, Double.BYTES);
            String what = tile.label() + " " + m + "x" + n + "x" + k + " variant " + variant + ", " + threads
                + " threads";
            assertArrayEquals(plain.c32, packed.c32, what + " (float32)");
            assertArrayEquals(plain.c64, packed.c64, what + " (float64)");
            packed.assertMatches(packed.c64, what);
          }
        });
  }

  @Test
  void repackingReusesTheArrayOnlyWhenItFits() {
    assumeTrue(Backends.vectorModulePresent(), "needs jdk.incubator.vector");
    GemmBackend backend = new VectorApiBackend(GemmTile.NARROW);
    float[] b = new float[40 * 50];
    Object first = backend.packB(false, 40, 50, b, 0, null);
    assertSame(first, backend.packB(true, 40, 50, b, 0, first), "same k and n: the array is reused");
    assertTrue(backend.packB(false, 20, 50, b, 0, first) != first,
        "a smaller matrix must not be packed into a bigger array's prefix");
    assertTrue(backend.packB(false, 40, 50, new double[40 * 50], 0, first) instanceof double[]);
  }

  @Test
  void misuseIsRefusedWithTheShapes() {
    assumeTrue(MatMul.packs(64, 64, 64), "the kernels in use do not pre-pack");
    float[] b = new float[64 * 64];
    PackedMatrix p = MatMul.pack(true, 64, 64, b, 0, null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MatMul.gemm(false, 64, 64, 32, new float[64 * 32], 0, p, new float[64 * 64], 0, false));
    assertTrue(e.getMessage().contains("packed as [64, 64] float32"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> MatMul.gemm(false, 64, 64, 64, new double[64 * 64], 0, p, new double[64 * 64], 0, false));
    assertTrue(e.getMessage().contains("float64"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> MatMul.gemm(false, 64, 64, 64, new float[10], 0, p, new float[64 * 64], 0, false));
    assertTrue(e.getMessage().contains("A stored as [64, 64]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> MatMul.pack(false, 64, 64, new float[100], 0, null));
    assertTrue(e.getMessage().contains("B stored as [64, 64]"), e.getMessage());
  }
}
