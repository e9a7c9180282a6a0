package io.github.tapegrad.examples.customcell;

import io.github.tapegrad.examples.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CustomCellCommandTest {

    @TempDir
    Path dir;

    @Test
    void checksTheExamplesCellThenTrainsItBesideLstmAndGruAndPlots() throws IOException {
        Path text = Files.writeString(dir.resolve("fox.txt"), "The quick brown fox jumps over the lazy dog.\n".repeat(40));
        CommandRun run = CommandRun.of("custom-cell", "--epochs", "2", "--hidden", "12", "--batch-size", "4",
                "--num-steps", "8", "--text", text.toString(), "--out", dir.toString()).succeeded();
        assertTrue(run.out().contains("CellCheck of JANET") && run.out().contains(" passed"), run.out());
        assertTrue(run.out().contains("forward equals the reference equations"), run.out());
        assertTrue(run.out().contains("JanetCell (") && run.out().contains("lstm (") && run.out().contains("gru ("),
                run.out());
        CommandRun.assertPng(dir.resolve(CustomCellCommand.PLOT_FILE));
    }

    /**
     * The loop on any other cell: a zoo cell (checked against nn's Equations too), a user's class (gradients only);
     * a baseline named is trained once.
     */
    @Test
    void anyCellGoesThroughTheSameLoop() throws IOException {
        Path text = Files.writeString(dir.resolve("fox.txt"), "The quick brown fox jumps over the lazy dog.\n".repeat(40));
        for (String cell : new String[] {"mgu", "io.github.tapegrad.examples.cells.LeakyCell", "gru"}) {
            CommandRun run = CommandRun.of("custom-cell", "--cell", cell, "--epochs", "1", "--hidden", "6",
                    "--batch-size", "4", "--num-steps", "8", "--max-tokens", "400", "--text", text.toString(),
                    "--out", dir.toString()).succeeded();
            assertTrue(run.out().contains(" passed"), run.out());
            boolean zoo = !cell.contains(".");
            assertEquals(!zoo, run.out().startsWith("reference: none for " + cell + ", so its forward is not compared"),
                    run.out());
            assertEquals(zoo, run.out().contains("forward equals the reference equations"), run.out());
            String label = cell.substring(cell.lastIndexOf('.') + 1);
            assertEquals(1, run.out().lines().filter(l -> l.startsWith(label + " (")).count(), run.out());
            assertEquals(cell.equals("gru") ? 2 : 3, run.out().lines().filter(l -> l.contains(" parameters): perplexity "))
                    .count(), run.out());
        }
    }

    /**
     * --epochs 2147483647 is a long run, not a reason to fail: the per-epoch perplexities grow as epochs finish
     * (they were a double[epochs], 16 GiB, allocated up front). A learning rate of 1e30 makes the first epoch
     * diverge, so the run ends there, with the divergence message rather than an OutOfMemoryError.
     */
    @Test
    void theLargestEpochCountStartsTraining() throws IOException {
        Path text = Files.writeString(dir.resolve("fox.txt"),
                "The quick brown fox jumps over the lazy dog.\n".repeat(40));
        CommandRun.of("custom-cell", "--epochs", "2147483647", "--lr", "1e30", "--hidden", "12", "--batch-size", "4",
                "--num-steps", "8", "--text", text.toString(), "--out", dir.toString())
                .refusedWith("JanetCell: training diverged at epoch 1; try a smaller --lr");
        CommandRun.of("time-machine", "--epochs", "2147483647", "--lr", "1e30", "--hidden", "12", "--batch-size", "4",
                "--num-steps", "8", "--text", text.toString(), "--out", dir.toString())
                .refusedWith("training diverged: perplexity Infinity at epoch 1");
        CommandRun.of("square", "--epochs", "2147483647", "--lr", "1e300", "--out", dir.toString())
                .refusedWith("training diverged (loss NaN at epoch ");
    }
}
