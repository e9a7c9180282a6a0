package io.github.tapegrad.autograd.kernels;

import java.util.Objects;

/**
 * General matrix multiply on row-major {@code float[]}/{@code double[]} regions: {@code C = op(A)·op(B)} or
 * {@code C += op(A)·op(B)}, with all four transpose combinations handled by the kernels' packing (no operand is ever
 * transposed as a whole). Products big enough to pay for it are split across {@link Parallel#threads()} threads.
 *
 * <p>The kernel family is chosen once: the Vector API kernels when the {@code jdk.incubator.vector} module is in the
 * boot layer (run with {@code --add-modules jdk.incubator.vector}) unless {@code -Dtapegrad.kernels=java}, else the
 * cache-blocked plain-Java kernels. The choice is made when this class loads, before the first product, and never
 * changes: the two families round differently, so a kernel swapped in once the JIT has compiled it (as an earlier
 * build did) made the same seeded run give different bits in different processes. Before the first product the
 * Vector API kernels are driven through the JIT on small products ({@link JitWarmUp}, about 1.5–2 s on the
 * AVX-512 EPYC); that costs time, never bits: the Vector API's lanewise operations (fma included) are exactly specified, so
 * interpreted and compiled code agree bit for bit. The split of a product across threads follows whole panels, so
 * every element is computed the same way whatever the thread count.
 */
public final class MatMul {

  /** System property that forces the plain-Java kernels when set to {@code java}. */
  static final String KERNELS_PROPERTY = "tapegrad.kernels";
  private static final String VECTOR_MODULE = "jdk.incubator.vector";
  /** Logged once, when the library starts without the Vector API module (it is an optional speed-up). */
  static final String MISSING_VECTOR_MODULE = "tapegrad: the jdk.incubator.vector module is absent, so matrix "
      + "products and activations use the slower plain-Java kernels; run java with --add-modules "
      + "jdk.incubator.vector (the examples' bin/tapegrad launcher does) to enable the Vector API kernels";
  private static final String VECTOR_BACKEND_CLASS = "io.github.tapegrad.autograd.kernels.VectorApiBackend";

  private static final GemmBackend BACKEND = selectBackend(
      System.getProperty(KERNELS_PROPERTY), ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent(),
      MatMul::logOnce);

  private MatMul() {
  }

  /** Called once, from this class's initialiser. */
  private static void logOnce(String message) {
    System.getLogger("io.github.tapegrad").log(System.Logger.Level.INFO, message);
  }

  /**
   * {@code C[m×n] = op(A)·op(B)}, or {@code C += op(A)·op(B)} when {@code accumulate}.
   * A is row-major at {@code aOff}: [m×k] if {@code !transA}, else stored as [k×m] (so op(A) = Aᵀ).
   * B is row-major at {@code bOff}: [k×n] if {@code !transB}, else stored as [n×k]. C is row-major [m×n] at
   * {@code cOff}; without {@code accumulate} its previous contents are never read (NaN there is harmless).
   *
   * @throws IllegalArgumentException if a dimension or offset is negative or a region does not fit its array
   */
  public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                          float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, boolean accumulate) {
    requireArrays(a, b, c);
    GemmDriver.gemm(BACKEND, transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
  }

  /** The float64 version of {@link #gemm(boolean, boolean, int, int, int, float[], int, float[], int, float[], int, boolean)}. */
  public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                          double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, boolean accumulate) {
    requireArrays(a, b, c);
    GemmDriver.gemm(BACKEND, transA, transB, m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
  }

  /** The kernel family in use, e.g. "vector-api 512-bit 4x4" or "blocked-java" (public as {@code Backend.kernels()}). */
  public static String kernelName() {
    return BACKEND.name();
  }

  /** The kernel family in use (package-private so tests and benchmarks can compare against the others). */
  static GemmBackend activeBackend() {
    return BACKEND;
  }

  /**
   * Picks the kernels for a given {@code tapegrad.kernels} property value and module availability. The Vector API
   * class is loaded reflectively, and only when the module is present: linking it otherwise fails.
   */
  static GemmBackend selectBackend(String property, boolean vectorModulePresent,
                                   java.util.function.Consumer<String> log) {
    if ("java".equalsIgnoreCase(property)) {
      return BlockedJavaBackend.INSTANCE;
    }
    if (!vectorModulePresent) {
      log.accept(MISSING_VECTOR_MODULE);
      return BlockedJavaBackend.INSTANCE;
    }
    GemmBackend vector = vectorBackendOrNull();
    if (vector == null) {
      return BlockedJavaBackend.INSTANCE;
    }
    JitWarmUp.run(vector);
    return vector;
  }

  /**
   * A new Vector API backend, or null if it cannot be used here. Call only when the module is present; the class is
   * named reflectively so that nothing links against it otherwise.
   */
  static GemmBackend vectorBackendOrNull() {
    try {
      return (GemmBackend) Class.forName(VECTOR_BACKEND_CLASS).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError | UnsupportedOperationException e) {
      return null;
    }
  }

  private static void requireArrays(Object a, Object b, Object c) {
    Objects.requireNonNull(a, "gemm: array A is null");
    Objects.requireNonNull(b, "gemm: array B is null");
    Objects.requireNonNull(c, "gemm: array C is null");
  }
}
