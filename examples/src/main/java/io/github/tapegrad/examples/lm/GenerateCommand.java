package io.github.tapegrad.examples.lm;

import io.github.tapegrad.examples.UserInputException;
import io.github.tapegrad.examples.data.Vocab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/** Continues a prefix with a model saved by {@code time-machine}. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Continue a prefix with a character model saved by time-machine.")
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--checkpoint", paramLabel = "FILE", required = true,
            description = "A checkpoint written by time-machine (e.g. out/" + TimeMachineCommand.CHECKPOINT_FILE + ").")
    private Path checkpoint;

    @Option(names = "--prefix", paramLabel = "TEXT", defaultValue = "time traveller",
            description = "Text to continue, lower-case letters and spaces (default: ${DEFAULT-VALUE}).")
    private String prefix;

    @Option(names = "--length", paramLabel = "N", defaultValue = "50",
            description = "Characters to generate (default: ${DEFAULT-VALUE}).")
    private int length;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0",
            description = "0: always the most likely character (d2l's predict_ch8); > 0: sample from "
                    + "softmax(logits / T) (default: ${DEFAULT-VALUE}).")
    private double temperature;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the sampling when --temperature > 0 (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Override
    public Integer call() {
        if (length < 0) {
            throw new UserInputException("--length " + length + ": must be >= 0");
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new UserInputException("--temperature " + temperature + ": must be a finite number >= 0");
        }
        Map<String, String> metadata = CheckpointFiles.readMetadata("--checkpoint", checkpoint);
        TrainingSetup setup = TrainingSetup.fromMetadata(metadata, "--checkpoint " + checkpoint);
        Vocab vocab = setup.vocab();
        String text = prefix.toLowerCase(Locale.ROOT);
        if (text.isEmpty()) {
            throw new UserInputException("--prefix: must not be empty");
        }
        for (int i = 0; i < text.length(); i++) {
            if (vocab.indexOf(text.charAt(i)) == Vocab.UNKNOWN_INDEX) {
                throw new UserInputException("--prefix '" + prefix + "': character '" + text.charAt(i)
                        + "' is not in the model's vocabulary '" + setup.vocabTokens() + "'");
            }
        }
        CharLanguageModel model = new CharLanguageModel(setup.model(), seed);
        CheckpointFiles.load("--checkpoint", checkpoint, model, null);
        TextGenerator generator = new TextGenerator(model, vocab);
        spec.commandLine().getOut().println(generator.generate(text, length, temperature, new SplittableRandom(seed)));
        return 0;
    }
}
