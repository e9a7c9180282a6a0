package io.github.tapegrad.examples.study;

import io.github.tapegrad.examples.CommandRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code J study report} on a small database whose trials were given made-up outcomes through the store (no training),
 * so every number in the report is known: medians, ranks, Welch tests (reference values from SciPy, see
 * {@link StatisticsTest}), failures, and the refusals of bad input.
 */
class StudyReportCommandTest {

    @TempDir
    static Path dir;

    static Path db;
    static Path out;
    static String report;
    static CommandRun run;

    /** A task that is never run: the store only needs its name, metric, direction and space. */
    record FakeTask(String name, String metric, boolean minimize, Map<String, Distribution> defaultSpace)
            implements StudyTask {
        @Override
        public double[] run(Trial trial, EpochListener listener) {
            throw new UnsupportedOperationException("the report test runs no trial");
        }
    }

    /**
     * Task {@code loss} (lower is better): lstm 0.25, 0.35, 0.4, 0.3, 0.45; gru 0.1, 0.2, 0.15, 0.3 and one failure; mgu
     * 0.05 and four failures. Task {@code accuracy} (higher is better, no lr): lstm 0.5, 0.6, 0.55, 0.7, 0.65; gru
     * 0.8, 0.85, 0.9, 0.75, 0.95; mgu 0.6 five times. Task {@code doomed}: every finished trial failed, one left
     * pending and one running.
     */
    @BeforeAll
    static void studyWithKnownOutcomes() throws Exception {
        db = dir.resolve("study.db");
        Map<String, StudyTask> tasks = new LinkedHashMap<>();
        Map<String, Distribution> space = new LinkedHashMap<>();
        space.put("lr", new Distribution.LogUniform(1e-3, 1e-1));
        space.put("hidden", new Distribution.Choice(List.of(8.0, 16.0)));
        tasks.put("loss", new FakeTask("loss", "validation loss", true, space));
        tasks.put("accuracy", new FakeTask("accuracy", "accuracy", false,
                Map.of("hidden", new Distribution.Choice(List.of(8.0, 16.0)))));
        tasks.put("doomed", new FakeTask("doomed", "validation loss", true, space));
        StudySpec spec = new StudySpec("synthetic", List.of("lstm", "gru", "mgu"), List.of("loss", "accuracy", "doomed"),
                5, 1, 3, Map.of(), 7);
        Map<String, double[]> loss = Map.of("lstm", new double[] {0.25, 0.35, 0.4, 0.3, 0.45},
                "gru", new double[] {0.1, 0.2, 0.15, 0.3, Double.NaN},
                "mgu", new double[] {0.05, Double.NaN, Double.NaN, Double.NaN, Double.NaN});
        Map<String, double[]> accuracy = Map.of("lstm", new double[] {0.5, 0.6, 0.55, 0.7, 0.65},
                "gru", new double[] {0.8, 0.85, 0.9, 0.75, 0.95}, "mgu", new double[] {0.6, 0.6, 0.6, 0.6, 0.6});
        try (StudyStore store = StudyStore.open(db.toString())) {
            List<Trial> trials = spec.allTrials(tasks::get);
            store.register(spec, trials, tasks);
            for (Trial t : trials) {
                boolean doomed = t.task().equals("doomed");
                if (doomed && t.cell().equals("mgu") && t.trial() >= 3) {
                    if (t.trial() == 4) {
                        store.claim(spec.name(), t.key(), "owner"); // left running; trial 3 stays pending
                    }
                    continue;
                }
                assertTrue(store.claim(spec.name(), t.key(), "owner"));
                TrialOutcome outcome;
                if (doomed) {
                    outcome = t.cell().equals("lstm")
                            ? new TrialOutcome(new double[] {1.0, Double.NaN}, Double.NaN, 0.5, "metric NaN at epoch 2")
                            : new TrialOutcome(new double[0], Double.NaN, 0.5, "IllegalStateException: boom | bang");
                } else {
                    boolean minimize = t.task().equals("loss");
                    double m = (minimize ? loss : accuracy).get(t.cell())[t.trial()];
                    outcome = Double.isNaN(m) ? new TrialOutcome(new double[] {2.0, Double.NaN}, Double.NaN, 0.5,
                            "metric NaN at epoch 2")
                            : new TrialOutcome(minimize ? new double[] {m * 30, m * 3, m} : new double[] {m / 3, m / 2, m},
                            m, 1.0, null);
                }
                assertTrue(store.finish(spec.name(), t.key(), "owner", outcome, "test machine, 2 processors",
                        "test runner"));
            }
        }
        out = dir.resolve("report");
        Files.createDirectories(out);
        Files.writeString(out.resolve("accuracy-lr.png"), "a plot of an earlier report, which had lr");
        run = CommandRun.of("study", "report", "--db", db.toString(), "--out", out.toString()).succeeded();
        report = Files.readString(out.resolve("report.md"), StandardCharsets.UTF_8);
    }

    /** The task's section of the report. */
    private static String section(String markdown, String task) {
        int start = markdown.indexOf("## Task `" + task + "`");
        assertTrue(start >= 0, "no section for task " + task + ":\n" + markdown);
        int end = markdown.indexOf("\n## ", start + 1);
        return end < 0 ? markdown.substring(start) : markdown.substring(start, end);
    }

    /** The table row of {@code cell} in a section, split into its cells (without the outer pipes). */
    private static List<String> row(String section, String cell) {
        for (String line : section.split("\n")) {
            if (line.startsWith("| ")) {
                List<String> cells = Arrays.stream(line.substring(1, line.length() - 1).split("(?<!\\\\)\\|"))
                        .map(String::strip).toList();
                if (cells.get(1).equals(cell) || cells.get(1).equals("**" + cell + "**")) {
                    return cells;
                }
            }
        }
        throw new AssertionError("no row for " + cell + " in:\n" + section);
    }

    @Test
    void tableRanksCellsByTheMedianOfTheirBestTenPercentAndTestsAgainstLstm() {
        String loss = section(report, "loss");
        assertTrue(loss.contains("validation loss (lower is better)"), loss);
        assertTrue(loss.contains("15 trials: 10 complete, 5 failed, 0 pending, 0 running."), loss);
        // columns: rank, cell, complete / failed, median, IQR, top median, top IQR, best, params, mean, t, df, p, vs, s
        List<String> mgu = row(loss, "mgu");
        assertEquals(List.of("1", "mgu", "1 / 4", "0.05", "0 (0.05 – 0.05)", "0.05 (1)", "– (1 trial)"),
                mgu.subList(0, 7));
        assertTrue(mgu.get(7).startsWith("`loss/mgu/t0/s0`: 0.05"), mgu.get(7));
        assertEquals("n/a: mgu has 1 complete trial; the test needs 2", mgu.get(12));
        List<String> gru = row(loss, "gru");
        assertEquals(List.of("2", "gru", "4 / 1", "0.175", "0.0875 (0.1375 – 0.225)", "0.1 (1)"), gru.subList(0, 6));
        assertTrue(gru.get(7).startsWith("`loss/gru/t0/s0`: 0.1"), gru.get(7));
        assertTrue(gru.get(8).matches("hidden=(8|16), lr=0\\.\\d+"), gru.get(8));
        assertEquals("0.1875", gru.get(9)); // mean
        // scipy.stats.ttest_ind(gru, lstm, equal_var=False): -2.931419509211032, df 6.3023536511768254, p 0.0247811916601818
        assertEquals(List.of("-2.93", "6.3", "0.0248", "better", "1.0"), gru.subList(10, 15));
        List<String> lstm = row(loss, "lstm");
        assertEquals(List.of("3", "**lstm**", "5 / 0", "0.35", "0.1 (0.3 – 0.4)", "0.25 (1)"), lstm.subList(0, 6));
        assertEquals(List.of("—", "—", "—", "baseline"), lstm.subList(10, 14));
        assertTrue(loss.contains("Ranking by the median of the top 10 % (lower is better): 1. mgu, 2. gru, 3. lstm."), loss);
        // the rows are in rank order
        assertTrue(loss.indexOf("| 1 | mgu") < loss.indexOf("| 2 | gru")
                && loss.indexOf("| 2 | gru") < loss.indexOf("| 3 | **lstm**"), loss);
        assertTrue(loss.contains("5 × `metric NaN at epoch 2`"), loss);
    }

    @Test
    void aMetricWhereHigherIsBetterFlipsRanksAndVerdicts() {
        String accuracy = section(report, "accuracy");
        assertTrue(accuracy.contains("accuracy (higher is better)"), accuracy);
        List<String> gru = row(accuracy, "gru");
        assertEquals("1", gru.get(0));
        assertEquals("0.95 (1)", gru.get(5));
        // scipy.stats.ttest_ind(gru, lstm, equal_var=False): 5.000000000000001, df 7.999999999999999, p 0.0010528257933665383
        assertEquals(List.of("5", "8.0", "0.00105", "better"), gru.subList(10, 14));
        List<String> mgu = row(accuracy, "mgu");
        assertEquals("3", mgu.get(0)); // its best 0.6 is below lstm's best 0.7
        // a constant sample against a varying one: t = 0 (equal means), df = n_lstm - 1 = 4, p = 1
        assertEquals("4.0", mgu.get(11));
        assertEquals(List.of("1", "not significant"), mgu.subList(12, 14));
        assertEquals("2", row(accuracy, "lstm").get(0));
        assertTrue(accuracy.contains("no `lr` hyperparameter"), accuracy);
    }

    @Test
    void aTaskWithoutACompleteTrialIsReportedNotPlotted() {
        String doomed = section(report, "doomed");
        assertTrue(doomed.contains("13 failed, 1 pending, 1 running."), doomed);
        assertTrue(doomed.contains("No trial of this task has completed"), doomed);
        assertTrue(doomed.contains("8 × `IllegalStateException: boom | bang`"), doomed);
        assertTrue(doomed.contains("5 × `metric NaN at epoch 2` (e.g. `doomed/lstm/t0/s0`)"), doomed);
        assertFalse(doomed.contains("| rank |"), doomed);
        assertFalse(Files.exists(out.resolve("doomed-box.png")));
        assertTrue(report.contains("The study is unfinished"), report);
    }

    @Test
    void reportNamesItsCommandSpecMachinesAndTimes() {
        assertTrue(report.startsWith("# Study `synthetic`: report"), report);
        assertTrue(report.contains("`tapegrad study report --db " + db + " --out " + out + "`"), report);
        assertTrue(report.contains("\"cells\":[\"lstm\",\"gru\",\"mgu\"]"), report);
        assertTrue(report.contains("3 cells × 3 tasks × 5 hyperparameter samples × 1 seed = 45 trials of 3 epochs each"),
                report);
        assertTrue(report.contains("Machine: `test machine, 2 processors` (43 trials)"), report);
        assertTrue(report.contains("Runner: `test runner` (43 trials)"), report);
        // 25 complete trials of 1 s and 18 failed ones of 0.5 s
        assertTrue(report.contains("Trial time: 34.0 s in total over 43 finished trials, 0.8 s per trial on average"),
                report);
        assertTrue(report.contains("the baseline of the t-tests is **lstm**"), report);
        assertTrue(run.out().contains("loss (validation loss, lower is better): 1. mgu  2. gru  3. lstm"), run.out());
        assertTrue(run.out().contains("accuracy (accuracy, higher is better): 1. gru  2. lstm  3. mgu"), run.out());
        assertTrue(run.out().contains("doomed (validation loss, lower is better): no complete trial"), run.out());
    }

    @Test
    void plotsDecodeAndTrialsCsvHasEveryTrial() throws IOException {
        for (String png : List.of("loss-box.png", "loss-curves.png", "loss-lr.png", "accuracy-box.png",
                "accuracy-curves.png")) {
            CommandRun.assertPng(out.resolve(png));
            assertTrue(report.contains("](" + png + ")"), png + " is not in the report");
        }
        assertFalse(Files.exists(out.resolve("accuracy-lr.png")), "a stale plot is left");
        List<String> csv = Files.readAllLines(out.resolve("trials.csv"));
        assertEquals(1 + 45, csv.size());
        assertTrue(csv.get(0).startsWith("trial_key,task,cell,trial,seed_index,seed,param_hidden,param_lr,"), csv.get(0));
        try (var files = Files.list(out)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "a temporary file is left");
        }
    }

    @Test
    void anotherBaselineTurnsTheComparison() throws Exception {
        List<TrialRow> rows;
        try (StudyStore store = StudyStore.open(db.toString())) {
            rows = store.rows("synthetic").stream().filter(r -> r.task().equals("loss")).toList();
        }
        TaskResult r = TaskResult.of("loss", "validation loss", true, List.of("lstm", "gru", "mgu"), "gru", rows);
        TaskResult.CellResult lstm = r.cells().get(0);
        // scipy.stats.ttest_ind(lstm, gru, equal_var=False): 2.931419509211032, df 6.3023536511768254, p 0.0247811916601818
        assertEquals(2.931419509211032, lstm.comparison().welch().t(), 1e-12);
        assertEquals(6.3023536511768254, lstm.comparison().welch().df(), 1e-12);
        assertEquals(0.0247811916601818, lstm.comparison().welch().p(), 1e-14);
        assertEquals("worse", lstm.comparison().verdict(true));
        assertEquals("better", lstm.comparison().verdict(false)); // were it a score, the higher mean would be better
        assertTrue(r.cells().get(1).comparison().baseline());
    }

    @Test
    void badInputIsOneLineAndStatusTwo() throws IOException {
        CommandRun.of("study", "report", "--db", db.toString(), "--out", dir.resolve("x").toString(), "--name", "nope")
                .refusedWith("has no study 'nope'");
        Path empty = Files.createFile(dir.resolve("empty.db"));
        CommandRun.of("study", "report", "--db", empty.toString(), "--out", dir.resolve("x").toString())
                .refusedWith("holds no study");
        Path text = Files.writeString(dir.resolve("notes.txt"), "these are notes, not a database\n".repeat(100));
        CommandRun.of("study", "report", "--db", text.toString(), "--out", dir.resolve("x").toString())
                .refusedWith("not a database");
        Path missing = dir.resolve("missing.db");
        CommandRun.of("study", "report", "--db", missing.toString(), "--out", dir.resolve("x").toString())
                .refusedWith("no such file");
        assertFalse(Files.exists(missing), "a missing database must not be created");
        CommandRun.of("study", "report", "--db", db.toString(), "--out", text.toString())
                .refusedWith("exists and is not a directory");
        CommandRun.of("study", "report", "--db", db.toString(), "--out", text.resolve("sub").toString())
                .refusedWith("cannot create the directory");
        CommandRun.of("study", "report", "--db", db.toString(), "--out", dir.resolve("x").toString(), "--baseline", "rnn")
                .refusedWith("has no such cell; its cells: lstm, gru, mgu");
        CommandRun.of("study", "report", "--db", db.toString()).refusedWith("--out");
        assertFalse(Files.exists(dir.resolve("x")), "a refused report must not create its directory");
    }
}
