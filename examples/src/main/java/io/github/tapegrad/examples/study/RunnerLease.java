package io.github.tapegrad.examples.study;

import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A runner's hold on a study, as both runners take it: its row in the database ({@link StudyStore#startRunner},
 * which also takes back what dead runners left running), a heartbeat every {@value #HEARTBEAT_SECONDS} s (a runner
 * on another host takes over only after {@link StudyStore#STALE_SECONDS} without one), and a shutdown hook that
 * hands this runner's running trials back on Ctrl-C. {@link #close()} ends all three.
 */
final class RunnerLease implements AutoCloseable {
    static final long HEARTBEAT_SECONDS = 10;

    private final StudyStore store;
    private final String study;
    private final String owner;
    private final ScheduledExecutorService beat;
    private final Thread hook;

    private RunnerLease(StudyStore store, String study, String owner) {
        this.store = store;
        this.study = study;
        this.owner = owner;
        this.beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "study-heartbeat");
            t.setDaemon(true);
            return t;
        });
        this.hook = new Thread(() -> {
            try {
                store.stopRunner(study, owner); // Ctrl-C: the running trials back to pending at once
            } catch (SQLException e) {
                // a later run takes them back anyway
            }
        });
    }

    /** Registers {@code owner} as the study's runner and starts its heartbeat and shutdown hook. */
    static RunnerLease take(StudyStore store, String study, String owner) throws SQLException {
        store.startRunner(study, owner);
        RunnerLease lease = new RunnerLease(store, study, owner);
        lease.beat.scheduleAtFixedRate(() -> {
            try {
                store.heartbeat(study, owner);
            } catch (SQLException e) {
                // the next beat tries again; a runner elsewhere waits STALE_SECONDS before taking over
            }
        }, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        Runtime.getRuntime().addShutdownHook(lease.hook);
        return lease;
    }

    String owner() {
        return owner;
    }

    /** Stops the heartbeat, gives the study up (running trials back to pending) and removes the hook. */
    @Override
    public void close() throws SQLException {
        beat.shutdownNow();
        try {
            store.stopRunner(study, owner);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already
            }
        }
    }
}
