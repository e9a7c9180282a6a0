package io.github.tapegrad.examples.study;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A study's trials in a relational database, as Optuna's RDB storage: an SQLite file by default (sqlite-jdbc;
 * {@code --db study.db}), or any JDBC URL ({@code --db jdbc:postgresql://host/db}, with that driver on the
 * classpath; not tested here). One row per trial, written in single-statement transactions, so a kill -9 at
 * any moment leaves every row either before or after a change, never half-written (SQLite's write-ahead log).
 *
 * <p>Tables: {@code studies} (name, spec JSON, created), {@code study_tasks} (each task's metric and whether
 * lower is better), {@code trials} (key, task, cell, sample number, seed, hyperparameters JSON, epochs,
 * status pending/running/complete/failed, final metric, the metric after each epoch as a JSON list, error,
 * attempts, owner, start and end times, seconds, machine, runner) and {@code runners} (who runs the study).
 *
 * <p>A trial moves pending → running (claimed by one runner) → complete or failed, each by a conditional
 * update, so no trial is claimed or finished twice. A runner that starts finds the trials a dead runner left
 * running and puts them back to pending: a runner on this host whose process is gone is dead; one on another
 * host is dead when its heartbeat is older than {@link #STALE_SECONDS}.
 */
public final class StudyStore implements AutoCloseable {
    /** A runner on another host whose heartbeat is older than this is taken as dead. */
    public static final int STALE_SECONDS = 120;

    private final Connection db;
    private final String url;
    private final boolean sqlite;

    private StudyStore(Connection db, String url) {
        this.db = db;
        this.url = url;
        this.sqlite = url.startsWith("jdbc:sqlite:");
    }

    /** Opens (creating if needed) the database at {@code location}: a file path, or a JDBC URL. */
    public static StudyStore open(String location) throws SQLException {
        String url = location.startsWith("jdbc:") ? location : "jdbc:sqlite:" + location;
        Connection c = DriverManager.getConnection(url);
        StudyStore store = new StudyStore(c, url);
        store.init();
        return store;
    }

    private void init() throws SQLException {
        try (Statement s = db.createStatement()) {
            if (sqlite) {
                s.execute("PRAGMA busy_timeout = 30000"); // concurrent writers wait instead of failing
                s.execute("PRAGMA journal_mode = WAL");   // readers (a report, sqlite3) do not block the runner
                s.execute("PRAGMA synchronous = FULL");   // a committed trial survives power loss, not only kill -9
            }
            s.execute("CREATE TABLE IF NOT EXISTS studies (name TEXT PRIMARY KEY, spec TEXT NOT NULL, "
                    + "created TEXT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS study_tasks (study TEXT NOT NULL, task TEXT NOT NULL, "
                    + "metric TEXT NOT NULL, minimize INTEGER NOT NULL, space TEXT NOT NULL, PRIMARY KEY (study, task))");
            s.execute("CREATE TABLE IF NOT EXISTS trials (study TEXT NOT NULL, trial_key TEXT NOT NULL, "
                    + "task TEXT NOT NULL, cell TEXT NOT NULL, trial INTEGER NOT NULL, seed_index INTEGER NOT NULL, "
                    + "seed INTEGER NOT NULL, params TEXT NOT NULL, epochs INTEGER NOT NULL, "
                    + "status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'complete', 'failed')), "
                    + "metric REAL, curve TEXT, error TEXT, attempts INTEGER NOT NULL DEFAULT 0, owner TEXT, "
                    + "started TEXT, finished TEXT, seconds REAL, machine TEXT, runner TEXT, "
                    + "PRIMARY KEY (study, trial_key))");
            s.execute("CREATE TABLE IF NOT EXISTS runners (study TEXT NOT NULL, owner TEXT NOT NULL, host TEXT NOT NULL, "
                    + "pid INTEGER NOT NULL, heartbeat TEXT NOT NULL, PRIMARY KEY (study, owner))");
        }
    }

    /**
     * Records the spec and every trial (those already recorded are kept as they are). Refuses a study of the
     * same name recorded with another spec, naming both.
     */
    public synchronized void register(StudySpec spec, List<Trial> trials, Map<String, StudyTask> tasks)
            throws SQLException {
        String recorded = spec(spec.name());
        if (recorded != null && !recorded.equals(spec.toJson())) {
            throw new StudyMismatchException("study '" + spec.name() + "' in " + url + " was recorded with another spec ("
                    + recorded + "), not " + spec.toJson() + "; rerun with the recorded settings to resume it, or give "
                    + "another --name or --db");
        }
        boolean auto = db.getAutoCommit();
        db.setAutoCommit(false); // the spec and all its trials, or nothing
        try {
            if (recorded == null) {
                try (PreparedStatement p = db.prepareStatement("INSERT INTO studies (name, spec, created) VALUES (?, ?, ?)")) {
                    p.setString(1, spec.name());
                    p.setString(2, spec.toJson());
                    p.setString(3, Instant.now().toString());
                    p.executeUpdate();
                }
            }
            try (PreparedStatement p = db.prepareStatement("INSERT INTO study_tasks (study, task, metric, minimize, space) "
                    + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (String name : spec.tasks()) {
                    StudyTask task = tasks.get(name);
                    Map<String, Object> space = new LinkedHashMap<>();
                    spec.spaceFor(task).forEach((k, d) -> space.put(k, d.json()));
                    p.setString(1, spec.name());
                    p.setString(2, name);
                    p.setString(3, task.metric());
                    p.setInt(4, task.minimize() ? 1 : 0);
                    p.setString(5, JsonText.write(space));
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (PreparedStatement p = db.prepareStatement("INSERT INTO trials (study, trial_key, task, cell, trial, "
                    + "seed_index, seed, params, epochs, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending') "
                    + "ON CONFLICT DO NOTHING")) {
                for (Trial t : trials) {
                    p.setString(1, spec.name());
                    p.setString(2, t.key());
                    p.setString(3, t.task());
                    p.setString(4, t.cell());
                    p.setInt(5, t.trial());
                    p.setInt(6, t.seedIndex());
                    p.setLong(7, t.seed());
                    p.setString(8, JsonText.write(t.params()));
                    p.setInt(9, t.epochs());
                    p.addBatch();
                }
                p.executeBatch();
            }
            db.commit();
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(auto);
        }
    }

    /** The recorded spec JSON of a study, or null. */
    public synchronized String spec(String study) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT spec FROM studies WHERE name = ?")) {
            p.setString(1, study);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    /** Every study's name, oldest first. */
    public synchronized List<String> studies() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT name FROM studies ORDER BY created, name")) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    /**
     * Registers {@code owner} as a runner of the study and puts back to pending the trials that dead runners
     * left running. Refuses when a live runner holds the study (one runner per study at a time).
     */
    public synchronized void startRunner(String study, String owner) throws SQLException {
        String host = host();
        long pid = ProcessHandle.current().pid();
        Instant now = Instant.now();
        boolean auto = db.getAutoCommit();
        db.setAutoCommit(false); // the check and the take-over in one transaction: two runners starting at once
        try {                    // cannot both pass the check (the second one's write fails as locked)
            try (PreparedStatement p = db.prepareStatement("SELECT owner, host, pid, heartbeat FROM runners WHERE study = ?")) {
                p.setString(1, study);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        boolean sameHost = r.getString(2).equals(host);
                        long otherPid = r.getLong(3);
                        Instant beat = Instant.parse(r.getString(4));
                        boolean alive = sameHost
                                ? otherPid != pid && ProcessHandle.of(otherPid).map(ProcessHandle::isAlive).orElse(false)
                                : beat.isAfter(now.minusSeconds(STALE_SECONDS));
                        if (alive) {
                            throw new StudyMismatchException("study '" + study + "' is being run by process " + otherPid
                                    + " on " + r.getString(2) + " (heartbeat " + beat + "); one runner per study at a time");
                        }
                    }
                }
            }
            try (PreparedStatement p = db.prepareStatement("UPDATE trials SET status = 'pending', owner = NULL, "
                    + "started = NULL WHERE study = ? AND status = 'running'")) {
                p.setString(1, study);
                p.executeUpdate();
            }
            try (PreparedStatement p = db.prepareStatement("DELETE FROM runners WHERE study = ?")) {
                p.setString(1, study);
                p.executeUpdate();
            }
            try (PreparedStatement p = db.prepareStatement("INSERT INTO runners (study, owner, host, pid, heartbeat) "
                    + "VALUES (?, ?, ?, ?, ?)")) {
                p.setString(1, study);
                p.setString(2, owner);
                p.setString(3, host);
                p.setLong(4, pid);
                p.setString(5, now.toString());
                p.executeUpdate();
            }
            db.commit();
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(auto);
        }
    }

    /** Marks the runner alive. */
    public synchronized void heartbeat(String study, String owner) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE runners SET heartbeat = ? WHERE study = ? AND owner = ?")) {
            p.setString(1, Instant.now().toString());
            p.setString(2, study);
            p.setString(3, owner);
            p.executeUpdate();
        }
    }

    /** A runner that stops cleanly: its running trials back to pending, its row removed. */
    public synchronized void stopRunner(String study, String owner) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE trials SET status = 'pending', owner = NULL, "
                + "started = NULL WHERE study = ? AND status = 'running' AND owner = ?")) {
            p.setString(1, study);
            p.setString(2, owner);
            p.executeUpdate();
        }
        try (PreparedStatement p = db.prepareStatement("DELETE FROM runners WHERE study = ? AND owner = ?")) {
            p.setString(1, study);
            p.setString(2, owner);
            p.executeUpdate();
        }
    }

    /** The keys of the study's pending trials, in the spec's order (the order {@link #register} was given). */
    public synchronized List<String> pendingKeys(String study) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement("SELECT trial_key FROM trials WHERE study = ? AND status = 'pending' "
                + "ORDER BY rowid")) {
            p.setString(1, study);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }

    /** Claims a pending trial for {@code owner}; false when it is no longer pending. */
    public synchronized boolean claim(String study, String key, String owner) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE trials SET status = 'running', owner = ?, started = ?, "
                + "attempts = attempts + 1 WHERE study = ? AND trial_key = ? AND status = 'pending'")) {
            p.setString(1, owner);
            p.setString(2, Instant.now().toString());
            p.setString(3, study);
            p.setString(4, key);
            return p.executeUpdate() == 1;
        }
    }

    /**
     * Records a claimed trial's outcome; false (and nothing written) when {@code owner} no longer holds it
     * (another runner took the study over).
     */
    public synchronized boolean finish(String study, String key, String owner, TrialOutcome outcome, String machine,
                                       String runner) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("UPDATE trials SET status = ?, metric = ?, curve = ?, error = ?, "
                + "finished = ?, seconds = ?, machine = ?, runner = ?, owner = NULL "
                + "WHERE study = ? AND trial_key = ? AND status = 'running' AND owner = ?")) {
            p.setString(1, outcome.failed() ? "failed" : "complete");
            if (Double.isFinite(outcome.metric())) {
                p.setDouble(2, outcome.metric());
            } else {
                p.setNull(2, java.sql.Types.REAL);
            }
            p.setString(3, JsonText.write(outcome.curve()));
            p.setString(4, outcome.error());
            p.setString(5, Instant.now().toString());
            p.setDouble(6, outcome.seconds());
            p.setString(7, machine);
            p.setString(8, runner);
            p.setString(9, study);
            p.setString(10, key);
            p.setString(11, owner);
            return p.executeUpdate() == 1;
        }
    }

    /** How many trials are in each status. */
    public synchronized Map<String, Integer> counts(String study) throws SQLException {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String s : List.of("pending", "running", "complete", "failed")) {
            out.put(s, 0);
        }
        try (PreparedStatement p = db.prepareStatement("SELECT status, COUNT(*) FROM trials WHERE study = ? GROUP BY status")) {
            p.setString(1, study);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.put(r.getString(1), r.getInt(2));
                }
            }
        }
        return out;
    }

    /** Every trial row of a study, for reports and exports. */
    public synchronized List<TrialRow> rows(String study) throws SQLException {
        List<TrialRow> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement("SELECT trial_key, task, cell, trial, seed_index, seed, params, "
                + "epochs, status, metric, curve, error, attempts, started, finished, seconds, machine, runner "
                + "FROM trials WHERE study = ? ORDER BY rowid")) {
            p.setString(1, study);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    double metric = r.getDouble(10);
                    if (r.wasNull()) {
                        metric = Double.NaN;
                    }
                    double seconds = r.getDouble(16);
                    if (r.wasNull()) {
                        seconds = Double.NaN;
                    }
                    out.add(new TrialRow(r.getString(1), r.getString(2), r.getString(3), r.getInt(4), r.getInt(5),
                            r.getLong(6), TrialRow.params(r.getString(7)), r.getInt(8), r.getString(9), metric,
                            TrialRow.curve(r.getString(11)), r.getString(12), r.getInt(13), r.getString(14),
                            r.getString(15), seconds, r.getString(17), r.getString(18)));
                }
            }
        }
        return out;
    }

    /** Each task's metric name and direction: task → (metric, minimize). */
    public synchronized Map<String, TaskInfo> tasks(String study) throws SQLException {
        Map<String, TaskInfo> out = new LinkedHashMap<>();
        try (PreparedStatement p = db.prepareStatement("SELECT task, metric, minimize, space FROM study_tasks WHERE study = ? "
                + "ORDER BY rowid")) {
            p.setString(1, study);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.put(r.getString(1), new TaskInfo(r.getString(1), r.getString(2), r.getInt(3) == 1, r.getString(4)));
                }
            }
        }
        return out;
    }

    /** A task as recorded: its metric, direction and space (JSON). */
    public record TaskInfo(String task, String metric, boolean minimize, String space) {
    }

    public String url() {
        return url;
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown-host";
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        db.close();
    }
}
