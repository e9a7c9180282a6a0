package io.github.tapegrad.examples.bench;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.examples.cli.CellChoice;
import io.github.tapegrad.examples.cli.ExitCodes;
import io.github.tapegrad.examples.cli.MarkdownFile;
import io.github.tapegrad.nn.LSTM;
import io.github.tapegrad.nn.Recurrent;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * {@code bench --bidirectional} and {@code bench --lengths uniform}: what a bidirectional stack and a batch of
 * variable-length sequences cost, measured against the unidirectional, fixed-length step of the same network in the
 * same run.
 *
 * <p>Rows: the unidirectional fixed-length step (the reference), with {@code --lengths} the same network on a batch
 * whose lengths are uniform in [⌈T/2⌉, T] (seeded; {@link Recurrent#forward(io.github.tapegrad.autograd.Tensor,
 * int[], List)}, which runs each step on the sequences still running), with {@code --bidirectional} the bidirectional
 * stack, and with both the bidirectional stack on those lengths. Timing as {@link CellTable}'s: interleaved rounds,
 * each running every row's warm-up and timed steps once, in an order rotated by one per round; a row's step time is
 * the median over rounds of each round's median, given with the range of the round medians. The ratios are taken
 * within each round and their median given with their range: a bidirectional row's step time ÷ the unidirectional
 * row's on the same lengths, and a variable-length row's tokens/s on valid tokens (the sum of the lengths per step)
 * ÷ the fixed-length row's tokens/s (B·T per step) in the same directions.
 *
 * <p>Losses count valid positions only (see {@link AutogradWorkload}). Before timing, the reference row is checked
 * against the hand-fused yardstick when the network has the LSTM's parameters; the other rows compute other
 * functions (nn's tests compare bidirectional and variable-length runs with PyTorch-written fixtures).
 */
final class SequenceBench {
    /** What --lengths accepts. */
    static final String UNIFORM = "uniform";

    /** One row: the directions and whether the batch has variable lengths. */
    record Variant(boolean bidirectional, boolean variable) {
        String label() {
            return (bidirectional ? "bidirectional" : "unidirectional") + ", "
                    + (variable ? "lengths uniform" : "fixed length");
        }
    }

    /**
     * One row's figures.
     *
     * @param millis per round, that round's median step time
     * @param ratioToUnidirectional per round, step time ÷ the unidirectional row's on the same lengths; null when the
     *     row is unidirectional
     * @param ratioToFixed per round, valid tokens/s ÷ the fixed-length row's tokens/s; null when the row is fixed
     */
    record Row(Variant variant, long validTokens, double[] millis, double[] ratioToUnidirectional,
               double[] ratioToFixed) {
        double medianMillis() {
            return CellTable.median(millis);
        }

        double tokensPerSecond() {
            return validTokens / (medianMillis() / 1e3);
        }
    }

    private final CellChoice cell;
    private final boolean bidirectional;
    private final boolean uniformLengths;
    private final List<CellTable.Run> runs;
    private final int repeats;
    private final int threads;
    private final long seed;
    private final PrintWriter out;
    private final PrintWriter err;
    private final String command;
    private final boolean json;
    private final boolean cpuClock;

    /**
     * @param cpuClock time steps by the calling thread's CPU time ({@code --clock cpu}, one kernel thread) instead of
     *     the wall clock
     * @param cell the cell stacked by {@link Recurrent}, or null for nn's {@link LSTM} */
    SequenceBench(CellChoice cell, boolean bidirectional, boolean uniformLengths, List<CellTable.Run> runs, int repeats,
                  int threads, long seed, PrintWriter out, PrintWriter err, String command, boolean json,
                  boolean cpuClock) {
        if (!bidirectional && !uniformLengths) {
            throw new IllegalArgumentException("SequenceBench: nothing to compare (neither bidirectional nor lengths)");
        }
        this.cell = cell;
        this.bidirectional = bidirectional;
        this.uniformLengths = uniformLengths;
        this.runs = List.copyOf(runs);
        this.repeats = repeats;
        this.threads = threads;
        this.seed = seed;
        this.out = out;
        this.err = err;
        this.command = command;
        this.json = json;
        this.cpuClock = cpuClock;
    }

    /**
     * B lengths uniform in [⌈T/2⌉, T], from a generator seeded by {@code seed} (another algorithm than the data's
     * {@link Random}, so the lengths do not follow the tokens).
     */
    static int[] uniformLengths(int batch, int steps, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int lo = (steps + 1) / 2;
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            lengths[b] = rng.nextInt(lo, steps + 1);
        }
        return lengths;
    }

    /** The rows timed, in order: the reference first, then variable lengths, then bidirectional. */
    List<Variant> variants() {
        List<Variant> v = new ArrayList<>();
        for (boolean bi : bidirectional ? new boolean[] {false, true} : new boolean[] {false}) {
            for (boolean var : uniformLengths ? new boolean[] {false, true} : new boolean[] {false}) {
                v.add(new Variant(bi, var));
            }
        }
        return v;
    }

    /** Times every configuration and prints (and, when {@code markdown} is not null, writes) the tables. */
    int run(Path markdown) {
        if (markdown != null) {
            MarkdownFile.requireWritable("--markdown", markdown);
        }
        Machine machine = Machine.current();
        StringBuilder doc = new StringBuilder(preface(machine));
        for (CellTable.Run run : runs) {
            String table = measure(run, machine);
            if (table == null) {
                return ExitCodes.INTERNAL_ERROR;
            }
            doc.append(System.lineSeparator()).append(table);
        }
        if (!json) {
            out.print(doc);
            out.flush();
        }
        if (markdown != null) {
            MarkdownFile.write("--markdown", markdown, doc.toString());
            if (!json) {
                out.println("wrote " + markdown);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private Recurrent network(BenchSize size, boolean bi) {
        Recurrent.Options options = Recurrent.options(size.input(), size.hidden()).dtype(size.dtype())
                .rng(new Random(seed)).bidirectional(bi);
        return cell == null ? new LSTM(options) : new Recurrent(cell.factory(), options);
    }

    private String name() {
        return cell == null ? CellTable.REFERENCE : "`" + cell.label() + "`";
    }

    /** One configuration's table, or null after reporting a disagreement with the yardstick. */
    private String measure(CellTable.Run run, Machine machine) {
        BenchSize size = run.size();
        BenchData data = BenchData.generate(size, seed);
        int[] lengths = uniformLengths ? uniformLengths(size.batch(), size.steps(), seed) : null;
        List<Variant> variants = variants();
        List<AutogradWorkload> workloads = new ArrayList<>();
        for (Variant v : variants) {
            workloads.add(new AutogradWorkload(v.label(), data, network(size, v.bidirectional()),
                    v.variable() ? lengths : null));
        }
        Agreement check = null;
        for (int i = 0; i < workloads.size(); i++) {
            AutogradWorkload w = workloads.get(i);
            var first = w.checkedStep(); // every row's first step is untimed
            if (i == 0 && w.sharesLstmWeights()) {
                Workload fused = size.dtype() == DType.FLOAT32 ? new FusedWorkloadF32(data) : new FusedWorkloadF64(data);
                check = Agreement.compare(w.name(), first, fused.checkedStep(), size.tolerance());
                if (!check.passed()) {
                    err.println(command + ": refusing to time " + size + ": " + check.describe());
                    err.flush();
                    return null;
                }
            }
        }
        if (!json) {
            out.println("bench: " + size + ", " + run.warmup() + " warm-up and " + run.measure() + " timed steps per "
                    + "row and round, " + repeats + " rounds");
            out.println(check != null ? "check: " + check.describe() : "check: " + name() + " has not the LSTM's "
                    + "parameters: not compared with the yardstick");
            out.flush();
        }
        int n = workloads.size();
        double[][] millis = new double[n][repeats];
        for (int round = 0; round < repeats; round++) {
            for (int i = 0; i < n; i++) {
                int w = (i + round) % n;
                millis[w][round] = Measurement.run(workloads.get(w), run.warmup(), run.measure(), cpuClock)
                        .medianMillis();
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int w = 0; w < n; w++) {
            Variant v = variants.get(w);
            double[] toUni = null;
            double[] toFixed = null;
            if (v.bidirectional()) {
                int u = variants.indexOf(new Variant(false, v.variable()));
                toUni = new double[repeats];
                for (int r = 0; r < repeats; r++) {
                    toUni[r] = millis[w][r] / millis[u][r];
                }
            }
            if (v.variable()) {
                int f = variants.indexOf(new Variant(v.bidirectional(), false));
                toFixed = new double[repeats];
                for (int r = 0; r < repeats; r++) {
                    toFixed[r] = (workloads.get(w).validTokens() / millis[w][r])
                            / (workloads.get(f).validTokens() / millis[f][r]);
                }
            }
            Row row = new Row(v, workloads.get(w).validTokens(), millis[w], toUni, toFixed);
            rows.add(row);
            if (json) {
                out.println(jsonLine(run, row, lengths, check, machine));
                out.flush();
            }
        }
        return table(run, rows, lengths);
    }

    private String preface(Machine machine) {
        List<String> flags = new ArrayList<>();
        if (bidirectional) {
            flags.add("--bidirectional");
        }
        if (uniformLengths) {
            flags.add("--lengths " + UNIFORM);
        }
        if (cell != null) {
            flags.add("--cell " + cell.name());
        }
        if (cpuClock) {
            flags.add("--clock cpu");
        }
        return String.format(Locale.ROOT, "Step time of %s (autograd) on sequence variants, beside its unidirectional "
                + "fixed-length step in the same run: `bench %s`, %d rounds, %d thread(s), seed %d (sizes and step "
                + "counts above each table). Machine: %s."
                + "%n%nEach figure comes from %d interleaved rounds (each runs every row's warm-up and timed steps "
                + "once, in an order rotated by one per round). Step time: the median over the rounds of each round's "
                + "median, with the range of the round medians. Valid tokens/s: the valid tokens per step (B·T, or "
                + "the sum of the lengths) over that step time. \"Step time ÷ unidirectional\": a bidirectional row's "
                + "step time over the unidirectional row's on the same lengths, in the same round; \"valid tokens/s ÷ "
                + "fixed length\": a variable-length row's valid tokens/s over the fixed-length row's tokens/s in the "
                + "same directions, in the same round; both the median of the rounds with their range. Losses count "
                + "valid positions only (config A: mean cross-entropy over them; config B: the sum of the outputs, "
                + "zero past each length).%s%n", name(), String.join(" ", flags), repeats, threads, seed,
                machine.describe(), repeats, cpuClock ? " Step times are CPU time of the one thread that runs "
                        + "the step and its kernels (--clock cpu), not wall time: the work done, whatever else the "
                        + "machine runs; tokens/s are per second of that CPU time." : "");
    }

    private String table(CellTable.Run run, List<Row> rows, int[] lengths) {
        BenchSize size = run.size();
        String nl = System.lineSeparator();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "### Config %s: %s, %s; %s, B = %d, T = %d; %d warm-up and %d timed "
                        + "steps per round%n%n", size.config(), size.config().trains()
                        ? "one-hot V = " + size.vocab() + ", H = " + size.hidden()
                        : "I = " + size.input() + ", H = " + size.hidden(),
                size.dtype(), size.config().trains() ? "a training step (Linear head, cross-entropy, clip, SGD)"
                        : "forward and backward of the sum of outputs", size.batch(), size.steps(), run.warmup(),
                run.measure()));
        if (lengths != null) {
            long valid = Arrays.stream(lengths).asLongStream().sum();
            sb.append(String.format(Locale.ROOT, "Lengths: uniform in [%d, %d], seed %d: %,d valid tokens per step of "
                            + "%,d (%.1f %%), shortest %d, longest %d.%n%n", (size.steps() + 1) / 2, size.steps(), seed,
                    valid, size.tokens(), 100.0 * valid / size.tokens(), Arrays.stream(lengths).min().orElse(0),
                    Arrays.stream(lengths).max().orElse(0)));
        }
        sb.append("| " + name() + " | valid tokens per step | step ms: median (range) | valid tokens/s");
        sb.append(bidirectional ? " | step time ÷ unidirectional" : "");
        sb.append(uniformLengths ? " | valid tokens/s ÷ fixed length" : "").append(" |").append(nl);
        sb.append("|---|---:|---:|---:").append(bidirectional ? "|---" : "").append(uniformLengths ? "|---" : "")
                .append("|").append(nl);
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %,d | %.2f (%.2f–%.2f) | %,.0f", r.variant().label(),
                    r.validTokens(), r.medianMillis(), min(r.millis()), max(r.millis()), r.tokensPerSecond()));
            if (bidirectional) {
                sb.append(" | ").append(ratio(r.ratioToUnidirectional()));
            }
            if (uniformLengths) {
                sb.append(" | ").append(ratio(r.ratioToFixed()));
            }
            sb.append(" |").append(nl);
        }
        return sb.toString();
    }

    /** "median (min–max)", or "1 (reference)" for a row that is the other rows' reference in that column. */
    private static String ratio(double[] perRound) {
        return perRound == null ? "1 (reference)" : String.format(Locale.ROOT, "%.2f (%.2f–%.2f)",
                CellTable.median(perRound), min(perRound), max(perRound));
    }

    private String jsonLine(CellTable.Run run, Row row, int[] lengths, Agreement check, Machine machine) {
        BenchSize size = run.size();
        Variant v = row.variant();
        double[] toUni = row.ratioToUnidirectional();
        double[] toFixed = row.ratioToFixed();
        boolean checked = check != null && !v.bidirectional() && !v.variable();
        return "{" + String.join(",", Json.member("impl", "sequence"),
                Json.member("cell", cell == null ? CellTable.REFERENCE : cell.label()),
                Json.member("config", size.config().name()), Json.member("dtype", size.dtype().toString()),
                Json.member("batch", size.batch()), Json.member("steps", size.steps()),
                Json.member("input", size.input()), Json.member("hidden", size.hidden()),
                Json.member("vocab", size.vocab()), Json.member("threads", threads),
                Json.member("warmup", run.warmup()), Json.member("measure", run.measure()),
                Json.member("rounds", repeats), Json.member("clock", cpuClock ? "cpu" : "wall"),
                Json.member("bidirectional", v.bidirectional()),
                Json.member("lengths", v.variable() ? UNIFORM : "fixed"),
                Json.member("length_min", v.variable() ? Arrays.stream(lengths).min().orElse(0) : size.steps()),
                Json.member("length_max", v.variable() ? Arrays.stream(lengths).max().orElse(0) : size.steps()),
                Json.member("valid_tokens_per_step", row.validTokens()),
                Json.member("tokens_per_s", row.tokensPerSecond()), Json.member("ms_median", row.medianMillis()),
                Json.member("ms_min", min(row.millis())), Json.member("ms_max", max(row.millis())),
                Json.member("ratio_to_unidirectional", toUni == null ? Double.NaN : CellTable.median(toUni)),
                Json.member("ratio_to_unidirectional_min", toUni == null ? Double.NaN : min(toUni)),
                Json.member("ratio_to_unidirectional_max", toUni == null ? Double.NaN : max(toUni)),
                Json.member("ratio_to_fixed", toFixed == null ? Double.NaN : CellTable.median(toFixed)),
                Json.member("ratio_to_fixed_min", toFixed == null ? Double.NaN : min(toFixed)),
                Json.member("ratio_to_fixed_max", toFixed == null ? Double.NaN : max(toFixed)),
                checked ? Json.member("agreement_passed", check.passed())
                        : Json.quote("agreement_passed") + ":null",
                machine.jsonMembers()) + "}";
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}
