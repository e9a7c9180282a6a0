package io.github.tapegrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tapegrad.autograd.Backend;
import org.junit.jupiter.api.Test;

class MatMulTest {

  @Test
  void backendNamesKernelsAndThreads() {
    String expectedKernels = MatMul.activeBackend().name();
    assertEquals(expectedKernels, Backend.kernels());
    assertEquals(expectedKernels + ", " + Parallel.threads()
        + (Parallel.threads() == 1 ? " thread" : " threads"), Backend.describe());
    if (Backends.vectorModulePresent() && !"java".equals(System.getProperty(MatMul.KERNELS_PROPERTY))) {
      assertTrue(Backend.vectorApi(), Backend.kernels());
    }
  }

  @Test
  void backendThreadsSetsTheKernelsThreadCountAndRefusesZero() {
    int saved = Backend.threads();
    try {
      Backend.threads(1);
      assertEquals(1, Parallel.threads());
      assertTrue(Backend.describe().endsWith(", 1 thread"), Backend.describe());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backend.threads(0));
      assertTrue(e.getMessage().contains("Backend.threads") && e.getMessage().contains("got 0"), e.getMessage());
    } finally {
      Backend.threads(saved);
    }
  }

  @Test
  void propertyOrMissingModuleSelectsPlainJava() {
    assertSame(BlockedJavaBackend.INSTANCE, MatMul.selectBackend("java", true, m -> { }));
    assertSame(BlockedJavaBackend.INSTANCE, MatMul.selectBackend(null, false, m -> { }));
  }

  @Test
  void aMissingVectorModuleIsLoggedWithHowToEnableIt() {
    java.util.List<String> messages = new java.util.ArrayList<>();
    MatMul.selectBackend("java", false, messages::add);   // forced plain Java: nothing to say
    MatMul.selectBackend("java", true, messages::add);
    assertEquals(java.util.List.of(), messages);
    MatMul.selectBackend(null, false, messages::add);
    assertEquals(java.util.List.of(MatMul.MISSING_VECTOR_MODULE), messages);
    assertTrue(messages.get(0).contains("--add-modules jdk.incubator.vector"), messages.get(0));
  }

  @Test
  void theVectorKernelsServeFromTheFirstProductWithNoStandIn() {
    if (!Backends.vectorModulePresent()) {
      return;
    }
    GemmBackend selected = MatMul.selectBackend(null, true, m -> { });
    assertTrue(selected.name().startsWith("vector-api "), selected.name());
    assertSame(selected.getClass(), MatMul.vectorBackendOrNull().getClass());
    GemmCase f = new GemmCase(false, true, 13, 150, 70, 2, true, 7);
    GemmDriver.gemm(selected, false, true, 13, 150, 70, f.a32, 2, f.b32, 2, f.c32, 2, true);
    f.assertMatches(f.c32, "vector backend, first product");
  }

  @Test
  void lstmGateShapesMatchNaiveLoopInEveryVariant() {
    int[][] shapes = {{32, 1024, 284}, {32, 284, 1024}, {284, 1024, 32}};
    for (int[] s : shapes) {
      GemmPropertiesTest.forEachVariant(s[0], s[1], s[2], 1, (tA, tB, acc, seed) -> {
        GemmCase f = new GemmCase(tA, tB, s[0], s[1], s[2], 1, acc, seed);
        MatMul.gemm(tA, tB, s[0], s[1], s[2], f.a32, 1, f.b32, 1, f.c32, 1, acc);
        f.assertMatches(f.c32, "MatMul float32");
        MatMul.gemm(tA, tB, s[0], s[1], s[2], f.a64, 1, f.b64, 1, f.c64, 1, acc);
        f.assertMatches(f.c64, "MatMul float64");
      });
    }
  }

  @Test
  void emptyInnerDimensionGivesZerosOrLeavesCAlone() {
    float[] c = {9, 9, 9, 9, 9, 9, 9};
    MatMul.gemm(false, false, 2, 3, 0, new float[0], 0, new float[0], 0, c, 1, false);
    assertArrayEquals(new float[] {9, 0, 0, 0, 0, 0, 0}, c);
    double[] d = {1, 2, 3};
    MatMul.gemm(true, true, 1, 3, 0, new double[0], 0, new double[0], 0, d, 0, true);
    assertArrayEquals(new double[] {1, 2, 3}, d);
    MatMul.gemm(false, false, 0, 3, 4, new double[0], 0, new double[12], 0, new double[0], 0, false);
  }

  @Test
  void rejectsRegionsThatDoNotFitWithAMessageNamingTheShapes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
        MatMul.gemm(false, true, 3, 4, 5, new float[15], 1, new float[20], 0, new float[12], 0, false));
    assertTrue(e.getMessage().contains("[3, 5] @ [5, 4]"), e.getMessage());
    assertTrue(e.getMessage().contains("A stored as [3, 5] at offset 1 needs 15"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () ->
        MatMul.gemm(true, false, 3, 4, 5, new double[15], 0, new double[20], 0, new double[11], 0, false));
    assertTrue(e.getMessage().contains("C stored as [3, 4]"), e.getMessage());
    assertTrue(e.getMessage().contains("float64"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () ->
        MatMul.gemm(false, false, -1, 4, 5, new float[0], 0, new float[20], 0, new float[0], 0, false));
    assertTrue(e.getMessage().contains(">= 0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () ->
        MatMul.gemm(false, false, 1, 1, 1, new float[1], -1, new float[1], 0, new float[1], 0, false));
    assertThrows(NullPointerException.class, () ->
        MatMul.gemm(false, false, 1, 1, 1, (float[]) null, 0, new float[1], 0, new float[1], 0, false));
  }
}
