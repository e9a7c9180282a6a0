package io.github.tapegrad.examples.tasks;

import io.github.tapegrad.examples.cli.CellChoice;
import io.github.tapegrad.examples.cli.CellProfile;
import io.github.tapegrad.examples.cli.Ranges;
import io.github.tapegrad.examples.cli.RecurrentFootprint;
import io.github.tapegrad.examples.cli.SizeCheck;
import io.github.tapegrad.examples.cli.SizeCheck.Footprint;
import io.github.tapegrad.examples.cli.SizeCheck.Knob;
import io.github.tapegrad.examples.cli.SizeCheck.Part;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The options of the task commands ({@code adding}, {@code copy-memory}): the model, the optimizer and the data per
 * epoch. Their defaults are the task's ({@link Task#defaults()}), supplied by the command's {@link Defaults}, so
 * {@code --help} shows each command's own.
 */
public final class TaskOptions {

    @Option(names = "--cell", paramLabel = "NAME", converter = CellChoice.Converter.class,
            completionCandidates = CellChoice.Names.class,
            description = "The recurrent layers' cell: " + CellChoice.CHOICES + " (default: ${DEFAULT-VALUE}).")
    CellChoice cell;

    @Option(names = "--hidden", paramLabel = "H",
            description = "Hidden size of each layer and direction, 1 to " + Ranges.MAX_SIZE
                    + ", and the model must fit the heap (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--layers", paramLabel = "N",
            description = "Stacked recurrent layers, 1 to " + Ranges.MAX_LAYERS + " (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--bidirectional", negatable = true, fallbackValue = "true",
            description = "--bidirectional: per layer a forward and a reverse direction, the reverse one reading each "
                    + "sequence from its own end; --no-bidirectional: the forward direction only "
                    + "(default: ${DEFAULT-VALUE}).")
    boolean bidirectional;

    @Option(names = "--lr", paramLabel = "RATE", converter = Ranges.Positive.class,
            description = "Adam learning rate, a finite number > 0 (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--clip", paramLabel = "NORM", converter = Ranges.Positive.class,
            description = "Clip the gradient's global L2 norm to NORM, a finite number > 0 "
                    + "(default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--batch-size", paramLabel = "B",
            description = "Sequences per training step, 1 to " + Ranges.MAX_SIZE + " (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--batches", paramLabel = "N",
            description = "Training steps per epoch, each on freshly drawn sequences, N >= 1 "
                    + "(default: ${DEFAULT-VALUE}).")
    int batches;

    @Option(names = "--validation", paramLabel = "N",
            description = "Validation sequences, drawn once and scored after every epoch, 1 to " + Ranges.MAX_SIZE
                    + " (default: ${DEFAULT-VALUE}).")
    int validation;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs, N >= 1 (default: ${DEFAULT-VALUE}).")
    int epochs;

    /** The cell chosen. */
    public CellChoice cell() {
        return cell;
    }

    public int epochs() {
        return epochs;
    }

    /** Range checks: a bad value is a one-line user error naming the option. */
    void validate() {
        Ranges.between("--hidden", hidden, 1, Ranges.MAX_SIZE);
        Ranges.between("--layers", layers, 1, Ranges.MAX_LAYERS);
        Ranges.between("--batch-size", batchSize, 1, Ranges.MAX_SIZE);
        Ranges.between("--batches", batches, 1, Integer.MAX_VALUE);
        Ranges.between("--validation", validation, 1, Ranges.MAX_SIZE);
        Ranges.between("--epochs", epochs, 1, Integer.MAX_VALUE);
    }

    /** The hyperparameters these options give, with the kernels' thread count. */
    Hyperparameters hyperparameters(int threads) {
        return new Hyperparameters(hidden, layers, bidirectional, lr, clip, batchSize, batches, validation, threads);
    }

    /** The sizes of a task's tensors at given values of its own size options. */
    record Shape(double input, double outputs, double steps) {
    }

    /**
     * Refuses, before anything is allocated, a run whose tensors cannot exist or whose memory (weights, gradients and
     * Adam's two buffers, a training step's activations, the validation set) cannot fit the heap, naming the option to
     * lower.
     *
     * @param taskKnobs the task's size options, after --hidden, --layers, --batch-size and --validation
     * @param shape     the task's sizes at the task knobs' values
     */
    void checkSize(Hyperparameters defaults, List<Knob> taskKnobs, Function<long[], Shape> shape) {
        CellProfile profile = cell.profile();
        int directions = bidirectional ? 2 : 1;
        List<Knob> knobs = new ArrayList<>(List.of(
                Knob.option("--hidden", hidden, defaults.hidden()),
                Knob.option("--layers", layers, defaults.layers()),
                Knob.option("--batch-size", batchSize, defaults.batchSize()),
                Knob.option("--validation", validation, defaults.validationSize())));
        knobs.addAll(taskKnobs);
        Function<long[], Footprint> model = v -> {
            Shape s = shape.apply(java.util.Arrays.copyOfRange(v, 4, v.length));
            Footprint training = new RecurrentFootprint("rnn", "head", profile, s.input(), v[0], v[1], s.outputs(),
                    SequenceModel.DTYPE.bytes(), directions).training(v[2], s.steps(), 2);
            List<Part> parts = new ArrayList<>(training.parts());
            // the validation set's inputs, plus a target and a flag per step at most
            parts.add(new Part("the validation set", v[3] * s.steps() * (s.input() * SequenceModel.DTYPE.bytes() + 5)));
            return new Footprint(training.tensors(), parts);
        };
        for (long heap : new long[] {Long.MAX_VALUE, Runtime.getRuntime().maxMemory()}) {
            new SizeCheck(knobs, model).check(heap);
        }
    }

    /**
     * A task command's defaults for these options (and its own), as picocli asks for them: so {@code --help} shows
     * the values {@link Task#defaults()} holds, from one source.
     */
    public abstract static class Defaults implements IDefaultValueProvider {

        /** The task at its default sizes. */
        protected abstract Task<?> task();

        /** The epochs a default run trains. */
        protected abstract int epochs();

        /** The task's own options' defaults, by option name. */
        protected abstract Map<String, String> taskOptions();

        @Override
        public String defaultValue(ArgSpec argSpec) {
            if (!(argSpec instanceof OptionSpec option)) {
                return null;
            }
            Hyperparameters d = task().defaults();
            return switch (option.longestName()) {
                case "--cell" -> "lstm";
                case "--hidden" -> Integer.toString(d.hidden());
                case "--layers" -> Integer.toString(d.layers());
                case "--bidirectional" -> Boolean.toString(d.bidirectional());
                case "--lr" -> Double.toString(d.lr());
                case "--clip" -> Double.toString(d.clip());
                case "--batch-size" -> Integer.toString(d.batchSize());
                case "--batches" -> Integer.toString(d.batchesPerEpoch());
                case "--validation" -> Integer.toString(d.validationSize());
                case "--epochs" -> Integer.toString(epochs());
                default -> taskOptions().get(option.longestName());
            };
        }
    }
}
