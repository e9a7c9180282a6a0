package io.github.tapegrad.autograd.kernels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Prints median GFLOP/s of the GEMM kernels on the shapes the LSTM benchmark uses, for each available backend and
 * 1 and 2 threads. Not a test. Run (from the repository root) after {@code mvn -q -pl autograd test-compile}:
 * <pre>
 * java --add-modules jdk.incubator.vector -cp autograd/target/classes:autograd/target/test-classes \
 *     io.github.tapegrad.autograd.kernels.GemmBenchMain [--quick] [--f64]
 * </pre>
 */
public final class GemmBenchMain {

  private record Shape(String name, boolean transA, boolean transB, int m, int n, int k, boolean accumulate) {
    double flops() {
      return 2.0 * m * n * k;
    }
  }

  private GemmBenchMain() {
  }

  public static void main(String[] args) {
    boolean quick = Arrays.asList(args).contains("--quick");
    boolean f64 = Arrays.asList(args).contains("--f64");
    List<Shape> shapes = new ArrayList<>(List.of(
        new Shape("gate fwd  X·W", false, false, 32, 1024, 284, false),
        new Shape("gate dX   dG·Wt", false, true, 32, 284, 1024, false),
        new Shape("gate dW   Xt·dG +=", true, false, 284, 1024, 32, true),
        new Shape("gate TT", true, true, 32, 1024, 284, false),
        new Shape("B fwd", false, false, 64, 2048, 1024, false),
        new Shape("B dX", false, true, 64, 1024, 2048, false),
        new Shape("B dW +=", true, false, 1024, 2048, 64, true),
        new Shape("tiny 3x5x4", false, false, 3, 5, 4, false),
        new Shape("tiny 8x8x8 tB", false, true, 8, 8, 8, false),
        new Shape("small 64^3", false, false, 64, 64, 64, false)));
    if (!quick) {
      shapes.add(new Shape("2048^3", false, false, 2048, 2048, 2048, false));
    }
    System.out.println("default backend: " + io.github.tapegrad.autograd.Backend.describe() + "; java " + System.getProperty("java.version"));
    System.out.printf("%-20s %-18s %-8s %10s %10s%n", "shape", "backend", "threads", "GFLOP/s", "us/call");
    int defaultThreads = Parallel.threads();
    for (Shape s : shapes) {
      for (GemmBackend backend : Backends.available()) {
        for (int threads = 1; threads <= 2; threads++) {
          Parallel.setThreads(threads);
          double seconds = f64 ? medianSeconds64(backend, s) : medianSeconds32(backend, s);
          System.out.printf("%-20s %-18s %-8d %10.1f %10.2f%n", s.name, backend.name(), threads,
              s.flops() / seconds / 1e9, seconds * 1e6);
        }
      }
    }
    Parallel.setThreads(defaultThreads);
  }

  private static double medianSeconds32(GemmBackend backend, Shape s) {
    SplittableRandom random = new SplittableRandom(42);
    float[] a = new float[s.m * s.k];
    float[] b = new float[s.k * s.n];
    float[] c = new float[s.m * s.n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) random.nextDouble(-1, 1);
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) random.nextDouble(-1, 1);
    }
    return medianSeconds(backend, s, () -> GemmDriver.gemm(backend, s.transA, s.transB, s.m, s.n, s.k,
        a, 0, b, 0, c, 0, s.accumulate));
  }

  private static double medianSeconds64(GemmBackend backend, Shape s) {
    SplittableRandom random = new SplittableRandom(42);
    double[] a = random.doubles(s.m * s.k, -1, 1).toArray();
    double[] b = random.doubles(s.k * s.n, -1, 1).toArray();
    double[] c = new double[s.m * s.n];
    return medianSeconds(backend, s, () -> GemmDriver.gemm(backend, s.transA, s.transB, s.m, s.n, s.k,
        a, 0, b, 0, c, 0, s.accumulate));
  }

  /** Backends whose kernels have already been through the JIT in this run. */
  private static final java.util.Set<String> WARMED = new java.util.HashSet<>();

  private static double medianSeconds(GemmBackend backend, Shape s, Runnable call) {
    // The first measurement of a backend also pays for C2 compiling its kernels (seconds for Vector API code).
    long warmNanos = WARMED.add(backend.name()) ? 3_000_000_000L : 400_000_000L;
    return median(call, s.flops(), warmNanos);
  }

  /** Warms up, then times batches of calls (each batch ≥ ~1 ms) and returns the median per call. */
  private static double median(Runnable call, double flops, long warmNanos) {
    long warmEnd = System.nanoTime() + warmNanos;
    while (System.nanoTime() < warmEnd) {
      call.run();
    }
    int perBatch = (int) Math.max(1, Math.min(100_000, 2e6 / Math.max(1, flops / 20)));
    List<Double> samples = new ArrayList<>();
    long end = System.nanoTime() + 600_000_000L;
    while (samples.size() < 5 || (System.nanoTime() < end && samples.size() < 200)) {
      long t0 = System.nanoTime();
      for (int r = 0; r < perBatch; r++) {
        call.run();
      }
      samples.add((System.nanoTime() - t0) / 1e9 / perBatch);
    }
    samples.sort(null);
    return samples.get(samples.size() / 2);
  }
}
