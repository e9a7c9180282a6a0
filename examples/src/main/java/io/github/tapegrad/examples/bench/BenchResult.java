package io.github.tapegrad.examples.bench;

/**
 * One implementation's figures, derived from its {@link Measurement}.
 *
 * @param agreement this implementation's check against the yardstick (for fused: the autograd check it passed), or
 *     null when it was not compared (a cell that computes another function than the yardstick's LSTM)
 * @param lstmShaped whether the step's GEMM FLOPs are the LSTM's ({@link BenchSize#flopsPerStep()}); GFLOP/s are
 *     given for those only, since another cell's products are other sizes
 * @param fusedMedianMillis the yardstick's median step time in the same run, or NaN when it was not timed
 * @param lstmMedianMillis nn's LSTM's median step time in the same run, or NaN when it was not timed
 */
record BenchResult(String impl, BenchSize size, int warmup, int threads, Machine machine, Measurement measurement,
                   Agreement agreement, boolean lstmShaped, double fusedMedianMillis, double lstmMedianMillis) {

    double tokensPerSecond() {
        return size.tokens() / (measurement.medianMillis() / 1e3);
    }

    double gflopsPerSecond() {
        return lstmShaped ? size.flopsPerStep() / (measurement.medianMillis() / 1e3) / 1e9 : Double.NaN;
    }

    double ratioToFused() {
        return measurement.medianMillis() / fusedMedianMillis;
    }

    /** Step time ÷ nn's LSTM's step time in the same run (below 1: faster). */
    double ratioToLstm() {
        return measurement.medianMillis() / lstmMedianMillis;
    }

    String jsonLine() {
        String[] members = {
            Json.member("impl", impl), Json.member("config", size.config().name()),
            Json.member("dtype", size.dtype().toString()), Json.member("batch", size.batch()),
            Json.member("steps", size.steps()), Json.member("input", size.input()),
            Json.member("hidden", size.hidden()), Json.member("vocab", size.vocab()),
            Json.member("threads", threads), Json.member("warmup", warmup),
            Json.member("measure", measurement.nanos().length),
            Json.member("tokens_per_s", tokensPerSecond()),
            Json.member("ms_median", measurement.medianMillis()), Json.member("ms_min", measurement.minMillis()),
            Json.member("ms_max", measurement.maxMillis()),
            Json.member("gflop_per_step", lstmShaped ? size.flopsPerStep() / 1e9 : Double.NaN),
            Json.member("flop_formula", lstmShaped ? size.flopFormula() : null),
            Json.member("gflop_per_s", gflopsPerSecond()),
            Json.member("alloc_bytes_per_step", measurement.allocatedBytesPerStep()),
            Json.member("alloc_threads", measurement.allocationScope()),
            Json.member("ratio_to_fused", ratioToFused()),
            Json.member("ratio_to_lstm", ratioToLstm()),
            agreement == null ? Json.quote("agreement_passed") + ":null" : Json.member("agreement_passed", agreement.passed()),
            Json.member("agreement_max_rel_error", agreement == null ? Double.NaN : agreement.maxError()),
            Json.member("agreement_tolerance", agreement == null ? Double.NaN : agreement.tolerance()),
            machine.jsonMembers()
        };
        return "{" + String.join(",", members) + "}";
    }

    /** One row of the text table (see {@link #TABLE_HEADER}). */
    String tableRow() {
        String ratio = Double.isNaN(fusedMedianMillis) ? "n/a" : String.format("%.2f", ratioToFused());
        double mb = measurement.allocatedBytesPerStep() / 1e6;
        return String.format("%-12s %11.0f %10.2f %9.2f %9.2f %8s %12s %8s", impl, tokensPerSecond(),
                measurement.medianMillis(), measurement.minMillis(), measurement.maxMillis(),
                lstmShaped ? String.format("%.1f", gflopsPerSecond()) : "n/a",
                mb < 0 ? "n/a" : String.format("%.3f", mb), ratio);
    }

    static final String TABLE_HEADER = String.format("%-12s %11s %10s %9s %9s %8s %12s %8s", "impl", "tokens/s",
            "ms median", "ms min", "ms max", "GFLOP/s", "MB alloc/st", "/fused");
}
