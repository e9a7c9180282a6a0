package io.github.tapegrad.examples.bench;

import java.util.List;
import java.util.StringJoiner;

/**
 * The physical limit of a configuration on this machine: a step's GEMM FLOPs ({@link BenchSize#flopsPerStep()}) at
 * the GEMM kernel's own ceiling, its 2048³ product on the same threads, timed in the same run. No implementation can
 * beat it without fewer FLOPs or a faster GEMM; the share of it an implementation reaches says how much of its step
 * is spent outside the matrix products (activations, bookkeeping, memory traffic, garbage collection).
 *
 * @param ceilingGflops GFLOP/s of the 2048³ product (median of individually timed calls)
 */
record Limit(BenchSize size, int threads, Machine machine, double ceilingGflops) {

    static Limit measure(BenchSize size, int threads, Machine machine) {
        List<GemmBenchCommand.Case> cases = GemmBenchCommand.CASES;
        GemmBenchCommand.Case cube = cases.get(cases.size() - 1);
        double median = GemmBenchCommand.median(GemmBenchCommand.time(cube, size.dtype().bytes() == Float.BYTES));
        return new Limit(size, threads, machine, cube.flops() / (median / 1e3) / 1e9);
    }

    /** Tokens per second if every GEMM FLOP of the step ran at the ceiling and nothing else took time. */
    double tokensPerSecond() {
        return ceilingGflops * 1e9 / size.flopsPerStep() * size.tokens();
    }

    String describe(List<BenchResult> results) {
        StringJoiner shares = new StringJoiner(", ");
        for (BenchResult r : results) {
            if (!r.lstmShaped()) {
                continue; // another cell's products are other sizes: the LSTM's FLOPs say nothing of its share
            }
            shares.add(String.format("%s %.0f %%", r.impl(), 100 * r.tokensPerSecond() / tokensPerSecond()));
        }
        return String.format("limit: the step's GEMM FLOPs at this run's GEMM ceiling (2048³, %d thread%s: %.1f GFLOP/s)"
                + " allow at most %.0f tokens/s; reached: %s", threads, threads == 1 ? "" : "s", ceilingGflops,
                tokensPerSecond(), shares);
    }

    String jsonLine() {
        return "{" + String.join(",", Json.member("impl", "limit"), Json.member("config", size.config().name()),
                Json.member("dtype", size.dtype().toString()), Json.member("threads", threads),
                Json.member("ceiling_gflop_per_s", ceilingGflops), Json.member("tokens_per_s", tokensPerSecond()),
                Json.member("gflop_per_step", size.flopsPerStep() / 1e9), machine.jsonMembers()) + "}";
    }
}
