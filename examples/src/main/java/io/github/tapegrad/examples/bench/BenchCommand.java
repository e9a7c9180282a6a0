package io.github.tapegrad.examples.bench;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.autograd.Backend;
import io.github.tapegrad.examples.cli.CommonOptions;
import io.github.tapegrad.examples.cli.ExitCodes;
import io.github.tapegrad.examples.cli.Ranges;
import io.github.tapegrad.examples.cli.RecurrentFootprint;
import io.github.tapegrad.examples.cli.SizeCheck;
import io.github.tapegrad.examples.cli.SizeCheck.Footprint;
import io.github.tapegrad.examples.cli.SizeCheck.Knob;
import io.github.tapegrad.examples.cli.SizeCheck.Part;
import io.github.tapegrad.nn.LSTM;
import io.github.tapegrad.nn.Recurrent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * {@code bench}: throughput of one LSTM layer's training step, three ways on the same GEMM kernel, after checking
 * that they agree. Refuses to time (exit status 1) when autograd or the custom cell disagree with the yardstick:
 * a fast wrong answer does not count.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = GemmBenchCommand.class,
        description = {
            "Benchmarks one LSTM layer's step: nn's LSTM (autograd), the same LSTM as a user-defined cell (custom) "
                    + "and a hand-derived fused yardstick (fused); see also 'bench gemm'.",
            "Config A (d2l): one-hot V=28, H=256, B=32, T=35, LSTM + Linear, mean cross-entropy, clip 1, SGD lr 1.",
            "Config B (PyTorch fastrnns): I=H=512, B=64, T=100, loss = sum of outputs, forward + backward, "
                    + "gradients for weights, input and initial state."})
public final class BenchCommand implements Callable<Integer> {

    /** Upper bound of --warmup and --measure: a million steps of config A take hours; the timings are kept. */
    static final int MAX_STEPS = 1_000_000;

    /** What --impl names; the agreement check always builds autograd and fused. */
    enum Impl { AUTOGRAD, CUSTOM, FUSED, ALL }

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
        impl = switch (implName) {
            case "autograd" -> Impl.AUTOGRAD;
            case "custom" -> Impl.CUSTOM;
            case "fused" -> Impl.FUSED;
            case "all" -> Impl.ALL;
            default -> throw new ParameterException(spec.commandLine(), "--impl " + implName
                    + ": must be autograd, custom, fused or all");
        };
        BenchSize size = resolveSize();
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        int warmupSteps = warmup == null ? config.warmup : warmup;
        int measureSteps = measure == null ? config.measure : measure;
        checkRange("--threads", threadCount, 1, CommonOptions.MAX_THREADS);
        checkRange("--warmup", warmupSteps, 0, MAX_STEPS);
        checkRange("--measure", measureSteps, 1, MAX_STEPS);
        sizeCheck(size, impl == Impl.CUSTOM || impl == Impl.ALL ? 3 : 2).check();
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

        Snapshot yardstick = yardstickTamper.apply(workloads.get(Impl.FUSED).checkedStep());
        Map<Impl, Agreement> agreements = new LinkedHashMap<>();
        for (Map.Entry<Impl, Workload> e : workloads.entrySet()) {
            if (e.getKey() != Impl.FUSED) {
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
        }
        List<BenchResult> results = new ArrayList<>();
        double fusedMillis = Double.NaN;
        for (Map.Entry<Impl, Workload> e : workloads.entrySet()) {
            if (impl != Impl.ALL && impl != e.getKey()) {
                continue;
            }
            Measurement m = Measurement.run(e.getValue(), warmupSteps, measureSteps);
            if (e.getKey() == Impl.FUSED) {
                fusedMillis = m.medianMillis();
            }
            BenchResult r = new BenchResult(e.getValue().name(), size, warmupSteps, threadCount, machine, m,
                    agreements.get(e.getKey()), fusedMillis);
            results.add(r);
            out.println(json ? r.jsonLine() : r.tableRow());
            out.flush();
        }
        if (!json) {
            out.println("allocation counted on: " + results.get(0).measurement().allocationScope());
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
        out.println(BenchResult.TABLE_HEADER);
    }

    /**
     * Refuses sizes whose tensors cannot exist or whose {@code impls} implementations (each with its own LSTM,
     * gradients and activations), the generated data (held as doubles) and the agreement check's copies cannot fit
     * the heap, naming the option to lower.
     */
    private static SizeCheck sizeCheck(BenchSize size, int impls) {
        BenchConfig c = size.config();
        boolean a = c.trains();
        return new SizeCheck(List.of(
                Knob.option("--batch", size.batch(), c.batch),
                Knob.option("--steps", size.steps(), c.steps),
                Knob.option(a ? "--vocab" : "--input", size.input(), c.input),
                Knob.option("--hidden", size.hidden(), c.hidden)),
                v -> footprint(a, size.dtype().bytes(), v[0], v[1], v[2], v[3], impls));
    }

    /**
     * Autograd and the custom cell hold what a training step of nn's LSTM holds (28 and 38 H per step and sequence,
     * see {@code ModelKind}); the yardstick its gates and their gradients, c, h and tanh c (11 H).
     */
    static Footprint footprint(boolean configA, int bytes, double batch, double steps, double input, double hidden,
                               int impls) {
        double outputs = configA ? input : 0;
        List<RecurrentFootprint> each = new ArrayList<>();
        for (int kept : impls == 3 ? new int[] {11, 28, 38} : new int[] {11, 28}) {
            each.add(new RecurrentFootprint("lstm", "head", 4, kept, input, hidden, 1, outputs, bytes));
        }
        double[] shares = new double[3];
        for (RecurrentFootprint f : each) {
            List<Part> parts = f.training(batch, steps, 0).parts();
            for (int i = 0; i < shares.length; i++) {
                shares[i] += parts.get(i).bytes();
            }
        }
        List<Part> template = each.get(0).training(batch, steps, 0).parts();
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < shares.length; i++) {
            parts.add(new Part(template.get(i).label() + " (" + impls + " implementations)", shares[i]));
        }
        double data = steps * batch * input * Double.BYTES;
        parts.add(new Part("data and the agreement check's copies",
                data + impls * (each.get(0).parameters() * Double.BYTES + data)));
        return new Footprint(each.get(0).tensors(batch, steps), parts);
    }

    private BenchSize resolveSize() {
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
            if (vocab != null) {
                throw new ParameterException(spec.commandLine(), "--vocab " + vocab + ": config B has no vocabulary");
            }
            return new BenchSize(config, dt, b, t, pick("--input", input, config.input), h, 0);
        }
        int v = vocab == null ? config.vocab : vocab;
        checkRange("--vocab", v, 2, Ranges.MAX_SIZE);
        int i = input == null ? v : pick("--input", input, v);
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
