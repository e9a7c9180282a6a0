package io.github.tapegrad.autograd;

import io.github.tapegrad.autograd.kernels.MatMul;
import io.github.tapegrad.autograd.kernels.Parallel;

/**
 * The one public place to set how many threads the kernels use and to ask which kernels run.
 *
 * <p>The kernel family is fixed when the library starts, from the JVM's flags alone (see the README's
 * "Reproducibility"): the Vector API kernels when the {@code jdk.incubator.vector} module is present (run
 * {@code java --add-modules jdk.incubator.vector}, or the examples' {@code bin/tapegrad} launcher), else plain
 * Java, several times slower on matrix products (the library then logs one line saying so, once, through
 * {@link System.Logger}); {@code -Dtapegrad.kernels=java} forces plain Java.
 */
public final class Backend {
    private Backend() {
    }

    /** Sets the number of threads the kernels may use (default: the available processors); 1 = single-threaded. */
    public static void threads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Backend.threads: thread count must be >= 1, got " + n);
        }
        Parallel.setThreads(n);
    }

    /** The number of threads the kernels may use. */
    public static int threads() {
        return Parallel.threads();
    }

    /** The kernel family in use, e.g. "vector-api 512-bit 4x4" or "blocked-java". */
    public static String kernels() {
        return MatMul.kernelName();
    }

    /** True when the Vector API kernels run (the {@code jdk.incubator.vector} module is present and not disabled). */
    public static boolean vectorApi() {
        return MatMul.kernelName().startsWith("vector-api");
    }

    /** Kernels and threads in one line, e.g. "vector-api 512-bit 4x4, 2 threads". */
    public static String describe() {
        int n = threads();
        return kernels() + ", " + n + (n == 1 ? " thread" : " threads");
    }
}
