package io.github.tapegrad.examples.bench;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.examples.cli.CellChoice;
import io.github.tapegrad.examples.cli.ExitCodes;
import io.github.tapegrad.examples.cli.MarkdownFile;
import io.github.tapegrad.nn.LSTM;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * {@code bench --cells}: every named cell, stacked by {@link io.github.tapegrad.nn.Recurrent} (autograd), timed beside
 * nn's LSTM on each configuration, for a table in docs/.
 *
 * <p>Interleaved rounds: in each round every implementation runs its warm-up and timed steps once, the order rotated
 * by one from round to round, so a slow spell of the machine or the JIT's progress lands on all of them rather than
 * on whichever ran last. A figure is the median over the rounds of each round's median step time; a ratio is taken
 * within each round (the cell's step time ÷ nn's LSTM's) and its median given with its range. Before timing, nn's
 * LSTM (and any cell whose parameters are the LSTM's, which then starts from the same weights) is checked against
 * the hand-fused yardstick; the other cells compute other functions, so they are not compared.
 */
final class CellTable {
    static final int DEFAULT_REPEATS = 3;
    /** Fewer rounds would make the median the middle of two, or one figure: no spread to speak of. */
    static final int MIN_REPEATS = 3;
    /** The reference row's name. */
    static final String REFERENCE = "nn's LSTM";

    /** One configuration's sizes and step counts. */
    record Run(BenchSize size, int warmup, int measure) {
    }

    /**
     * One row of a table.
     *
     * @param gateBlocks rows of weight_ih_l0 ÷ H, or "-" when it has none or they are not a multiple of H
     * @param medianMillis the median over rounds of each round's median step time
     * @param ratios per round: step time ÷ nn's LSTM's in that round
     * @param check the agreement with the yardstick, or null when not compared
     */
    record Row(String cell, String gateBlocks, long parameters, double tokensPerSecond, double medianMillis,
               double[] ratios, Agreement check) {
        Row {
            ratios = ratios.clone();
        }

        double ratio() {
            return median(ratios);
        }
    }

    private final List<CellChoice> cells;
    private final List<Run> runs;
    private final int repeats;
    private final int threads;
    private final long seed;
    private final PrintWriter out;
    private final PrintWriter err;
    private final String command;
    private final boolean json;

    CellTable(List<CellChoice> cells, List<Run> runs, int repeats, int threads, long seed, PrintWriter out,
              PrintWriter err, String command, boolean json) {
        this.cells = List.copyOf(cells);
        this.runs = List.copyOf(runs);
        this.repeats = repeats;
        this.threads = threads;
        this.seed = seed;
        this.out = out;
        this.err = err;
        this.command = command;
        this.json = json;
    }

    /** Times every configuration and prints (and, when {@code markdown} is not null, writes) the tables. */
    int run(Path markdown) {
        if (markdown != null) {
            MarkdownFile.requireWritable("--markdown", markdown);
        }
        Machine machine = Machine.current();
        StringBuilder doc = new StringBuilder(preface(machine));
        for (Run run : runs) {
            List<Row> rows = measure(run, machine);
            if (rows == null) {
                return ExitCodes.INTERNAL_ERROR;
            }
            doc.append(System.lineSeparator()).append(table(run, rows));
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

    /** The rows of one configuration, or null after reporting a disagreement with the yardstick. */
    private List<Row> measure(Run run, Machine machine) {
        BenchSize size = run.size();
        BenchData data = BenchData.generate(size, seed);
        List<AutogradWorkload> workloads = new ArrayList<>();
        workloads.add(new AutogradWorkload(REFERENCE, data, new LSTM(size.input(), size.hidden(), size.dtype(),
                new Random(seed))));
        for (CellChoice cell : cells) {
            workloads.add(new AutogradWorkload(cell.label(), data, BenchCommand.cellRecurrent(cell, size, seed)));
        }
        Workload fused = size.dtype() == DType.FLOAT32 ? new FusedWorkloadF32(data) : new FusedWorkloadF64(data);
        Snapshot yardstick = fused.checkedStep();
        List<Agreement> checks = new ArrayList<>();
        for (AutogradWorkload w : workloads) {
            Snapshot first = w.checkedStep(); // every implementation's first step is untimed
            Agreement a = w.sharesLstmWeights() ? Agreement.compare(w.name(), first, yardstick, size.tolerance()) : null;
            if (a != null && !a.passed()) {
                err.println(command + ": refusing to time " + size + ": " + a.describe());
                err.flush();
                return null;
            }
            checks.add(a);
        }
        if (!json) {
            out.println("bench: " + size + ", " + run.warmup() + " warm-up and " + run.measure() + " timed steps per "
                    + "implementation and round, " + repeats + " rounds");
            checks.stream().filter(a -> a != null).forEach(a -> out.println("check: " + a.describe()));
            out.flush();
        }
        int n = workloads.size();
        double[][] millis = new double[n][repeats];
        for (int round = 0; round < repeats; round++) {
            for (int i = 0; i < n; i++) {
                int w = (i + round) % n;
                millis[w][round] = Measurement.run(workloads.get(w), run.warmup(), run.measure()).medianMillis();
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int w = 0; w < n; w++) {
            double[] ratios = new double[repeats];
            for (int round = 0; round < repeats; round++) {
                ratios[round] = millis[w][round] / millis[0][round];
            }
            double median = median(millis[w]);
            var rnn = workloads.get(w).rnn();
            Row row = new Row(workloads.get(w).name(), gateBlocks(rnn.namedParameters().get("weight_ih_l0"),
                    size.hidden()), rnn.parameterCount(), size.tokens() / (median / 1e3), median, ratios, checks.get(w));
            rows.add(row);
            if (json) {
                out.println(jsonLine(run, row, machine));
                out.flush();
            }
        }
        return rows;
    }

    private String preface(Machine machine) {
        List<String> names = new ArrayList<>();
        cells.forEach(c -> names.add(c.name()));
        return String.format(Locale.ROOT, "Step throughput of each cell stacked by `Recurrent` (autograd), beside "
                + "nn's `LSTM` on the same data: `bench --cells %s`, %d rounds, %d thread(s), seed %d (sizes and step "
                + "counts above each table). Machine: %s."
                + "%n%nEach tokens/s figure is B·T over the median, across %d interleaved rounds (each times every "
                + "implementation once, in an order rotated by one per round), of the round's median step time. "
                + "\"÷ nn's LSTM\" is the cell's step time over nn's LSTM's in the same round (below 1: faster): the "
                + "median of the rounds, with their range. Gate blocks: rows of weight_ih ÷ H (\"-\": none, or not a "
                + "multiple of H). Parameters: the recurrent layer's. Only nn's LSTM and cells with its parameters are "
                + "checked against the hand-derived yardstick (they start from its weights); the others are other "
                + "functions, each from its own seeded init, and `custom-cell --cell NAME` checks them with CellCheck."
                + "%n", String.join(",", names), repeats, threads, seed, machine.describe(), repeats);
    }

    private String table(Run run, List<Row> rows) {
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
        sb.append("| cell | gate blocks | parameters | tokens/s | step time ÷ nn's LSTM |").append(nl);
        sb.append("|---|---:|---:|---:|---|").append(nl);
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            String ratio = i == 0 ? "1 (reference)" : String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", r.ratio(),
                    Arrays.stream(r.ratios()).min().orElse(Double.NaN), Arrays.stream(r.ratios()).max()
                            .orElse(Double.NaN));
            sb.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,.0f | %s |%n", i == 0 ? r.cell() : "`" + r.cell()
                    + "`", r.gateBlocks(), r.parameters(), r.tokensPerSecond(), ratio));
        }
        return sb.toString();
    }

    private String jsonLine(Run run, Row row, Machine machine) {
        BenchSize size = run.size();
        return "{" + String.join(",", Json.member("impl", "cell"), Json.member("cell", row.cell()),
                Json.member("config", size.config().name()), Json.member("dtype", size.dtype().toString()),
                Json.member("batch", size.batch()), Json.member("steps", size.steps()),
                Json.member("input", size.input()), Json.member("hidden", size.hidden()),
                Json.member("vocab", size.vocab()), Json.member("threads", threads),
                Json.member("warmup", run.warmup()), Json.member("measure", run.measure()),
                Json.member("rounds", repeats), Json.member("gate_blocks", row.gateBlocks()),
                Json.member("parameters", row.parameters()), Json.member("tokens_per_s", row.tokensPerSecond()),
                Json.member("ms_median", row.medianMillis()), Json.member("ratio_to_lstm", row.ratio()),
                Json.member("ratio_min", Arrays.stream(row.ratios()).min().orElse(Double.NaN)),
                Json.member("ratio_max", Arrays.stream(row.ratios()).max().orElse(Double.NaN)),
                row.check() == null ? Json.quote("agreement_passed") + ":null"
                        : Json.member("agreement_passed", row.check().passed()),
                machine.jsonMembers()) + "}";
    }

    /** Rows of weight_ih ÷ H as text, or "-". */
    static String gateBlocks(Tensor weightIh, int hidden) {
        if (weightIh == null || weightIh.rank() != 2 || weightIh.dim(0) % hidden != 0) {
            return "-";
        }
        return Integer.toString(weightIh.dim(0) / hidden);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
