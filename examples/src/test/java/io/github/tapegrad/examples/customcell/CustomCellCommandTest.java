package io.github.tapegrad.examples.customcell;

import io.github.tapegrad.examples.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

class CustomCellCommandTest {

    @TempDir
    Path dir;

    @Test
    void checksGradientsThenTrainsBothModelsAndPlots() throws IOException {
        Path text = Files.writeString(dir.resolve("fox.txt"), "The quick brown fox jumps over the lazy dog.\n".repeat(40));
        CommandRun run = CommandRun.of("custom-cell", "--epochs", "2", "--hidden", "12", "--batch-size", "4",
                "--num-steps", "8", "--text", text.toString(), "--out", dir.toString()).succeeded();
        assertTrue(run.out().contains("CellCheck of PeepholeLSTMCell") && run.out().contains(" passed"), run.out());
        assertTrue(run.out().contains("peephole (") && run.out().contains("lstm ("), run.out());
        CommandRun.assertPng(dir.resolve(CustomCellCommand.PLOT_FILE));
    }
}
