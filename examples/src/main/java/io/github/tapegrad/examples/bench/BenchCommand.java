package io.github.tapegrad.examples.bench;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Backend;
import io.github.tapegrad.examples.UserInputException;
import io.github.tapegrad.examples.cli.CellChoice;
import io.github.tapegrad.examples.cli.CellProfile;
import io.github.tapegrad.examples.cli.CommonOptions;
import io.github.tapegrad.examples.cli.ExitCodes;
import io.github.tapegrad.examples.cli.Ranges;
import io.github.tapegrad.nn.Cells;
import io.github.tapegrad.nn.LSTM;
import io.github.tapegrad.nn.Recurrent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * {@code bench}: throughput of one LSTM layer's training step, three ways on the same GEMM kernel, after checking
 * that they agree, and of any cell beside it ({@code --cell}); or a table of many cells on both configurations
 * ({@code --cells}, see {@link CellTable}); or the sequence variants, bidirectional and variable lengths, against the
 * unidirectional fixed-length step ({@code --bidirectional}, {@code --lengths uniform}, see {@link SequenceBench}).
 * Refuses to time (exit status 1) when autograd or the custom cell disagree
 * with the yardstick: a fast wrong answer does not count.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = GemmBenchCommand.class,
        description = {
            "Benchmarks one LSTM layer's step: nn's LSTM (autograd), the same LSTM as a user-defined cell (custom) "
                    + "and a hand-derived fused yardstick (fused), and any --cell beside them; --cells times many "
                    + "cells on configs A and B for a markdown table; --bidirectional and --lengths uniform time "
                    + "the bidirectional stack and variable-length batches against the unidirectional fixed-length "
                    + "step; see also 'bench gemm'.",
            "Config A (d2l): one-hot V=28, H=256, B=32, T=35, LSTM + Linear, mean cross-entropy, clip 1, SGD lr 1.",
            "Config B (PyTorch fastrnns): I=H=512, B=64, T=100, loss = sum of outputs, forward + backward, "
                    + "gradients for weights, input and initial state."})
public final class BenchCommand implements Callable<Integer> {

    /** Upper bound of --warmup and --measure: a million steps of config A take hours; the timings are kept. */
    static final int MAX_STEPS = 1_000_000;

    /** What --impl names (and CELL, the --cell); the agreement check always builds autograd and fused. */
    enum Impl { AUTOGRAD, CUSTOM, FUSED, ALL, CELL }

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "A|B", defaultValue = "A",
            description = "Workload: A (d2l training step) or B (fastrnns forward + backward); default ${DEFAULT-VALUE}.")
    String configName = "A";

    @Option(names = "--batch", paramLabel = "N", description = "Override the batch size B, 1 to 1048576.")
    Integer batch;

    @Option(names = "--steps", paramLabel = "N", description = "Override the sequence length T, 1 to 1048576.")
    Integer steps;

    @Option(names = "--input", paramLabel = "N",
            description = "Override the input size I, 1 to 1048576 (config A: must equal V).")
    Integer input;

    @Option(names = "--hidden", paramLabel = "N",
            description = "Override the hidden size H, 1 to 1048576; all sizes together must fit the heap.")
    Integer hidden;

    @Option(names = "--vocab", paramLabel = "N",
            description = "Override the vocabulary size V, 2 to 1048576 (config A only).")
    Integer vocab;

    @Option(names = "--dtype", paramLabel = "float32|float64", defaultValue = "float32",
            description = "Element type (default ${DEFAULT-VALUE}).")
    String dtype = "float32";

    @Option(names = "--threads", paramLabel = "N",
            description = "Kernel threads, 1 to 1024 (default: the number of processors).")
    Integer threads;

    @Option(names = "--warmup", paramLabel = "N",
            description = "Untimed steps per implementation, 0 to 1000000 (default: A 80, B 5; the JIT needs them).")
    Integer warmup;

    @Option(names = "--measure", paramLabel = "N",
            description = "Timed steps per implementation, 1 to 1000000 (default: A 60, B 10).")
    Integer measure;

    @Option(names = "--impl", paramLabel = "autograd|custom|fused|all", defaultValue = "all",
            description = "Which implementations to time (default ${DEFAULT-VALUE}); the agreement check always runs.")
    String implName = "all";

    @Option(names = "--cell", paramLabel = "NAME", converter = CellChoice.Converter.class,
            completionCandidates = CellChoice.Names.class,
            description = "Also time this cell, stacked by Recurrent (autograd), beside nn's LSTM on the same data, "
                    + "and print its step time ÷ the LSTM's: " + CellChoice.CHOICES + ". A cell with the LSTM's "
                    + "parameters starts from its weights and is checked against the yardstick; any other keeps "
                    + "its own seeded init and is not compared (custom-cell --cell NAME checks it with CellCheck).")
    CellChoice cell;

    @Option(names = "--cells", paramLabel = "NAME|zoo", split = ",",
            description = "Table mode: time each cell (zoo for the whole zoo, in its order) and nn's LSTM on config A "
                    + "and config B (only the one --config names, when given) in --repeats interleaved rounds, and "
                    + "print markdown tables: cell, gate blocks, parameters, tokens/s, step time ÷ nn's LSTM. Here "
                    + "--vocab sizes config A and --input config B.")
    List<String> cells;

    @Option(names = "--bidirectional",
            description = "Sequence mode: also time the bidirectional stack (nn's LSTM, or --cell) and give its step "
                    + "time ÷ the unidirectional step's, in --repeats interleaved rounds, on config A and config B (only "
                    + "the one --config names, when given).")
    boolean bidirectional;

    @Option(names = "--lengths", paramLabel = SequenceBench.UNIFORM,
            description = "Sequence mode: also time a batch of variable lengths, uniform in [⌈T/2⌉, T] (seeded by "
                    + "--seed), run with Recurrent.forward(input, lengths) and a loss over the valid positions only, "
                    + "and give its tokens/s on valid tokens ÷ the fixed-length tokens/s, in --repeats interleaved "
                    + "rounds; with --bidirectional, for both directions' stacks.")
    String lengths;

    @Option(names = "--clock", paramLabel = "wall|cpu", defaultValue = "wall",
            description = "With --bidirectional or --lengths: time steps by the wall clock (default) or by the CPU "
                    + "time of the thread running them, which needs --threads 1 (the work done, steady on a loaded "
                    + "machine).")
    String clock = "wall";

    @Option(names = "--repeats", paramLabel = "N",
            description = "With --cells, --bidirectional or --lengths: interleaved rounds, each timing every row once; "
                    + "the figures are their medians. 3 to 1000 (default: " + CellTable.DEFAULT_REPEATS + ").")
    Integer repeats;

    @Option(names = "--markdown", paramLabel = "FILE",
            description = "With --cells, --bidirectional or --lengths: also write the tables to FILE (atomically: a "
                    + "failed write leaves FILE as it was).")
    Path markdown;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the weights and data (default ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--json", description = "Print one JSON line per result instead of the table.")
    boolean json;

    @Option(names = "--no-limit",
            description = "Skip the physical limit: by default the GEMM kernel is then timed at 2048³ on the same "
                    + "threads (a second or so), giving the step's best possible tokens/s and each "
                    + "implementation's share of it.")
    boolean noLimit;

    private BenchConfig config;
    private Impl impl;

    /** Tests only: replaces the yardstick's snapshot before the check, to prove the check can fail. */
    private final UnaryOperator<Snapshot> yardstickTamper;

    public BenchCommand() {
        this(UnaryOperator.identity());
    }

    BenchCommand(UnaryOperator<Snapshot> yardstickTamper) {
        this.yardstickTamper = yardstickTamper;
    }

    @Override
    public Integer call() {
        config = switch (configName) {
            case "A", "a" -> BenchConfig.A;
            case "B", "b" -> BenchConfig.B;
            default -> throw new ParameterException(spec.commandLine(), "--config " + configName + ": must be A or B");
        };
        if (lengths != null && !lengths.equals(SequenceBench.UNIFORM)) {
            throw new ParameterException(spec.commandLine(), "--lengths " + lengths + ": must be "
                    + SequenceBench.UNIFORM + " (lengths uniform in [⌈T/2⌉, T], seeded by --seed)");
        }
        if (bidirectional || lengths != null) {
            return sequenceMode();
        }
        if (cells != null) {
            return tableMode();
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--clock")) {
            throw new ParameterException(spec.commandLine(), "--clock: only with --bidirectional or --lengths");
        }
        for (String tableOnly : List.of("--repeats", "--markdown")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(tableOnly)) {
                throw new ParameterException(spec.commandLine(), tableOnly + ": only with --cells, --bidirectional or "
                        + "--lengths");
            }
        }
        impl = switch (implName) {
            case "autograd" -> Impl.AUTOGRAD;
            case "custom" -> Impl.CUSTOM;
            case "fused" -> Impl.FUSED;
            case "all" -> Impl.ALL;
            default -> throw new ParameterException(spec.commandLine(), "--impl " + implName
                    + ": must be autograd, custom, fused or all");
        };
        BenchSize size = resolveSize(false);
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        int warmupSteps = warmup == null ? config.warmup : warmup;
        int measureSteps = measure == null ? config.measure : measure;
        checkRange("--threads", threadCount, 1, CommonOptions.MAX_THREADS);
        checkRange("--warmup", warmupSteps, 0, MAX_STEPS);
        checkRange("--measure", measureSteps, 1, MAX_STEPS);
        CellProfile lstm = CellChoice.of("lstm").profile();
        List<CellProfile> held = new ArrayList<>(List.of(lstm.withKeptPerStep(BenchFootprint.FUSED_KEPT_PER_STEP), lstm));
        if (impl == Impl.CUSTOM || impl == Impl.ALL) {
            held.add(CellProfile.of("custom", CustomLstmCell::new));
        }
        if (cell != null) {
            held.add(cell.profile());
        }
        BenchFootprint.sizeCheck(size, held, false).check();
        Backend.threads(threadCount);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        BenchData data = BenchData.generate(size, seed);
        Map<Impl, Workload> workloads = new LinkedHashMap<>();
        workloads.put(Impl.FUSED, size.dtype() == DType.FLOAT32 ? new FusedWorkloadF32(data) : new FusedWorkloadF64(data));
        workloads.put(Impl.AUTOGRAD, new AutogradWorkload("autograd", data,
                new LSTM(size.input(), size.hidden(), size.dtype(), new Random(seed))));
        if (impl == Impl.CUSTOM || impl == Impl.ALL) {
            workloads.put(Impl.CUSTOM, new AutogradWorkload("custom", data, new Recurrent(CustomLstmCell::new,
                    Recurrent.options(size.input(), size.hidden()).dtype(size.dtype()))));
        }
        AutogradWorkload cellWorkload = null;
        if (cell != null) {
            cellWorkload = new AutogradWorkload("cell:" + cell.label(), data, cellRecurrent(cell, size, seed));
            workloads.put(Impl.CELL, cellWorkload);
        }

        Snapshot yardstick = yardstickTamper.apply(workloads.get(Impl.FUSED).checkedStep());
        Map<Impl, Agreement> agreements = new LinkedHashMap<>();
        for (Map.Entry<Impl, Workload> e : workloads.entrySet()) {
            if (e.getKey() == Impl.CELL && !cellWorkload.sharesLstmWeights()) {
                e.getValue().checkedStep(); // its first step, untimed, as every other implementation's
            } else if (e.getKey() != Impl.FUSED) {
                agreements.put(e.getKey(), Agreement.compare(e.getValue().name(), e.getValue().checkedStep(), yardstick,
                        size.tolerance()));
            }
        }
        for (Agreement a : agreements.values()) {
            if (!a.passed()) {
                err.println(spec.qualifiedName() + ": refusing to time " + size + ": " + a.describe());
                err.flush();
                return ExitCodes.INTERNAL_ERROR;
            }
        }
        agreements.put(Impl.FUSED, agreements.get(Impl.AUTOGRAD));

        Machine machine = Machine.current();
        if (!json) {
            printHeader(out, size, machine, warmupSteps, measureSteps, agreements);
            if (cell != null && !agreements.containsKey(Impl.CELL)) {
                out.println("check: " + cellWorkload.name() + ": not compared: the yardstick computes an LSTM and this "
                        + "cell another function (custom-cell --cell " + cell.name() + " checks it with CellCheck)");
            }
            out.println(BenchResult.TABLE_HEADER);
        }
        List<BenchResult> results = new ArrayList<>();
        double fusedMillis = Double.NaN;
        double lstmMillis = Double.NaN;
        for (Map.Entry<Impl, Workload> e : workloads.entrySet()) {
            Impl key = e.getKey();
            boolean beside = cell != null && (key == Impl.CELL || key == Impl.AUTOGRAD);
            if (impl != Impl.ALL && impl != key && !beside) {
                continue;
            }
            Measurement m = Measurement.run(e.getValue(), warmupSteps, measureSteps);
            if (key == Impl.FUSED) {
                fusedMillis = m.medianMillis();
            } else if (key == Impl.AUTOGRAD) {
                lstmMillis = m.medianMillis();
            }
            BenchResult r = new BenchResult(e.getValue().name(), size, warmupSteps, threadCount, machine, m,
                    agreements.get(key), key != Impl.CELL || cellWorkload.sharesLstmWeights(), fusedMillis, lstmMillis);
            results.add(r);
            out.println(json ? r.jsonLine() : r.tableRow());
            out.flush();
        }
        if (!json) {
            out.println("allocation counted on: " + results.get(0).measurement().allocationScope());
            if (cell != null) {
                BenchResult last = results.get(results.size() - 1);
                out.printf("%s: step time ÷ nn's LSTM (autograd), same run and data: %.2f%n", last.impl(),
                        last.ratioToLstm());
            }
        }
        if (!noLimit) {
            Limit best = Limit.measure(size, threadCount, machine);
            out.println(json ? best.jsonLine() : best.describe(results));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void printHeader(PrintWriter out, BenchSize size, Machine machine, int warmupSteps, int measureSteps,
                             Map<Impl, Agreement> agreements) {
        out.println("bench: " + size);
        out.println("machine: " + machine.describe());
        out.printf("GEMM FLOPs per step (%s): %.4g GFLOP%n", size.flopFormula(), size.flopsPerStep() / 1e9);
        for (Map.Entry<Impl, Agreement> e : agreements.entrySet()) {
            if (e.getKey() != Impl.FUSED) {
                out.println("check: " + e.getValue().describe());
            }
        }
        out.println("steps: " + warmupSteps + " warm-up, " + measureSteps + " timed individually (System.nanoTime)");
    }

    /** One layer of {@code cell} on the run's sizes, its parameters drawn from {@code seed}. */
    static Recurrent cellRecurrent(CellChoice cell, BenchSize size, long seed) {
        return new Recurrent(cell.factory(), Recurrent.options(size.input(), size.hidden()).dtype(size.dtype())
                .rng(new Random(seed)));
    }

    /**
     * --bidirectional, --lengths: resolves the sizes of each configuration, then hands over to {@link SequenceBench}.
     * Times nn's LSTM, or the --cell.
     */
    private int sequenceMode() {
        String flag = bidirectional ? "--bidirectional" : "--lengths";
        for (String other : List.of("--cells", "--impl", "--no-limit")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(other)) {
                throw new ParameterException(spec.commandLine(), other + ": not with " + flag + " (which times nn's "
                        + "LSTM, or the --cell, against its unidirectional fixed-length step, without the physical "
                        + "limit)");
            }
        }
        int rounds = repeats == null ? CellTable.DEFAULT_REPEATS : repeats;
        checkRange("--repeats", rounds, CellTable.MIN_REPEATS, 1000);
        List<BenchConfig> configs = spec.commandLine().getParseResult().hasMatchedOption("--config")
                ? List.of(config) : List.of(BenchConfig.A, BenchConfig.B);
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        checkRange("--threads", threadCount, 1, CommonOptions.MAX_THREADS);
        if (!clock.equals("wall") && !clock.equals("cpu")) {
            throw new ParameterException(spec.commandLine(), "--clock " + clock + ": must be wall or cpu");
        }
        if (clock.equals("cpu") && threadCount != 1) {
            throw new ParameterException(spec.commandLine(), "--clock cpu with " + threadCount + " kernel threads: "
                    + "needs --threads 1 (the CPU time of kernel worker threads is not counted)");
        }
        CellProfile profile = (cell == null ? CellChoice.of("lstm") : cell).profile();
        List<CellTable.Run> runs = new ArrayList<>();
        for (BenchConfig c : configs) {
            config = c;
            BenchSize size = resolveSize(configs.size() > 1);
            int warmupSteps = warmup == null ? c.warmup : warmup;
            int measureSteps = measure == null ? c.measure : measure;
            checkRange("--warmup", warmupSteps, 0, MAX_STEPS);
            checkRange("--measure", measureSteps, 1, MAX_STEPS);
            // each row holds its network; a bidirectional one twice the parameters and activations
            List<CellProfile> held = new ArrayList<>();
            for (int row = 0; row < (lengths != null ? 2 : 1); row++) {
                held.add(profile);
                if (bidirectional) {
                    held.add(profile.withKeptPerStep(2 * profile.keptPerStep()));
                    held.add(profile);
                }
            }
            BenchFootprint.sizeCheck(size, held, true).check();
            runs.add(new CellTable.Run(size, warmupSteps, measureSteps));
        }
        Backend.threads(threadCount);
        return new SequenceBench(cell, bidirectional, lengths != null, runs, rounds, threadCount, seed,
                spec.commandLine().getOut(), spec.commandLine().getErr(), spec.qualifiedName(), json, clock.equals("cpu")).run(markdown);
    }

    /** --cells: resolves the names and the sizes of each configuration, then hands over to {@link CellTable}. */
    private int tableMode() {
        for (String single : List.of("--impl", "--cell", "--no-limit", "--clock")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(single)) {
                throw new ParameterException(spec.commandLine(), single + ": not with --cells (which times nn's LSTM "
                        + "and the named cells, without the physical limit)");
            }
        }
        List<CellChoice> chosen = new ArrayList<>();
        for (String name : cells) {
            if (name.equals("zoo")) {
                Cells.names().forEach(n -> chosen.add(CellChoice.of(n)));
            } else {
                try {
                    chosen.add(CellChoice.of(name));
                } catch (UserInputException e) {
                    throw new ParameterException(spec.commandLine(), "--cells: " + e.getMessage());
                }
            }
        }
        int rounds = repeats == null ? CellTable.DEFAULT_REPEATS : repeats;
        checkRange("--repeats", rounds, CellTable.MIN_REPEATS, 1000);
        List<BenchConfig> configs = spec.commandLine().getParseResult().hasMatchedOption("--config")
                ? List.of(config) : List.of(BenchConfig.A, BenchConfig.B);
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        checkRange("--threads", threadCount, 1, CommonOptions.MAX_THREADS);
        List<CellTable.Run> runs = new ArrayList<>();
        for (BenchConfig c : configs) {
            config = c;
            BenchSize size = resolveSize(true);
            int warmupSteps = warmup == null ? c.warmup : warmup;
            int measureSteps = measure == null ? c.measure : measure;
            checkRange("--warmup", warmupSteps, 0, MAX_STEPS);
            checkRange("--measure", measureSteps, 1, MAX_STEPS);
            List<CellProfile> held = new ArrayList<>(List.of(CellChoice.of("lstm").profile()));
            chosen.forEach(choice -> held.add(choice.profile()));
            BenchFootprint.sizeCheck(size, held, true).check();
            runs.add(new CellTable.Run(size, warmupSteps, measureSteps));
        }
        Backend.threads(threadCount);
        return new CellTable(chosen, runs, rounds, threadCount, seed, spec.commandLine().getOut(),
                spec.commandLine().getErr(), spec.qualifiedName(), json).run(markdown);
    }

    /** @param bothConfigs table mode: --vocab sizes config A and --input config B, each ignored by the other */
    private BenchSize resolveSize(boolean bothConfigs) {
        DType dt = switch (dtype) {
            case "float32" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            default -> throw new ParameterException(spec.commandLine(),
                    "--dtype " + dtype + ": must be float32 or float64");
        };
        int b = pick("--batch", batch, config.batch);
        int t = pick("--steps", steps, config.steps);
        int h = pick("--hidden", hidden, config.hidden);
        if (!config.trains()) {
            if (vocab != null && !bothConfigs) {
                throw new ParameterException(spec.commandLine(), "--vocab " + vocab + ": config B has no vocabulary");
            }
            return new BenchSize(config, dt, b, t, pick("--input", input, config.input), h, 0);
        }
        int v = vocab == null ? config.vocab : vocab;
        checkRange("--vocab", v, 2, Ranges.MAX_SIZE);
        int i = input == null || bothConfigs ? v : pick("--input", input, v);
        if (i != v) {
            throw new ParameterException(spec.commandLine(), "--input " + i + " with --vocab " + v
                    + ": config A feeds one-hot tokens, so the input size is the vocabulary size");
        }
        return new BenchSize(config, dt, b, t, i, h, v);
    }

    private int pick(String option, Integer given, int fallback) {
        int value = given == null ? fallback : given;
        checkRange(option, value, 1, Ranges.MAX_SIZE);
        return value;
    }

    private void checkRange(String option, int value, int lo, int hi) {
        if (value < lo || value > hi) {
            throw new ParameterException(spec.commandLine(), option + " " + value + ": must be between " + lo + " and "
                    + hi);
        }
    }
}
