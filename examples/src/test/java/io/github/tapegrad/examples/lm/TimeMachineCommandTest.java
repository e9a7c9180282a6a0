package io.github.tapegrad.examples.lm;

import io.github.tapegrad.examples.CommandRun;
import io.github.tapegrad.nn.checkpoint.Checkpoint;
import io.github.tapegrad.nn.checkpoint.SafeTensors;
import io.github.tapegrad.nn.checkpoint.SafeTensorsFile;
import io.github.tapegrad.nn.optim.SGD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.github.tapegrad.examples.lm.TestTexts.tiny;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The time-machine and generate subcommands run in-process with tiny settings. */
class TimeMachineCommandTest {

    @TempDir
    Path dir;

    private static List<Double> perplexities(Path checkpoint) throws IOException {
        return TrainingSetup.perplexities(Checkpoint.readMetadata(checkpoint), checkpoint.toString());
    }

    @Test
    void perplexityFallsAndOutputsAreWritten() throws IOException {
        Path text = TestTexts.repetitive(dir);
        Path out = dir.resolve("out");
        CommandRun run = CommandRun.of(withCommand("time-machine", tiny(text, out, "--epochs", "10")));
        run.succeeded();

        List<Double> history = perplexities(out.resolve(TimeMachineCommand.CHECKPOINT_FILE));
        assertEquals(10, history.size());
        history.forEach(p -> assertTrue(Double.isFinite(p) && p >= 1, "perplexity " + p));
        assertTrue(history.get(9) < 0.5 * history.get(0), "perplexity should fall: " + history);
        CommandRun.assertPng(out.resolve(TimeMachineCommand.PLOT_FILE));
        assertTrue(run.out().contains("perplexity") && run.out().contains("tokens/s"), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("time traveller")), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("traveller")), run.out());
    }

    @Test
    void checkpointReloadsToIdenticalParametersAndOptimizerState() throws IOException {
        Path text = TestTexts.repetitive(dir);
        Path out = dir.resolve("out");
        CommandRun.of(withCommand("time-machine", tiny(text, out, "--epochs", "2"))).succeeded();
        Path saved = out.resolve(TimeMachineCommand.CHECKPOINT_FILE);

        Map<String, String> metadata = Checkpoint.readMetadata(saved);
        TrainingSetup setup = TrainingSetup.fromMetadata(metadata, saved.toString());
        CharLanguageModel model = new CharLanguageModel(setup.model(), 12345);
        SGD sgd = new SGD(model, 0.5);
        Checkpoint.load(saved, model, sgd);
        Path again = dir.resolve("again.safetensors");
        Checkpoint.save(again, model, sgd, metadata);

        SafeTensorsFile before = SafeTensors.read(saved);
        SafeTensorsFile after = SafeTensors.read(again);
        assertEquals(before.tensors(), after.tensors());
        assertEquals(before.metadata(), after.metadata());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sequential", "random"})
    void resumedRunEqualsUninterruptedRunBitForBit(String sampling) throws IOException {
        Path text = TestTexts.repetitive(dir);
        Path whole = dir.resolve("whole");
        Path split = dir.resolve("split");
        CommandRun.of(withCommand("time-machine", tiny(text, whole, "--epochs", "4", "--sampling", sampling,
                "--threads", "2"))).succeeded();
        CommandRun.of(withCommand("time-machine", tiny(text, split, "--epochs", "2", "--sampling", sampling,
                "--threads", "2"))).succeeded();
        Path first = split.resolve(TimeMachineCommand.CHECKPOINT_FILE);
        Path firstCopy = dir.resolve("after-2.safetensors");
        java.nio.file.Files.copy(first, firstCopy);
        CommandRun resumed = CommandRun.of(withCommand("time-machine", tiny(text, split, "--epochs", "4",
                "--sampling", sampling, "--threads", "2", "--resume", firstCopy.toString()))).succeeded();
        assertTrue(resumed.out().contains("resuming after epoch 2"), resumed.out());

        SafeTensorsFile expected = SafeTensors.read(whole.resolve(TimeMachineCommand.CHECKPOINT_FILE));
        SafeTensorsFile actual = SafeTensors.read(split.resolve(TimeMachineCommand.CHECKPOINT_FILE));
        assertEquals(expected.tensors(), actual.tensors(), "parameters and optimizer state, bit for bit");
        assertEquals(expected.metadata().get("perplexity"), actual.metadata().get("perplexity"));
        assertEquals("4", actual.metadata().get("epoch"));
    }

    @Test
    void generateContinuesFromASavedCheckpoint() throws IOException {
        Path text = TestTexts.repetitive(dir);
        Path out = dir.resolve("out");
        CommandRun.of(withCommand("time-machine", tiny(text, out, "--epochs", "6"))).succeeded();
        String checkpoint = out.resolve(TimeMachineCommand.CHECKPOINT_FILE).toString();

        String greedy = CommandRun.of("generate", "--checkpoint", checkpoint, "--prefix", "the quick", "--length", "20")
                .succeeded().out().strip();
        assertEquals("the quick".length() + 20, greedy.length(), greedy);
        assertTrue(greedy.startsWith("the quick"), greedy);

        String[] sampled = {"generate", "--checkpoint", checkpoint, "--prefix", "The lazy", "--length", "30",
            "--temperature", "0.8", "--seed", "7"};
        String once = CommandRun.of(sampled).succeeded().out();
        assertEquals(once, CommandRun.of(sampled).succeeded().out(), "same seed, same sample");
        assertTrue(once.startsWith("the lazy"), once);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gru", "rnn", "custom"})
    void otherModelsTrainOnTheBundledBook(String model) {
        Path out = dir.resolve(model);
        CommandRun run = CommandRun.of("time-machine", "--model", model, "--epochs", "1", "--hidden", "8",
                "--layers", "2", "--init", "d2l", "--out", out.toString()).succeeded();
        assertTrue(run.out().contains("The Time Machine"), run.out());
        assertTrue(run.out().contains("perplexity"), run.out());
    }

    static String[] withCommand(String command, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }
}
