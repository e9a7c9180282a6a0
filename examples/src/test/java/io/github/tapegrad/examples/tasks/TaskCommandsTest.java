package io.github.tapegrad.examples.tasks;

import io.github.tapegrad.examples.CommandRun;
import io.github.tapegrad.examples.cells.LeakyCell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The adding and copy-memory commands run in-process with tiny settings; their defaults, help and refusals. */
class TaskCommandsTest {

    @TempDir
    Path dir;

    private List<String> tiny(String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--epochs", "2", "--batches", "3", "--batch-size", "8",
                "--validation", "20", "--hidden", "4", "--threads", "1", "--out", dir.toString()));
        args.addAll(List.of(more));
        return args;
    }

    private static CommandRun run(List<String> args) {
        return CommandRun.of(args.toArray(new String[0]));
    }

    @Test
    void addingReportsEveryEpochAgainstTheBaselineAndPlots() throws IOException {
        CommandRun run = run(tiny("adding", "--length", "8")).succeeded();
        String out = run.out();
        assertTrue(out.contains("lengths uniform in [4, 8]"), out);
        assertTrue(out.contains("model: lstm, 1 layer of hidden 4, bidirectional; Adam lr 0.01, clip 1.0; 3 batches "
                + "of 8 per epoch"), out);
        assertTrue(out.contains("baseline, always predicting 1"), out);
        for (int epoch = 1; epoch <= 2; epoch++) {
            Matcher m = Pattern.compile("epoch " + epoch + "/2 .*loss (\\S+)  validation MSE (\\S+)  accuracy (\\S+) %  "
                    + "(\\S+) tokens/s").matcher(out);
            assertTrue(m.find(), out);
            assertTrue(Double.parseDouble(m.group(2)) >= 0, out);
        }
        assertTrue(out.contains("adding, lstm, bidirectional: validation MSE "), out);
        assertTrue(out.contains("right: |prediction - target| < 0.04"), out);
        assertTrue(Pattern.compile("2 epochs, \\S+ s of training, \\S+ tokens/s \\(real steps; padding not counted\\)")
                .matcher(out).find(), out);
        CommandRun.assertPng(dir.resolve("adding-loss.png"));
        CommandRun.assertPng(dir.resolve("adding-accuracy.png"));
    }

    @Test
    void copyMemoryIsUnidirectionalByDefaultAndTakesBidirectional() throws IOException {
        String out = run(tiny("copy-memory", "--symbols", "2", "--alphabet", "3", "--delay", "4")).succeeded().out();
        assertTrue(out.contains("copy-memory: 2 symbols of 3, delays uniform in [2, 4] (lengths 6 to 8)"), out);
        assertTrue(out.contains("model: lstm, 1 layer of hidden 4; "), out);
        assertTrue(out.contains("cross-entropy ln 3 = 1.099 nats, accuracy 1/3 = 33.3 %"), out);
        assertTrue(out.contains("copy-memory, lstm: validation cross-entropy "), out);
        String bidirectional = run(tiny("copy-memory", "--symbols", "2", "--delay", "4", "--bidirectional", "--layers",
                "2", "--cell", "gru")).succeeded().out();
        assertTrue(bidirectional.contains("model: gru, 2 layers of hidden 4, bidirectional; "), bidirectional);
        assertTrue(bidirectional.contains("copy-memory, gru, bidirectional: validation cross-entropy "), bidirectional);
        CommandRun.assertPng(dir.resolve("copy-memory-loss.png"));
        CommandRun.assertPng(dir.resolve("copy-memory-accuracy.png"));
    }

    @Test
    void addingTakesOneDirectionAndAUsersCell() {
        String out = run(tiny("adding", "--length", "6", "--no-bidirectional", "--cell", LeakyCell.class.getName()))
                .succeeded().out();
        assertTrue(out.contains("model: LeakyCell, 1 layer of hidden 4; "), out);
    }

    /** The same options give the same figures: every line but the timings. */
    @Test
    void aSeedFixesEveryFigure() {
        List<String> args = tiny("adding", "--length", "6", "--seed", "3");
        assertEquals(figures(run(args).succeeded().out()), figures(run(args).succeeded().out()));
    }

    private static String figures(String out) {
        return out.replaceAll("\\S+ tokens/s", "").replaceAll("elapsed \\S+", "").replaceAll("eta \\S+", "")
                .replaceAll("\\S+ s of training", "");
    }

    @Test
    void helpShowsEachTasksOwnDefaults() {
        String adding = CommandRun.of("adding", "--help").succeeded().out().replaceAll("\\s+", " ");
        assertTrue(adding.contains("the forward direction only (default: true)"), adding);
        assertTrue(adding.contains("(default: 32)"), adding);
        assertTrue(adding.contains("Epochs, N >= 1 (default: " + AddingCommand.DEFAULT_EPOCHS + ")"), adding);
        String copy = CommandRun.of("copy-memory", "--help").succeeded().out().replaceAll("\\s+", " ");
        assertTrue(copy.contains("the forward direction only (default: false)"), copy);
        assertTrue(copy.contains("(default: 64)"), copy);
        assertTrue(copy.contains("Symbols to copy, 1 to 1048576 (default: 5)"), copy);
    }

    @Test
    void badInputIsOneLine() {
        run(tiny("adding", "--lr", "1e30")).refusedWith("training diverged: loss ");
        run(tiny("adding", "--length", "2")).refusedWith("--length 2: must be between 3 and 1048576");
        run(tiny("copy-memory", "--alphabet", "1")).refusedWith("--alphabet 1: must be between 2 and 1048576");
        run(tiny("adding", "--bidirectional=maybe")).refusedWith("Invalid value for option '--bidirectional'");
        run(tiny("copy-memory", "--no-such-option")).refusedWith("Unknown option: '--no-such-option'");
    }
}
