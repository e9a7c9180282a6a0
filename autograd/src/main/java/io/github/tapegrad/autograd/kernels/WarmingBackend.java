package io.github.tapegrad.autograd.kernels;

/**
 * Serves products with a fallback backend until a daemon thread has driven the target backend through the JIT.
 *
 * <p>Vector API code runs about a thousand times slower before C2 compiles it (the interpreter and C1 allocate an
 * object per vector operation), so the first few LSTM-sized products would each take hundreds of milliseconds.
 * Instead the target kernels are exercised off to the side on small problems covering every code path (both dtypes,
 * all transpose and accumulate variants, ragged edges, several k blocks) until a round of them runs fast, and only
 * then take over. Results differ only by float rounding between the two backends.
 */
final class WarmingBackend implements GemmBackend {

  /** Give up waiting (and switch anyway) after this long, e.g. on a heavily loaded machine. */
  private static final long MAX_WARM_UP_NANOS = 20_000_000_000L;

  private final GemmBackend target;
  private final GemmBackend fallback;
  private volatile boolean warm;
  private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);

  WarmingBackend(GemmBackend target, GemmBackend fallback) {
    this.target = target;
    this.fallback = fallback;
    Thread thread = new Thread(this::warmUp, "tapegrad-kernel-warm-up");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
  }

  boolean isWarm() {
    return warm;
  }

  /** Blocks until the target backend has taken over. */
  void awaitWarm() {
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private GemmBackend current() {
    return warm ? target : fallback;
  }

  @Override
  public String name() {
    return target.name();
  }

  @Override
  public int columnBlock(boolean float64) {
    return target.columnBlock(float64);
  }

  @Override
  public int rowBlock() {
    return target.rowBlock();
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k,
                   float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                   float[] c, int cOff, int ldc, boolean accumulate) {
    current().gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k,
                   double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                   double[] c, int cOff, int ldc, boolean accumulate) {
    current().gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }

  /** Repeats rounds of small products until a round takes under a tenth of the slowest one (or time runs out). */
  private void warmUp() {
    try {
      long start = System.nanoTime();
      long slowest = 0;
      for (int round = 0; System.nanoTime() - start < MAX_WARM_UP_NANOS; round++) {
        long t0 = System.nanoTime();
        round();
        long took = System.nanoTime() - t0;
        slowest = Math.max(slowest, took);
        if (round >= 20 && took * 10 < slowest) {
          break;
        }
      }
    } finally {
      warm = true;
      done.countDown();
    }
  }

  private void round() {
    // Rows 7 = 4 + 2 + 1 and 5 = 4 + 1 reach every row kernel; widths leave ragged edges; k = 390 spans two blocks.
    int[][] shapes = {{7, 2 * target.columnBlock(false) + 5, 24}, {5, target.columnBlock(false) + 3, 390}};
    for (int[] shape : shapes) {
      int m = shape[0];
      int n = shape[1];
      int k = shape[2];
      float[] a32 = new float[m * k];
      float[] b32 = new float[k * n];
      float[] c32 = new float[m * n];
      double[] a64 = new double[m * k];
      double[] b64 = new double[k * n];
      double[] c64 = new double[m * n];
      java.util.Arrays.fill(a32, 0.5f);
      java.util.Arrays.fill(b32, 0.25f);
      java.util.Arrays.fill(a64, 0.5);
      java.util.Arrays.fill(b64, 0.25);
      for (int variant = 0; variant < 8; variant++) {
        boolean tA = (variant & 1) != 0;
        boolean tB = (variant & 2) != 0;
        boolean acc = (variant & 4) != 0;
        target.gemm(tA, tB, m, n, k, a32, 0, tA ? m : k, b32, 0, tB ? k : n, c32, 0, n, acc);
        target.gemm(tA, tB, m, n, k, a64, 0, tA ? m : k, b64, 0, tB ? k : n, c64, 0, n, acc);
      }
    }
  }
}
