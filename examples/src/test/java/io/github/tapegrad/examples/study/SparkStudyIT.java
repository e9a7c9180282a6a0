package io.github.tapegrad.examples.study;

import io.github.tapegrad.examples.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code J study --spark --master local[2]} in-process (Spark on the test classpath through the provided scope)
 * against the local runner: the same trials, each complete exactly once, with the same metric and curve bit for
 * bit; and a rerun finds nothing to do without starting Spark.
 */
class SparkStudyIT {

    private static final List<String> STUDY = List.of("study", "--cells", "lstm,gru", "--tasks", "sine", "--trials",
            "2", "--seeds", "2", "--epochs", "1", "--space", "hidden=choice:4:6", "--name", "it");

    private static String[] args(String... more) {
        List<String> out = new ArrayList<>(STUDY);
        out.addAll(List.of(more));
        return out.toArray(String[]::new);
    }

    @Test
    void sparkLocal2RecordsTheLocalRunnersBitsOncePerTrial(@TempDir Path dir) throws Exception {
        String localDb = dir.resolve("local.db").toString();
        String sparkDb = dir.resolve("spark.db").toString();
        CommandRun.of(args("--db", localDb, "--parallel", "2", "--threads-per-trial", "1")).succeeded();
        CommandRun spark = CommandRun.of(args("--db", sparkDb, "--spark", "--master", "local[2]")).succeeded();
        assertTrue(spark.out().contains("8 to run, spark local[2], 1 thread per trial"), spark.out());
        assertTrue(spark.out().contains("[8/8] 0 failed, 0 left on Spark"), spark.out());
        assertTrue(spark.out().contains("study it: 8 complete, 0 failed, 0 pending; this run finished 8 trials"),
                spark.out());

        Map<String, TrialRow> local = StudyRows.read(localDb, "it");
        Map<String, TrialRow> onSpark = StudyRows.read(sparkDb, "it");
        assertEquals(8, onSpark.size());
        StudyRows.assertSameResults(local, onSpark);
        for (TrialRow r : onSpark.values()) {
            assertEquals("complete", r.status(), r.key());
            assertEquals(1, r.attempts(), r.key() + " claimed more than once");
            assertTrue(r.runner().startsWith("spark local[2], 1 thread per trial, executor driver"), r.runner());
            assertEquals(1, r.curve().length, r.key());
        }

        CommandRun again = CommandRun.of(args("--db", sparkDb, "--spark", "--master", "local[2]")).succeeded();
        assertTrue(again.out().contains("study it: 8 trials, all done already; nothing to run on Spark"), again.out());
        Map<String, TrialRow> after = StudyRows.read(sparkDb, "it");
        StudyRows.assertSameResults(onSpark, after);
        after.forEach((k, r) -> {
            assertEquals(1, r.attempts(), k);
            assertEquals(onSpark.get(k).finished(), r.finished(), k);
        });
    }

    @Test
    void sparkOnlyOptionsAreRefusedElsewhere(@TempDir Path dir) {
        String db = dir.resolve("x.db").toString();
        CommandRun.of(args("--db", db, "--master", "local[2]")).refusedWith("--master local[2] is for --spark");
        CommandRun.of(args("--db", db, "--spark", "--parallel", "2")).refusedWith("--parallel is for the local runner");
        CommandRun.of(args("--db", db, "--spark", "--master", "nonsense://x"))
                .refusedWith("Spark (master nonsense://x) did not start");
    }
}
