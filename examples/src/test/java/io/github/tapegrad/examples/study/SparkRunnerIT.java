package io.github.tapegrad.examples.study;

import io.github.tapegrad.examples.cells.FlakyCell;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spark runner on a context of this JVM that retries a failed task once ({@code local[2,2]}): a task that
 * fails is rerun as exactly its trial and recorded once, with the bits of a local run; a study left half done (trials
 * pending, one left running by a runner that died) resumes with only those trials; and each result is in the
 * database as its progress line is printed, one by one.
 */
class SparkRunnerIT {
    private static final String FLAKY = FlakyCell.class.getName();
    private static SparkContext sc;

    @BeforeAll
    static void startSpark() {
        sc = new SparkContext(SparkRunner.conf("local[2,2]", "it", 1).set("spark.ui.enabled", "false"));
    }

    @AfterAll
    static void stopSpark() {
        if (sc != null) {
            sc.stop();
        }
    }

    private static StudySpec spec(String cells) {
        return new StudySpec("it", List.of(cells.split(",")), List.of("sine"), 1, 2, 1,
                Distribution.parseSpace("hidden=choice:4"), 3);
    }

    private static LocalRunner.Summary onSpark(String db, StudySpec spec, Writer out) throws Exception {
        try (StudyStore store = StudyStore.open(db)) {
            return new SparkRunner(store, spec, StudyTasks.of(spec.tasks()), 1, sc, new PrintWriter(out, true)).run();
        }
    }

    private static void locally(String db, StudySpec spec) throws Exception {
        try (StudyStore store = StudyStore.open(db)) {
            new LocalRunner(store, spec, StudyTasks.of(spec.tasks()), 2, 1, new PrintWriter(new StringWriter())).run();
        }
    }

    @Test
    void aFailedTaskIsRerunAsExactlyItsTrialAndRecordedOnce(@TempDir Path dir) throws Exception {
        StudySpec spec = spec(FLAKY + ",gru");
        String sparkDb = dir.resolve("spark.db").toString();
        FlakyCell.CONSTRUCTED.set(0);
        FlakyCell.FAILURES_LEFT.set(1);
        StringWriter out = new StringWriter();
        LocalRunner.Summary s = onSpark(sparkDb, spec, out);
        assertEquals(0, FlakyCell.FAILURES_LEFT.get(), "the armed failure did not happen");
        assertEquals(3, FlakyCell.CONSTRUCTED.get(), "two flaky trials and one rerun of the failed one:\n" + out);
        assertEquals(4, s.completed(), out.toString());

        Map<String, TrialRow> rows = StudyRows.read(sparkDb, "it");
        long retried = rows.values().stream().filter(r -> r.runner().endsWith(", task attempt 2")).count();
        assertEquals(1, retried, rows.toString());
        for (TrialRow r : rows.values()) {
            assertEquals("complete", r.status(), r.key());
            assertEquals(1, r.attempts(), r.key()); // one claim: Spark's rerun is inside it
            if (r.runner().endsWith(", task attempt 2")) {
                assertEquals(FLAKY, r.cell());
            }
        }
        String localDb = dir.resolve("local.db").toString();
        locally(localDb, spec);
        StudyRows.assertSameResults(StudyRows.read(localDb, "it"), rows);
    }

    @Test
    void aHalfDoneStudyResumesWithOnlyItsUnfinishedTrials(@TempDir Path dir) throws Exception {
        StudySpec spec = spec("lstm,gru");
        String db = dir.resolve("spark.db").toString();
        onSpark(db, spec, new StringWriter());
        Map<String, TrialRow> whole = StudyRows.read(db, "it");
        List<String> keys = List.copyOf(whole.keySet());
        assertEquals(4, keys.size());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (PreparedStatement p = c.prepareStatement("UPDATE trials SET status = 'pending', metric = NULL, "
                    + "curve = NULL, finished = NULL WHERE trial_key IN (?, ?)")) {
                p.setString(1, keys.get(0));
                p.setString(2, keys.get(2));
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE trials SET status = 'running', metric = NULL, "
                    + "curve = NULL, finished = NULL, owner = 'dead' WHERE trial_key = ?")) {
                p.setString(1, keys.get(3));
                p.executeUpdate();
            }
            try (Statement st = c.createStatement()) { // a runner on another host, silent for an hour: dead
                st.executeUpdate("INSERT INTO runners (study, owner, host, pid, heartbeat) VALUES ('it', 'dead', "
                        + "'elsewhere', 1, '" + Instant.now().minusSeconds(3600) + "')");
            }
        }
        LocalRunner.Summary s = onSpark(db, spec, new StringWriter());
        assertEquals(1, s.skippedAsDone());
        assertEquals(3, s.completed());
        Map<String, TrialRow> resumed = StudyRows.read(db, "it");
        StudyRows.assertSameResults(whole, resumed);
        for (int i = 0; i < 4; i++) {
            TrialRow r = resumed.get(keys.get(i));
            assertEquals("complete", r.status(), r.key());
            assertEquals(i == 1 ? 1 : 2, r.attempts(), r.key());
            if (i == 1) {
                assertEquals(whole.get(r.key()).finished(), r.finished(), "the finished trial was run again");
            }
        }
    }

    /** Each progress line "[k/N]" is printed after its trial was written: then k trials are complete. */
    @Test
    void eachResultIsRecordedAsItArrives(@TempDir Path dir) throws Exception {
        StudySpec spec = spec("lstm,gru");
        String db = dir.resolve("spark.db").toString();
        Pattern line = Pattern.compile("^\\[(\\d+)/4\\]");
        StringBuilder problems = new StringBuilder();
        int[] lines = {0};
        try (StudyStore reader = StudyStore.open(db)) {
            Writer out = new Writer() {
                private final StringBuilder current = new StringBuilder();

                @Override
                public void write(char[] buf, int off, int len) {
                    for (int i = off; i < off + len; i++) {
                        if (buf[i] == '\n') {
                            check(current.toString());
                            current.setLength(0);
                        } else {
                            current.append(buf[i]);
                        }
                    }
                }

                private void check(String text) {
                    Matcher m = line.matcher(text);
                    if (!m.find()) {
                        return;
                    }
                    lines[0]++;
                    try {
                        int complete = reader.counts("it").get("complete");
                        if (complete != Integer.parseInt(m.group(1))) {
                            problems.append(text).append(" with ").append(complete).append(" complete\n");
                        }
                    } catch (java.sql.SQLException e) {
                        problems.append(e).append('\n');
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            onSpark(db, spec, out);
        }
        assertEquals(4, lines[0]);
        assertEquals("", problems.toString());
    }
}
