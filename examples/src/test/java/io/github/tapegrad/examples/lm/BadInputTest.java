package io.github.tapegrad.examples.lm;

import io.github.tapegrad.examples.CommandRun;
import io.github.tapegrad.nn.checkpoint.SafeTensors;
import io.github.tapegrad.nn.checkpoint.SafeTensorsFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.github.tapegrad.examples.lm.TestTexts.tiny;
import static io.github.tapegrad.examples.lm.TimeMachineCommandTest.withCommand;

/** Every kind of bad input gives one line on stderr and exit status 2. */
class BadInputTest {

    @TempDir
    Path dir;

    private Path text;
    private Path out;

    @BeforeEach
    void setUp() throws IOException {
        text = TestTexts.repetitive(dir);
        out = dir.resolve("out");
    }

    private static CommandRun timeMachine(String... args) {
        return CommandRun.of(withCommand("time-machine", args));
    }

    @Test
    void badTextFiles() throws IOException {
        Path empty = Files.write(dir.resolve("empty.txt"), new byte[0]);
        Path binary = Files.write(dir.resolve("data.bin"), new byte[] {'a', 'b', 0, 1, 2});
        Path notUtf8 = Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9});
        Path noLetters = Files.writeString(dir.resolve("digits.txt"), "12345 67890\n");
        Path shortText = Files.writeString(dir.resolve("short.txt"), "abc\n");
        timeMachine("--text", dir.resolve("missing.txt").toString()).refusedWith("file not found");
        timeMachine("--text", empty.toString()).refusedWith("file is empty");
        timeMachine("--text", binary.toString()).refusedWith("binary file");
        timeMachine("--text", notUtf8.toString()).refusedWith("not valid UTF-8");
        timeMachine("--text", dir.toString()).refusedWith("is a directory");
        timeMachine("--text", noLetters.toString()).refusedWith("contains no letters");
        timeMachine("--text", shortText.toString()).refusedWith("needs at least");
    }

    @Test
    void badOptionValues() {
        timeMachine("--model", "transformer").refusedWith("unknown cell 'transformer'; choose one of lstm, gru, rnn, ");
        timeMachine("--cell", "transformer").refusedWith("unknown cell 'transformer'; choose one of lstm, gru, rnn, ");
        timeMachine("--hidden", "abc").refusedWith("--hidden");
        timeMachine("--epochs", "1.5").refusedWith("--epochs");
        timeMachine("--sampling", "shuffled").refusedWith("unknown sampling 'shuffled'");
        timeMachine("--init", "xavier").refusedWith("unknown init 'xavier'");
        timeMachine(tiny(text, out, "--hidden", "0")).refusedWith("--hidden 0: must be between 1 and 1048576");
        timeMachine(tiny(text, out, "--lr", "-1")).refusedWith("--lr': '-1' must be a finite number > 0");
        timeMachine(tiny(text, out, "--epochs", "0")).refusedWith("--epochs 0: must be at least 1");
        CommandRun.of("sine", "--epochs", "x").refusedWith("--epochs");
        CommandRun.of("square", "--hidden", "-3", "--out", out.toString()).refusedWith("--hidden -3: must be between 1");
        CommandRun.of("custom-cell", "--model", "gru2").refusedWith("unknown cell 'gru2'; choose one of lstm, gru, ");
    }

    @Test
    void checkpointsThatDoNotFit() throws IOException {
        timeMachine(tiny(text, out, "--epochs", "1")).succeeded();
        Path checkpoint = out.resolve(TimeMachineCommand.CHECKPOINT_FILE);

        timeMachine(tiny(text, out, "--epochs", "2", "--hidden", "24", "--resume", checkpoint.toString()))
                .refusedWith("checkpoint was trained with --hidden 16, but this run has --hidden 24");
        timeMachine(tiny(text, out, "--epochs", "2", "--model", "gru", "--resume", checkpoint.toString()))
                .refusedWith("checkpoint was trained with --cell lstm, but this run has --cell gru");
        timeMachine(tiny(text, out, "--epochs", "1", "--resume", checkpoint.toString()))
                .refusedWith("already at epoch 1");
        Path otherText = Files.writeString(dir.resolve("other.txt"), "A lazy dog jumps over the quick brown fox.\n"
                .repeat(40));
        timeMachine(tiny(otherText, out, "--epochs", "2", "--resume", checkpoint.toString()))
                .refusedWith("but this run has --text " + otherText + " (vocabulary '");
        timeMachine(tiny(text, out, "--epochs", "2", "--resume", dir.resolve("nope.safetensors").toString()))
                .refusedWith("file not found");

        byte[] bytes = Files.readAllBytes(checkpoint);
        Path truncated = Files.write(dir.resolve("truncated.safetensors"), Arrays.copyOf(bytes, bytes.length / 2));
        timeMachine(tiny(text, out, "--epochs", "2", "--resume", truncated.toString()))
                .refusedWith("--resume: checkpoint " + truncated);
        CommandRun.of("generate", "--checkpoint", truncated.toString()).refusedWith("checkpoint " + truncated);
        Path garbage = Files.writeString(dir.resolve("garbage.safetensors"), "not a checkpoint at all");
        CommandRun.of("generate", "--checkpoint", garbage.toString()).refusedWith("checkpoint " + garbage);
        CommandRun.of("generate", "--checkpoint", dir.resolve("nope.safetensors").toString())
                .refusedWith("file not found");
        CommandRun.of("generate").refusedWith("--checkpoint");
        CommandRun.of("generate", "--checkpoint", checkpoint.toString(), "--prefix", "x-ray")
                .refusedWith("character '-' is not in the model's vocabulary");
        CommandRun.of("generate", "--checkpoint", checkpoint.toString(), "--temperature", "-1")
                .refusedWith("--temperature': '-1' must be a finite number >= 0");
    }

    /** A checkpoint whose metadata was edited: sizes are checked like the options that set them. */
    @Test
    void doctoredMetadataIsRefusedBeforeTheModelIsBuilt() throws IOException {
        timeMachine(tiny(text, out, "--epochs", "1")).succeeded();
        SafeTensorsFile real = SafeTensors.read(out.resolve(TimeMachineCommand.CHECKPOINT_FILE));
        String[][] edits = {
            {"hidden", "30000", "--checkpoint %s: hidden 30000, layers 1, --prefix of length 14: rnn.weight_hh_l0 "
                    + "would be [120000, 30000]"},
            {"hidden", "0", "--checkpoint %s: metadata 'hidden' = 0 is outside [1, 1048576]"},
            {"layers", "2147483647", "--checkpoint %s: metadata 'layers' = 2147483647 is outside [1, 1024]"},
            {"hidden", "x", "--checkpoint %s: metadata 'hidden' = 'x' is not an integer"},
            {"sampling", "shuffled", "unknown init 'pytorch' or sampling 'shuffled'"},
        };
        for (String[] edit : edits) {
            Map<String, String> metadata = new LinkedHashMap<>(real.metadata());
            metadata.put(edit[0], edit[1]);
            Path doctored = dir.resolve("doctored-" + edit[0] + ".safetensors");
            SafeTensors.write(doctored, new SafeTensorsFile(real.tensors(), metadata));
            CommandRun.of("generate", "--checkpoint", doctored.toString())
                    .refusedWith(String.format(edit[2], doctored));
        }
        Map<String, String> metadata = new LinkedHashMap<>(real.metadata());
        metadata.put("epoch", "2000000000");
        Path doctored = dir.resolve("doctored-epoch.safetensors");
        SafeTensors.write(doctored, new SafeTensorsFile(real.tensors(), metadata));
        timeMachine(tiny(text, out, "--epochs", "2147483647", "--resume", doctored.toString()))
                .refusedWith("malformed metadata ('epoch' is 2000000000 but 1 perplexities are recorded)");
    }
}
