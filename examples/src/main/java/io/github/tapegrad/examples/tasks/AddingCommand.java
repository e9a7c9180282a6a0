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

/** The adding problem ({@link AddingProblem}) with variable lengths, bidirectional by default. */
@Command(name = "adding", mixinStandardHelpOptions = true, defaultValueProvider = AddingCommand.Defaults.class,
        description = {"The adding problem (Hochreiter & Schmidhuber 1997; Le et al. 2015) with variable lengths: "
                + "each step has a value in [0, 1) and a marker, 1 at exactly two steps (one in each half); the "
                + "target is the sum of the two marked values. Lengths are drawn uniformly from [ceil(T/2), T] per "
                + "sequence, batches are padded, the network runs each sequence to its own length and the head reads "
                + "the final states (both directions' when bidirectional). Loss: MSE.",
            "Reports validation MSE and accuracy (|prediction - target| < 0.04) per epoch against the baseline of "
                + "always predicting 1 (MSE 1/6 = 0.167, accuracy 7.8 %%), real steps per second, and writes "
                + "adding-loss.png and adding-accuracy.png."})
public final class AddingCommand implements Callable<Integer> {
    static final int DEFAULT_EPOCHS = 10;

    @Spec
    private CommandSpec spec;

    @Mixin
    private CommonOptions common;

    @Mixin
    private TaskOptions options;

    @Option(names = "--length", paramLabel = "T",
            description = "The longest sequence, 3 to " + Ranges.MAX_SIZE + "; each sequence's length is drawn "
                    + "uniformly from [ceil(T/2), T] (default: ${DEFAULT-VALUE}).")
    private int length;

    /** The command's defaults: {@link AddingProblem#defaults()} at T = {@value AddingProblem#DEFAULT_LENGTH}. */
    public static final class Defaults extends TaskOptions.Defaults {
        @Override
        protected Task<?> task() {
            return new AddingProblem(AddingProblem.DEFAULT_LENGTH);
        }

        @Override
        protected int epochs() {
            return DEFAULT_EPOCHS;
        }

        @Override
        protected Map<String, String> taskOptions() {
            return Map.of("--length", Integer.toString(AddingProblem.DEFAULT_LENGTH));
        }
    }

    @Override
    public Integer call() {
        options.validate();
        Ranges.between("--length", length, 3, Ranges.MAX_SIZE);
        AddingProblem task = new AddingProblem(length);
        options.checkSize(task.defaults(), List.of(Knob.option("--length", length, AddingProblem.DEFAULT_LENGTH)),
                v -> new TaskOptions.Shape(task.inputSize(), task.outputSize(), v[0]));
        String sizes = String.format(Locale.ROOT, "adding problem: lengths uniform in [%d, %d], two markers, target "
                + "their values' sum; batches padded to their longest", task.minLength(), task.maxLength());
        return TaskRunner.run(spec, common, options, task, sizes);
    }
}
