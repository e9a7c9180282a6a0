package io.github.tapegrad.examples.bench;

import io.github.tapegrad.autograd.RawKernels;
import io.github.tapegrad.autograd.Backend;
import io.github.tapegrad.examples.cli.CommonOptions;
import io.github.tapegrad.examples.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code bench gemm}: GFLOP/s (median of individually timed calls) of {@link io.github.tapegrad.autograd.RawKernels#gemm} on the products the LSTM
 * benchmarks are made of, and on 2048³ as the machine's ceiling, for each requested thread count.
 */
@Command(name = "gemm", mixinStandardHelpOptions = true, sortOptions = false,
        description = "GFLOP/s of the GEMM kernel on the LSTM's shapes (config A's gate product and its backward "
                + "variants, config B's gate product) and on 2048³, for 1 and 2 threads by default.")
final class GemmBenchCommand implements Callable<Integer> {

    /** One product: C[m×n] (+)= op(A)·op(B) with inner dimension k. */
    record Case(String name, boolean transA, boolean transB, int m, int n, int k, boolean accumulate, int maxReps,
                boolean packed) {
        Case(String name, boolean transA, boolean transB, int m, int n, int k, boolean accumulate, int maxReps) {
            this(name, transA, transB, m, n, k, accumulate, maxReps, false);
        }

        /** The name, saying so when a packed case runs unpacked because the kernels in use do not pre-pack. */
        String label() {
            return packed && !RawKernels.packs(m, n, k) ? name.replace(" packed", " (unpacked)") : name;
        }

        double flops() {
            return 2.0 * m * n * k;
        }
    }

    static final List<Case> CASES = List.of(
            new Case("A gate fwd  [32x284]·[284x1024]", false, false, 32, 1024, 284, false, 400),
            new Case("A gate fwd  [32x284]·[1024x284]ᵀ", false, true, 32, 1024, 284, false, 400),
            new Case("A bwd dX    [32x1024]·[284x1024]ᵀ", false, true, 32, 284, 1024, false, 400),
            new Case("A bwd dW += [32x284]ᵀ·[32x1024]", true, false, 284, 1024, 32, true, 400),
            new Case("B gate fwd  [64x1024]·[1024x2048]", false, false, 64, 2048, 1024, false, 100),
            // the LSTM's per-step products with the weight packed once per step, as autograd and the yardstick run them
            new Case("A step h·Whhᵀ [32x256]·[1024x256]ᵀ packed", false, true, 32, 1024, 256, false, 400, true),
            new Case("A step dG·Whh [32x1024]·[1024x256] packed", false, false, 32, 256, 1024, false, 400, true),
            new Case("B step h·Whhᵀ [64x512]·[2048x512]ᵀ packed", false, true, 64, 2048, 512, false, 200, true),
            // the weight gradients over all steps at once (autograd defers them to one product per weight)
            new Case("A dWhh += [1120x1024]ᵀ·[1120x256]", true, false, 1024, 256, 1120, true, 200),
            new Case("B dWhh += [6400x2048]ᵀ·[6400x512]", true, false, 2048, 512, 6400, true, 20),
            new Case("ceiling     [2048x2048]·[2048x2048]", false, false, 2048, 2048, 2048, false, 5));

    @Spec
    private CommandSpec spec;

    @Option(names = "--dtype", paramLabel = "float32|float64", defaultValue = "float32",
            description = "Element type (default ${DEFAULT-VALUE}).")
    String dtype = "float32";

    @Option(names = "--threads", paramLabel = "N[,N...]", split = ",", defaultValue = "1,2",
            description = "Thread counts to measure, each 1 to 1024 (default ${DEFAULT-VALUE}).")
    int[] threadCounts = {1, 2};

    @Option(names = "--json", description = "Print one JSON line per result instead of the table.")
    boolean json;

    @Override
    public Integer call() {
        if (!dtype.equals("float32") && !dtype.equals("float64")) {
            throw new ParameterException(spec.commandLine(), "--dtype " + dtype + ": must be float32 or float64");
        }
        for (int t : threadCounts) {
            if (t < 1 || t > CommonOptions.MAX_THREADS) {
                throw new ParameterException(spec.commandLine(), "--threads " + t + ": must be between 1 and "
                        + CommonOptions.MAX_THREADS);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (!json) {
            out.println("bench gemm: " + dtype + "; machine: " + Machine.current().describe());
            out.printf("%-44s %7s %6s %10s %10s%n", "product", "threads", "reps", "GFLOP/s", "ms median");
        }
        int saved = Backend.threads();
        try {
            for (int t : threadCounts) {
                Backend.threads(t);
                for (Case c : CASES) {
                    double[] millis = time(c, dtype.equals("float32"));
                    double median = median(millis);
                    double gflops = c.flops() / (median / 1e3) / 1e9;
                    if (json) {
                        out.println("{" + String.join(",", Json.member("gemm", c.label()), Json.member("dtype", dtype),
                                Json.member("threads", t), Json.member("reps", millis.length),
                                Json.member("gflop_per_s", gflops), Json.member("ms_median", median),
                                Machine.current().jsonMembers()) + "}");
                    } else {
                        out.printf("%-44s %7d %6d %10.1f %10.3f%n", c.label(), t, millis.length, gflops, median);
                    }
                    out.flush();
                }
            }
        } finally {
            Backend.threads(saved);
        }
        return ExitCodes.OK;
    }

    /**
     * Individually timed calls after a few untimed ones: up to the case's rep count or about half a second.
     * Accumulating cases run on the same C throughout (only the timing matters).
     */
    static double[] time(Case c, boolean float32) {
        Random rng = new Random(1);
        int aLen = c.m() * c.k();
        int bLen = c.k() * c.n();
        int cLen = c.m() * c.n();
        Runnable call;
        if (float32) {
            float[] a = new float[aLen];
            float[] b = new float[bLen];
            float[] out = new float[cLen];
            for (int i = 0; i < aLen; i++) a[i] = (float) rng.nextGaussian();
            for (int i = 0; i < bLen; i++) b[i] = (float) rng.nextGaussian();
            if (c.packed() && RawKernels.packs(c.m(), c.n(), c.k())) {
                RawKernels.PackedB p = RawKernels.pack(c.transB(), c.k(), c.n(), b, 0, null);
                call = () -> RawKernels.gemm(c.transA(), c.m(), c.n(), c.k(), a, 0, p, out, 0, c.accumulate());
            } else {
                call = () -> RawKernels.gemm(c.transA(), c.transB(), c.m(), c.n(), c.k(), a, 0, b, 0, out, 0,
                        c.accumulate());
            }
        } else {
            double[] a = new double[aLen];
            double[] b = new double[bLen];
            double[] out = new double[cLen];
            for (int i = 0; i < aLen; i++) a[i] = rng.nextGaussian();
            for (int i = 0; i < bLen; i++) b[i] = rng.nextGaussian();
            if (c.packed() && RawKernels.packs(c.m(), c.n(), c.k())) {
                RawKernels.PackedB p = RawKernels.pack(c.transB(), c.k(), c.n(), b, 0, null);
                call = () -> RawKernels.gemm(c.transA(), c.m(), c.n(), c.k(), a, 0, p, out, 0, c.accumulate());
            } else {
                call = () -> RawKernels.gemm(c.transA(), c.transB(), c.m(), c.n(), c.k(), a, 0, b, 0, out, 0,
                        c.accumulate());
            }
        }
        for (int i = 0; i < Math.min(20, c.maxReps()); i++) {
            call.run();
        }
        double[] millis = new double[c.maxReps()];
        long budgetEnd = System.nanoTime() + 500_000_000L;
        int reps = 0;
        while (reps < millis.length && (reps < 3 || System.nanoTime() < budgetEnd)) {
            long start = System.nanoTime();
            call.run();
            millis[reps++] = (System.nanoTime() - start) / 1e6;
        }
        return java.util.Arrays.copyOf(millis, reps);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
