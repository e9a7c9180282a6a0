package io.github.tapegrad.examples.regression;

import io.github.tapegrad.examples.CommandRun;
import io.github.tapegrad.examples.cells.LeakyCell;
import io.github.tapegrad.nn.Cells;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sine and square subcommands run in-process with few epochs. */
class RegressionCommandsTest {

    @TempDir
    Path dir;

    @Test
    void sinePrintsBothModelsErrorsAndPlots() throws IOException {
        CommandRun run = CommandRun.of("sine", "--epochs", "60", "--out", dir.toString()).succeeded();
        Pattern line = Pattern.compile("(rnn|lstm) +training MSE (\\S+) +one-step MSE (\\S+) +multi-step MSE (\\S+)");
        Matcher m = line.matcher(run.out());
        int models = 0;
        while (m.find()) {
            models++;
            for (int g = 2; g <= 4; g++) {
                double mse = Double.parseDouble(m.group(g));
                assertTrue(Double.isFinite(mse) && mse >= 0, run.out());
            }
            // sin has variance 1/2; after 60 Adam steps one-step predictions are already far better than a constant
            assertTrue(Double.parseDouble(m.group(3)) < 0.3, run.out());
        }
        assertEquals(2, models, run.out());
        CommandRun.assertPng(dir.resolve(SineCommand.PLOT_FILE));
    }

    @Test
    void squareLossFallsAndPlots() throws IOException {
        CommandRun run = CommandRun.of("square", "--epochs", "100", "--out", dir.toString()).succeeded();
        Matcher first = Pattern.compile("epoch 20/100  MSE (\\S+)").matcher(run.out());
        Matcher last = Pattern.compile("final loss \\(MSE\\) ([0-9.]+)").matcher(run.out());
        assertTrue(first.find() && last.find(), run.out());
        assertTrue(Double.parseDouble(last.group(1)) < Double.parseDouble(first.group(1)), run.out());
        CommandRun.assertPng(dir.resolve(SquareCommand.PLOT_FILE));
    }

    /** Every zoo cell and a user's class in one sine run: one line of errors each, in the order named. */
    @Test
    void sineTrainsAnyCells() throws IOException {
        List<String> cells = new ArrayList<>(Cells.names());
        cells.add(LeakyCell.class.getName());
        CommandRun run = CommandRun.of("sine", "--cell", String.join(",", cells), "--epochs", "2", "--hidden", "3",
                "--out", dir.toString()).succeeded();
        List<String> lines = run.out().lines().filter(l -> l.contains(" training MSE ")).toList();
        assertEquals(cells.size(), lines.size(), run.out());
        for (int i = 0; i < cells.size(); i++) {
            String label = cells.get(i).substring(cells.get(i).lastIndexOf('.') + 1);
            assertTrue(lines.get(i).startsWith(label + " "), lines.get(i));
        }
        CommandRun.assertPng(dir.resolve(SineCommand.PLOT_FILE));
    }

    static List<String> everyCell() {
        List<String> cells = new ArrayList<>(Cells.names());
        cells.add(LeakyCell.class.getName());
        return cells;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCell")
    void squareFitsWithAnyCell(String cell) throws IOException {
        CommandRun run = CommandRun.of("square", "--cell", cell, "--epochs", "3", "--hidden", "4", "--out",
                dir.toString()).succeeded();
        assertTrue(run.out().contains("final loss (MSE) "), run.out());
        CommandRun.assertPng(dir.resolve(SquareCommand.PLOT_FILE));
    }

    @Test
    void linspaceMatchesNumpy() {
        double[] x = Series.linspace(0.01, 1, 600);
        assertEquals(0.01, x[0]);
        assertEquals(1.0, x[599]);
        assertEquals(0.01 + 0.99 / 599, x[1], 1e-15);
    }
}
