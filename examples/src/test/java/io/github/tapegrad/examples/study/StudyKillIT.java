package io.github.tapegrad.examples.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Resuming after kill -9 (an integration test against the packaged jar): a study is killed with SIGKILL at
 * random moments (after 0, 1 or 2 more trials finish, then up to 0.5 s), rerun each time with the same command,
 * then run to the end; no trial is lost or counted twice, the database passes SQLite's integrity check, and every
 * trial's metric equals, bit for bit, an uninterrupted run's. Every kill counted hits a running study with trials
 * still to do (the study grows with the number of kills: 16 trials per kill). The goal is
 * 20 kills: {@code -Dstudy.kills=20} (default 4, to keep the suite fast); the moments come from
 * {@code -Dstudy.killSeed} (default 1).
 */
class StudyKillIT {
    private static final Path SCRIPT = Path.of("bin", "tapegrad");

    @Test
    void killedAtRandomMomentsAndResumedNothingIsLostOrDuplicated(@TempDir Path dir) throws Exception {
        int kills = Integer.getInteger("study.kills", 4);
        // large enough that every kill lands in an unfinished study (a kill lets about 1 + 0.5 s of trials finish)
        int samples = 4 * kills;
        int total = 2 * 2 * samples; // cells x seeds x samples
        SplittableRandom rng = new SplittableRandom(Long.getLong("study.killSeed", 1L));
        Path killed = dir.resolve("killed.db");
        int interrupted = 0; // kills that hit a running study with trials still to do
        int completedBeforeEnd = 0;
        while (interrupted < kills && count(killed, "complete") < total) {
            int before = count(killed, "complete");
            Process p = start(killed, samples);
            // a random moment: after 0, 1 or 2 more trials finish, then 0-0.5 s more (start-up, a trial, a write)
            int more = rng.nextInt(3);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (p.isAlive() && count(killed, "complete") < before + more && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            if (!p.waitFor(rng.nextLong(500), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly(); // SIGKILL: no shutdown hook runs
                p.waitFor();
                if (count(killed, "complete") < total) {
                    interrupted++;
                }
            }
            completedBeforeEnd = Math.max(completedBeforeEnd, count(killed, "complete"));
        }
        assertEquals(kills, interrupted, "kills that interrupted the study before it finished (" + total + " trials)");
        Process last = start(killed, samples);
        assertTrue(last.waitFor(300, TimeUnit.SECONDS), "the final run ends");
        assertEquals(0, last.exitValue(), new String(last.getInputStream().readAllBytes()));
        Process straight = start(dir.resolve("straight.db"), samples);
        assertTrue(straight.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, straight.exitValue());

        Map<String, Long> a = metrics(killed);
        Map<String, Long> b = metrics(dir.resolve("straight.db"));
        assertEquals(total, b.size());
        assertEquals(b, a, "every trial once, with the uninterrupted run's bits");
        assertEquals(total, count(killed, "complete"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + killed); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
            assertTrue(r.next());
            assertEquals("ok", r.getString(1));
        }
        System.out.println("StudyKillIT: " + kills + " kills, each of a running study with trials left; complete "
                + "trials before the last run: " + completedBeforeEnd + " of " + total);
        if (kills >= 4) {
            assertTrue(completedBeforeEnd > 0, "the kills let some trials finish (else they test start-up only)");
        }
    }

    private static Process start(Path db, int samples) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", SCRIPT.toString(), "study", "--cells", "lstm,gru",
                "--tasks", "sine", "--trials", Integer.toString(samples), "--seeds", "2", "--epochs", "1", "--space",
                "hidden=choice:4:6", "--db", db.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static int count(Path db, String status) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM trials WHERE status = '" + status + "'")) {
            return r.next() ? r.getInt(1) : 0;
        } catch (java.sql.SQLException e) {
            return 0; // killed before the tables existed
        }
    }

    private static Map<String, Long> metrics(Path db) throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT trial_key, metric FROM trials WHERE status = 'complete' "
                     + "ORDER BY trial_key")) {
            while (r.next()) {
                out.put(r.getString(1), Double.doubleToRawLongBits(r.getDouble(2)));
            }
        }
        return out;
    }
}
