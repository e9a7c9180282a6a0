package io.github.tapegrad.examples.lm;

import io.github.tapegrad.examples.UserInputException;
import io.github.tapegrad.examples.cli.CellProfile;
import io.github.tapegrad.examples.cli.Ranges;
import io.github.tapegrad.examples.cli.SizeCheck;
import io.github.tapegrad.examples.cli.SizeCheck.Knob;
import io.github.tapegrad.examples.cli.SizeCheck.Part;
import io.github.tapegrad.examples.data.Vocab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/** Continues a prefix with a model saved by {@code time-machine}, rebuilt with the cell its checkpoint names. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Continue a prefix with a character model saved by time-machine; the model's cell (--cell of "
                + "the training run) is read from the checkpoint: a zoo cell, or a class that must then be on the "
                + "classpath.")
public final class GenerateCommand implements Callable<Integer> {
    /** A million characters take minutes (one forward step each); more is a typo, not a use. */
    static final int MAX_LENGTH = 1_000_000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--checkpoint", paramLabel = "FILE", required = true,
            description = "A checkpoint written by time-machine (e.g. out/" + TimeMachineCommand.CHECKPOINT_FILE + ").")
    private Path checkpoint;

    @Option(names = "--prefix", paramLabel = "TEXT", defaultValue = "time traveller",
            description = "Text to continue, characters of the model's vocabulary (lower-cased first) "
                    + "(default: ${DEFAULT-VALUE}).")
    private String prefix;

    @Option(names = "--length", paramLabel = "N", defaultValue = "50",
            description = "Characters to generate, 0 to " + MAX_LENGTH + " (default: ${DEFAULT-VALUE}).")
    private int length;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0", converter = Ranges.NonNegative.class,
            description = "0: always the most likely character (d2l's predict_ch8); a finite T > 0: sample from "
                    + "softmax(logits / T), which tends to the greedy choice as T goes to 0 "
                    + "(default: ${DEFAULT-VALUE}).")
    private double temperature;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the sampling when --temperature > 0 (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Override
    public Integer call() {
        Ranges.between("--length", length, 0, MAX_LENGTH);
        String text = prefix.toLowerCase(Locale.ROOT);
        if (text.isEmpty()) {
            throw new UserInputException("--prefix: must not be empty");
        }
        String source = "--checkpoint " + checkpoint;
        Map<String, String> metadata = CheckpointFiles.readMetadata("--checkpoint", checkpoint);
        TrainingSetup setup = TrainingSetup.fromMetadata(metadata, source);
        Vocab vocab = setup.vocab();
        for (int i = 0; i < text.length(); i++) {
            if (vocab.indexOf(text.charAt(i)) == Vocab.UNKNOWN_INDEX) {
                throw new UserInputException("--prefix '" + prefix + "': character '" + text.charAt(i)
                        + "' is not in the model's vocabulary '" + setup.vocabTokens() + "'");
            }
        }
        checkSizes(setup.model(), text.length(), source);
        CharLanguageModel model = new CharLanguageModel(setup.model(), seed);
        CheckpointFiles.load("--checkpoint", checkpoint, model, null);
        TextGenerator generator = new TextGenerator(model, vocab);
        String generated;
        try {
            generated = generator.generate(text, length, temperature, new SplittableRandom(seed));
        } catch (IllegalStateException e) {
            throw new UserInputException(source + ": " + e.getMessage(), e);
        }
        spec.commandLine().getOut().println(generated);
        return 0;
    }

    /** The model the checkpoint describes, its file as read and the prefix's forward pass must fit the heap. */
    private void checkSizes(ModelConfig config, int prefixLength, String source) {
        CellProfile cell = config.cell().profile();
        double fileBytes;
        try {
            fileBytes = Files.size(checkpoint);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        new SizeCheck(List.of(
                new Knob(source + ": hidden", config.hidden(), config.hidden(), false),
                new Knob("layers", config.layers(), config.layers(), false),
                Knob.option("--prefix of length", prefixLength, prefixLength)),
                v -> LanguageModelOptions.footprint(cell, config.vocabSize(), v[0], v[1])
                        .inference(v[2], new Part("the checkpoint as read", 2 * fileBytes))).check();
    }
}
