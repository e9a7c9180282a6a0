package io.github.tapegrad.examples.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.tapegrad.examples.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The local runner and its database: every trial once, failures recorded, resumable, the same bits in any layout. */
class StudyRunnerTest {

    /** A task whose metric is a function of the trial, counting its runs; cell "bad" throws, cell "nan" diverges. */
    static final class FakeTask implements StudyTask {
        final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public String metric() {
            return "validation loss";
        }

        @Override
        public boolean minimize() {
            return true;
        }

        @Override
        public Map<String, Distribution> defaultSpace() {
            return Map.of("lr", new Distribution.LogUniform(1e-3, 1));
        }

        @Override
        public double[] run(Trial trial, EpochListener listener) {
            runs.computeIfAbsent(trial.key(), k -> new AtomicInteger()).incrementAndGet();
            if (trial.cell().equals("bad")) {
                throw new IllegalStateException("the cell blew up");
            }
            double[] curve = new double[trial.epochs()];
            for (int e = 0; e < curve.length; e++) {
                curve[e] = trial.cell().equals("nan") && e == 1 ? Double.NaN
                        : trial.param("lr") / (e + 1) + (trial.seed() % 1000) * 1e-6;
                listener.epoch(e + 1, curve[e]);
            }
            return curve;
        }
    }

    private static StudySpec spec(List<String> cells) {
        return new StudySpec("fake-study", cells, List.of("fake"), 3, 2, 3, Map.of(), 5);
    }

    private static LocalRunner.Summary run(StudyStore store, StudySpec spec, FakeTask task, int parallel)
            throws Exception {
        return new LocalRunner(store, spec, Map.of("fake", task), parallel, 1, new PrintWriter(new StringWriter()))
                .run();
    }

    @Test
    void everyTrialRunsOnceFailuresAreRecordedAndARerunRunsNothing(@TempDir Path dir) throws Exception {
        FakeTask task = new FakeTask();
        StudySpec spec = spec(List.of("lstm", "bad", "nan"));
        try (StudyStore store = StudyStore.open(dir.resolve("s.db").toString())) {
            LocalRunner.Summary first = run(store, spec, task, 2);
            assertEquals(6, first.completed());
            assertEquals(12, first.failed());
            assertEquals(Map.of("pending", 0, "running", 0, "complete", 6, "failed", 12), store.counts(spec.name()));
            assertEquals(18, task.runs.size());
            task.runs.values().forEach(c -> assertEquals(1, c.get()));
            List<TrialRow> rows = store.rows(spec.name());
            for (TrialRow r : rows) {
                switch (r.cell()) {
                    case "bad" -> assertEquals("IllegalStateException: the cell blew up", r.error());
                    case "nan" -> assertEquals("metric NaN at epoch 2", r.error());
                    default -> {
                        assertTrue(r.complete());
                        assertEquals(r.curve()[2], r.metric());
                        assertEquals(1, r.attempts());
                        assertTrue(r.machine().contains("processors"), r.machine());
                    }
                }
            }
            LocalRunner.Summary again = run(store, spec, task, 2);
            assertEquals(0, again.completed() + again.failed());
            assertEquals(18, again.skippedAsDone());
            task.runs.values().forEach(c -> assertEquals(1, c.get(), "not run twice"));
        }
    }

    @Test
    void resultsAreTheSameBitsWhateverTheParallelism(@TempDir Path dir) throws Exception {
        StudySpec spec = spec(List.of("lstm", "gru"));
        try (StudyStore one = StudyStore.open(dir.resolve("1.db").toString());
             StudyStore two = StudyStore.open(dir.resolve("2.db").toString())) {
            run(one, spec, new FakeTask(), 1);
            run(two, spec, new FakeTask(), 3);
            List<TrialRow> a = one.rows(spec.name());
            List<TrialRow> b = two.rows(spec.name());
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).key(), b.get(i).key());
                assertEquals(Double.doubleToRawLongBits(a.get(i).metric()), Double.doubleToRawLongBits(b.get(i).metric()));
            }
        }
    }

    @Test
    void aDeadRunnersTrialsAreTakenBackAndALiveRunnerIsRespected(@TempDir Path dir) throws Exception {
        StudySpec spec = spec(List.of("lstm"));
        FakeTask task = new FakeTask();
        String db = dir.resolve("s.db").toString();
        try (StudyStore store = StudyStore.open(db)) {
            store.register(spec, spec.allTrials(n -> task), Map.of("fake", task));
            store.startRunner(spec.name(), "ghost");
            String key = store.pendingKeys(spec.name()).get(0);
            assertTrue(store.claim(spec.name(), key, "ghost"));
            assertFalse(store.claim(spec.name(), key, "other"), "claimed once");
        }
        // the ghost's process is this one (same host, same pid): not alive for another runner, so taken over
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE runners SET pid = 2147483646"); // a process that does not exist
        }
        try (StudyStore store = StudyStore.open(db)) {
            LocalRunner.Summary sum = run(store, spec, task, 2);
            assertEquals(6, sum.completed());
            TrialRow claimed = store.rows(spec.name()).get(0);
            assertEquals(2, claimed.attempts(), "the dead runner's attempt and this one");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO runners VALUES ('fake-study', 'elsewhere', 'another-host', 1, '"
                    + java.time.Instant.now() + "')");
        }
        try (StudyStore store = StudyStore.open(db)) {
            StudyMismatchException e = assertThrows(StudyMismatchException.class,
                    () -> store.startRunner(spec.name(), "me"));
            assertTrue(e.getMessage().contains("another-host") && e.getMessage().contains("one runner per study"),
                    e.getMessage());
        }
    }

    @Test
    void aStudyOfTheSameNameWithAnotherSpecIsRefused(@TempDir Path dir) throws Exception {
        FakeTask task = new FakeTask();
        try (StudyStore store = StudyStore.open(dir.resolve("s.db").toString())) {
            StudySpec a = spec(List.of("lstm"));
            store.register(a, a.allTrials(n -> task), Map.of("fake", task));
            store.register(a, a.allTrials(n -> task), Map.of("fake", task)); // the same spec again: nothing new
            assertEquals(6, store.rows(a.name()).size());
            StudySpec b = spec(List.of("lstm", "gru"));
            StudyMismatchException e = assertThrows(StudyMismatchException.class,
                    () -> store.register(b, b.allTrials(n -> task), Map.of("fake", task)));
            assertTrue(e.getMessage().contains("another spec") && !e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void theCommandRunsResumesAndExportsAndRefusesBadInputOnOneLine(@TempDir Path dir) throws Exception {
        String db = dir.resolve("cli.db").toString();
        String[] args = {"study", "--cells", "lstm,gru", "--tasks", "sine", "--trials", "1", "--seeds", "1",
                "--epochs", "1", "--space", "hidden=choice:4", "--db", db};
        CommandRun first = CommandRun.of(args).succeeded();
        assertTrue(first.out().contains("2 to run") && first.out().contains("2 complete, 0 failed"), first.out());
        CommandRun again = CommandRun.of(args).succeeded();
        assertTrue(again.out().contains("2 already done, 0 to run"), again.out());
        Path csv = dir.resolve("t.csv");
        CommandRun.of("study", "export", "--db", db, "--csv", csv.toString()).succeeded();
        List<String> lines = Files.readAllLines(csv);
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).startsWith("trial_key,task,cell,trial,seed_index,seed,param_hidden,param_lr,epochs"),
                lines.get(0));
        assertEquals(Set.of("sine/lstm/t0/s0", "sine/gru/t0/s0"),
                Set.of(lines.get(1).split(",")[0], lines.get(2).split(",")[0]));

        CommandRun.of("study", "--cells", "lstm", "--tasks", "nope", "--db", db).refusedWith("unknown task 'nope'");
        CommandRun.of("study", "--cells", "nocell", "--tasks", "sine", "--db", db).refusedWith("nocell");
        CommandRun.of("study", "--cells", "lstm", "--tasks", "sine", "--trials", "2", "--db", db)
                .refusedWith("recorded with another spec");
        CommandRun.of("study", "--cells", "lstm", "--tasks", "sine", "--space", "lr=loguniform:-1:1", "--db",
                dir.resolve("x.db").toString()).refusedWith("lo > 0");
        Path notDb = dir.resolve("text.db");
        Files.writeString(notDb, "this is not a database, just some text that is long enough to have a header");
        CommandRun.of("study", "--cells", "lstm", "--tasks", "sine", "--db", notDb.toString()).refusedWith("--db");
        CommandRun.of("study", "--tasks", "sine", "--db", db).refusedWith("--cells");
        CommandRun.of("study", "--cells", "lstm", "--tasks", "sine", "--trial-seconds", "0", "--db", db)
                .refusedWith("--trial-seconds must be a number of seconds > 0");
        Path spec = dir.resolve("s.json");
        Files.writeString(spec, "{\"cells\": [\"lstm\"], \"tasks\": [\"sine\"], \"trials\": 1, \"seeds\": 1, \"epochs\": 1}");
        CommandRun.of("study", "--spec", spec.toString(), "--trial-seconds", "5", "--db", db)
                .refusedWith("leave out --cells, --tasks, --space and --trial-seconds");
        CommandRun.of("study", "--spec", spec.toString(), "--epochs", "20", "--db", db)
                .refusedWith("--spec " + spec + " replaces --epochs");
        CommandRun.of("study", "--spec", spec.toString(), "--name", "other", "--db", db).refusedWith("replaces --name");
        CommandRun fromFile = CommandRun.of("study", "--spec", spec.toString(), "--db", dir.resolve("spec.db").toString())
                .succeeded();
        assertTrue(fromFile.out().contains("1 complete, 0 failed"), fromFile.out());
    }

    @Test
    void aTimeLimitStartsNoTrialAfterItAndARerunGoesOn(@TempDir Path dir) throws Exception {
        FakeTask task = new FakeTask();
        StudySpec spec = spec(List.of("lstm", "gru"));
        StringWriter text = new StringWriter();
        try (StudyStore store = StudyStore.open(dir.resolve("s.db").toString())) {
            LocalRunner.Summary spent = new LocalRunner(store, spec, Map.of("fake", task), 2, 1, 1e-9,
                    new PrintWriter(text)).run();
            assertTrue(spent.timeLimitReached());
            assertEquals(0, spent.completed() + spent.failed());
            assertEquals(12, store.counts(spec.name()).get("pending"), "every trial left pending, none running");
            assertTrue(text.toString().contains("time limit of 0s reached"), text.toString());
            LocalRunner.Summary rest = new LocalRunner(store, spec, Map.of("fake", task), 2, 1, 3600,
                    new PrintWriter(new StringWriter())).run();
            assertFalse(rest.timeLimitReached());
            assertEquals(12, rest.completed());
            task.runs.values().forEach(c -> assertEquals(1, c.get()));
        }
        assertEquals(5400.0, StudyCommand.duration("--time-limit", "1h30m"));
        assertEquals(90.0, StudyCommand.duration("--time-limit", "90s"));
        assertEquals(2700.0, StudyCommand.duration("--time-limit", "45m"));
        for (String bad : List.of("", "1.5h", "10", "0m", "h", "1d")) {
            assertThrows(io.github.tapegrad.examples.UserInputException.class,
                    () -> StudyCommand.duration("--time-limit", bad), bad);
        }
        CommandRun.of("study", "--cells", "lstm", "--tasks", "sine", "--time-limit", "10", "--db",
                dir.resolve("x.db").toString()).refusedWith("--time-limit must be a duration such as 90s");
    }

    /** A task of cheap epochs, except epoch 3, which takes {@code slowEpochMillis}; it counts epochs started. */
    private static final class SlowEpochTask implements StudyTask {
        final long slowEpochMillis;
        final AtomicInteger started = new AtomicInteger();

        SlowEpochTask(long slowEpochMillis) {
            this.slowEpochMillis = slowEpochMillis;
        }

        @Override
        public String name() {
            return "slow";
        }

        @Override
        public String metric() {
            return "loss";
        }

        @Override
        public boolean minimize() {
            return true;
        }

        @Override
        public Map<String, Distribution> defaultSpace() {
            return Map.of();
        }

        @Override
        public double[] run(Trial trial, EpochListener listener) throws InterruptedException {
            double[] curve = new double[trial.epochs()];
            for (int e = 0; e < curve.length; e++) {
                started.incrementAndGet();
                if (e == 2) {
                    Thread.sleep(slowEpochMillis);
                }
                curve[e] = 1.0 / (e + 1);
                listener.epoch(e + 1, curve[e]);
            }
            return curve;
        }
    }

    private static Trial budgeted(double maxSeconds) {
        return new Trial("slow/lstm/t0/s0", "slow", "lstm", 0, 0, 7, Map.of(), 6, maxSeconds);
    }

    @Test
    void aTimeBudgetStopsATrialAfterTheEpochThatEndsPastItKeepingTheEpochsItRan() {
        List<Integer> seen = new java.util.ArrayList<>();
        // no budget: all 6 epochs
        TrialOutcome full = TrialExecution.run(new SlowEpochTask(0), budgeted(0), (e, m) -> seen.add(e));
        assertEquals(6, full.curve().length);
        assertEquals(List.of(1, 2, 3, 4, 5, 6), seen);
        // a budget spent at once still lets the first epoch finish, and no other start
        SlowEpochTask tiny = new SlowEpochTask(0);
        TrialOutcome one = TrialExecution.run(tiny, budgeted(1e-9), (e, m) -> { });
        assertFalse(one.failed());
        assertEquals(1, one.curve().length);
        assertEquals(1, tiny.started.get());
        assertEquals(1.0, one.metric());
        // epoch 3 takes 1.5 s against a 1 s budget (epochs 1 and 2 take microseconds): stops after epoch 3
        SlowEpochTask slow = new SlowEpochTask(1500);
        TrialOutcome three = TrialExecution.run(slow, budgeted(1.0), (e, m) -> { });
        assertFalse(three.failed(), three.error());
        assertEquals(3, three.curve().length);
        assertEquals(3, slow.started.get(), "epoch 4 never starts");
        for (int e = 0; e < 3; e++) {
            assertEquals(Double.doubleToRawLongBits(full.curve()[e]), Double.doubleToRawLongBits(three.curve()[e]),
                    "the epochs it ran have the unbudgeted run's bits");
        }
        assertEquals(three.curve()[2], three.metric());
        // the budget reaches a remote runner's trial too
        assertEquals(1.0, TrialWork.of(budgeted(1.0)).toTrial().maxSeconds());
    }
}
