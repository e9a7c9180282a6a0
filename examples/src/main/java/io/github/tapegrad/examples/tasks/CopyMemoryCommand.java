package io.github.tapegrad.examples.tasks;

import io.github.tapegrad.examples.cli.CommonOptions;
import io.github.tapegrad.examples.cli.Ranges;
import io.github.tapegrad.examples.cli.SizeCheck.Knob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** The copy-memory task ({@link CopyMemory}) with variable delays, unidirectional by default. */
@Command(name = "copy-memory", mixinStandardHelpOptions = true,
        defaultValueProvider = CopyMemoryCommand.Defaults.class,
        description = {"The copy-memory task (Hochreiter & Schmidhuber 1997; Arjovsky et al. 2016) with variable "
                + "delays: K symbols from an alphabet of A, D - 1 blanks, a delimiter, then K blanks during which the "
                + "model outputs the K symbols in order. D is drawn uniformly from [ceil(Dmax/2), Dmax] per sequence, "
                + "batches are padded, the network runs each sequence to its own length and the head reads every "
                + "step. Loss: cross-entropy over the K output steps only (a mask from the lengths).",
            "Reports validation cross-entropy and accuracy per copied symbol per epoch against the memoryless "
                + "baseline (a uniform guess: ln A nats, accuracy 1/A), real steps per second, and writes "
                + "copy-memory-loss.png and copy-memory-accuracy.png."})
public final class CopyMemoryCommand implements Callable<Integer> {
    static final int DEFAULT_EPOCHS = 15;
    static final int DEFAULT_SYMBOLS = 5;
    static final int DEFAULT_DELAY = 10;

    @Spec
    private CommandSpec spec;

    @Mixin
    private CommonOptions common;

    @Mixin
    private TaskOptions options;

    @Option(names = "--symbols", paramLabel = "K",
            description = "Symbols to copy, 1 to " + Ranges.MAX_SIZE + " (default: ${DEFAULT-VALUE}).")
    private int symbols;

    @Option(names = "--alphabet", paramLabel = "A",
            description = "The symbols' alphabet, 2 to " + Ranges.MAX_SIZE + " (default: ${DEFAULT-VALUE}, as "
                    + "Arjovsky et al.).")
    private int alphabet;

    @Option(names = "--delay", paramLabel = "DMAX",
            description = "The longest delay from the last symbol to the delimiter, 1 to " + Ranges.MAX_SIZE
                    + "; each sequence's is drawn uniformly from [ceil(DMAX/2), DMAX] (default: ${DEFAULT-VALUE}).")
    private int delay;

    /** The command's defaults: {@link CopyMemory#defaults()} at K = 5, A = 8, Dmax = 10. */
    public static final class Defaults extends TaskOptions.Defaults {
        @Override
        protected Task<?> task() {
            return new CopyMemory(DEFAULT_SYMBOLS, CopyMemory.DEFAULT_ALPHABET, DEFAULT_DELAY);
        }

        @Override
        protected int epochs() {
            return DEFAULT_EPOCHS;
        }

        @Override
        protected Map<String, String> taskOptions() {
            return Map.of("--symbols", Integer.toString(DEFAULT_SYMBOLS),
                    "--alphabet", Integer.toString(CopyMemory.DEFAULT_ALPHABET),
                    "--delay", Integer.toString(DEFAULT_DELAY));
        }
    }

    @Override
    public Integer call() {
        options.validate();
        Ranges.between("--symbols", symbols, 1, Ranges.MAX_SIZE);
        Ranges.between("--alphabet", alphabet, 2, Ranges.MAX_SIZE);
        Ranges.between("--delay", delay, 1, Ranges.MAX_SIZE);
        CopyMemory task = new CopyMemory(symbols, alphabet, delay);
        options.checkSize(task.defaults(), List.of(
                        Knob.option("--symbols", symbols, DEFAULT_SYMBOLS),
                        Knob.option("--alphabet", alphabet, CopyMemory.DEFAULT_ALPHABET),
                        Knob.option("--delay", delay, DEFAULT_DELAY)),
                v -> new TaskOptions.Shape(v[1] + 2, v[1], v[2] + 2 * v[0]));
        String sizes = String.format(Locale.ROOT, "copy-memory: %d symbols of %d, delays uniform in [%d, %d] "
                        + "(lengths %d to %d); batches padded to their longest", symbols, alphabet, task.minDelay(),
                delay, task.minDelay() + 2 * symbols, task.maxSteps());
        return TaskRunner.run(spec, common, options, task, sizes);
    }
}
