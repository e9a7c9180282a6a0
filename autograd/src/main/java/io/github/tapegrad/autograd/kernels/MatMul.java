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

  /**
   * Whether {@link #pack} is worth calling for an [m×k]·[k×n] product: the kernels in use take a pre-packed B (the
   * Vector API ones do) and the product is not one of the tiny ones that skip packing altogether.
   */
  public static boolean packs(int m, int n, int k) {
    return BACKEND.packsB() && m > 0 && n > 0 && k > 0 && (long) m * n * k > GemmDriver.TINY_WORK;
  }

  /**
   * op(B) [k×n] in the kernels' panel layout, for {@link #gemm(boolean, int, int, int, float[], int, PackedMatrix,
   * float[], int, boolean)}: B is row-major at {@code bOff}, [k×n], or stored as [n×k] when {@code transB}. Reuses
   * {@code reuse}'s array when it has the same dtype, k and n (its old contents are overwritten: nothing may be
   * multiplying by it meanwhile).
   *
   * @throws UnsupportedOperationException if the kernels in use do not pre-pack ({@link #packs} is false)
   */
  public static PackedMatrix pack(boolean transB, int k, int n, float[] b, int bOff, PackedMatrix reuse) {
    Objects.requireNonNull(b, "pack: array B is null");
    return packChecked(transB, k, n, b, b.length, bOff, reuse, "float32");
  }

  /** The float64 version of {@link #pack(boolean, int, int, float[], int, PackedMatrix)}. */
  public static PackedMatrix pack(boolean transB, int k, int n, double[] b, int bOff, PackedMatrix reuse) {
    Objects.requireNonNull(b, "pack: array B is null");
    return packChecked(transB, k, n, b, b.length, bOff, reuse, "float64");
  }

  private static PackedMatrix packChecked(boolean transB, int k, int n, Object b, int bLength, int bOff,
                                          PackedMatrix reuse, String dtype) {
    if (!BACKEND.packsB()) {
      throw new UnsupportedOperationException("pack: the " + BACKEND.name() + " kernels do not pre-pack B");
    }
    GemmShapes.check(false, transB, 1, n, k, k, 0, bLength, bOff, n, 0, dtype);
    Object old = reuse != null && reuse.backend == BACKEND && reuse.k == k && reuse.n == n ? reuse.panels : null;
    return new PackedMatrix(BACKEND, transB, k, n, BACKEND.packB(transB, k, n, b, bOff, old));
  }

  /**
   * {@code C[m×n] = op(A)·B} (or {@code +=}) with B from {@link #pack}: the same bits as {@link #gemm(boolean, boolean,
   * int, int, int, float[], int, float[], int, float[], int, boolean)} on the matrix that was packed.
   *
   * @throws IllegalArgumentException if k or n differ from the packed matrix's, its dtype differs, a region does not
   *     fit, or the product is too small to pack ({@link #packs} false)
   */
  public static void gemm(boolean transA, int m, int n, int k, float[] a, int aOff, PackedMatrix b,
                          float[] c, int cOff, boolean accumulate) {
    requireArrays(a, b, c);
    gemmPackedChecked(transA, m, n, k, a, a.length, aOff, b, c, c.length, cOff, accumulate, "float32", Float.BYTES);
  }

  /** The float64 version of {@link #gemm(boolean, int, int, int, float[], int, PackedMatrix, float[], int, boolean)}. */
  public static void gemm(boolean transA, int m, int n, int k, double[] a, int aOff, PackedMatrix b,
                          double[] c, int cOff, boolean accumulate) {
    requireArrays(a, b, c);
    gemmPackedChecked(transA, m, n, k, a, a.length, aOff, b, c, c.length, cOff, accumulate, "float64", Double.BYTES);
  }

  private static void gemmPackedChecked(boolean transA, int m, int n, int k, Object a, int aLength, int aOff,
                                        PackedMatrix b, Object c, int cLength, int cOff, boolean accumulate,
                                        String dtype, int elementBytes) {
    String where = "gemm(" + dtype + ", packed B): [" + m + ", " + k + "] @ [" + k + ", " + n + "]";
    if (b.k != k || b.n != n || !b.dtype().equals(dtype)) {
      throw new IllegalArgumentException(where + ": B was packed as [" + b.k + ", " + b.n + "] " + b.dtype());
    }
    if (b.backend != BACKEND || !packs(m, n, k)) {
      throw new IllegalArgumentException(where + ": too small to use a packed B, or packed by other kernels");
    }
    GemmShapes.check(transA, false, m, n, k, aLength, aOff, k * n, 0, cLength, cOff, dtype);
    GemmDriver.gemmPacked(BACKEND, transA, m, n, k, a, aOff, b.panels, c, cOff, accumulate, elementBytes);
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
