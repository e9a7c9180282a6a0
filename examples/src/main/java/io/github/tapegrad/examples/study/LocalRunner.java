package io.github.tapegrad.examples.study;

import io.github.tapegrad.autograd.Backend;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a study's pending trials on this machine, {@code parallel} at a time, each trial's kernels on
 * {@code threadsPerTrial} threads (by default one trial per core and one thread each: small trials use a core
 * far better as a whole trial than as a share of each GEMM). Resumable: the trials are in the {@link StudyStore};
 * a rerun of the same spec runs only those still pending, and the ones a killed run left running. With a time
 * limit, no trial starts once the limit has passed (those running finish); the rest stay pending for a rerun.
 */
public final class LocalRunner {
    private final StudyStore store;
    private final StudySpec spec;
    private final Map<String, StudyTask> tasks;
    private final int parallel;
    private final int threadsPerTrial;
    private final PrintWriter out;
    private final double timeLimitSeconds;

    public LocalRunner(StudyStore store, StudySpec spec, Map<String, StudyTask> tasks, int parallel, int threadsPerTrial,
                       PrintWriter out) {
        this(store, spec, tasks, parallel, threadsPerTrial, 0, out);
    }

    /** @param timeLimitSeconds no trial starts this long after {@link #run()} began; 0 for no limit */
    public LocalRunner(StudyStore store, StudySpec spec, Map<String, StudyTask> tasks, int parallel, int threadsPerTrial,
                       double timeLimitSeconds, PrintWriter out) {
        if (parallel < 1 || threadsPerTrial < 1) {
            throw new IllegalArgumentException("LocalRunner: parallel and threadsPerTrial must be >= 1, got " + parallel
                    + " and " + threadsPerTrial);
        }
        if (!(timeLimitSeconds >= 0) || Double.isInfinite(timeLimitSeconds)) {
            throw new IllegalArgumentException("LocalRunner: the time limit must be >= 0 seconds, got "
                    + timeLimitSeconds);
        }
        this.timeLimitSeconds = timeLimitSeconds;
        this.store = store;
        this.spec = spec;
        this.tasks = tasks;
        this.parallel = parallel;
        this.threadsPerTrial = threadsPerTrial;
        this.out = out;
    }

    /** What a run did: trials it finished and failed, those it found done, and whether the time limit stopped it. */
    public record Summary(int completed, int failed, int skippedAsDone, double seconds, boolean timeLimitReached) {
    }

    public Summary run() throws SQLException, InterruptedException {
        List<Trial> all = spec.allTrials(tasks::get);
        store.register(spec, all, tasks);
        int alreadyDone;
        long start;
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean limitReached = new java.util.concurrent.atomic.AtomicBoolean();
        try (RunnerLease lease = RunnerLease.take(store, spec.name(), "local-" + UUID.randomUUID())) {
            Map<String, Trial> byKey = new java.util.HashMap<>();
            all.forEach(t -> byKey.put(t.key(), t));
            List<String> pending = store.pendingKeys(spec.name());
            alreadyDone = all.size() - pending.size();
            ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(pending);
            String machine = StudyCommand.machine();
            String runner = "local, " + parallel + " parallel x " + threadsPerTrial + " threads";
            int savedThreads = Backend.threads();
            Backend.threads(threadsPerTrial);
            Progress progress = new Progress(all.size(), alreadyDone, pending.size());
            out.printf(Locale.ROOT, "study %s: %d trials (%d cells x %d tasks x %d samples x %d seeds), %d already "
                            + "done, %d to run, %s, database %s%n", spec.name(), all.size(), spec.cells().size(),
                    spec.tasks().size(), spec.trials(), spec.seeds(), alreadyDone, pending.size(), runner, store.url());
            out.flush();
            ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> daemon(r, "study-trial"));
            start = System.nanoTime();
            long deadline = timeLimitSeconds > 0 ? start + (long) (timeLimitSeconds * 1e9) : Long.MAX_VALUE;
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int w = 0; w < parallel; w++) {
                    workers.add(pool.submit(() -> {
                        for (String key = queue.poll(); key != null; key = queue.poll()) {
                            if (System.nanoTime() - deadline >= 0) {
                                limitReached.set(true); // the key stays pending in the database
                                break;
                            }
                            if (!store.claim(spec.name(), key, lease.owner())) {
                                continue;
                            }
                            Trial trial = byKey.get(key);
                            progress.started();
                            TrialOutcome o = TrialExecution.run(tasks.get(trial.task()), trial, (e, m) -> { });
                            if (store.finish(spec.name(), key, lease.owner(), o, machine, runner)) {
                                (o.failed() ? failed : completed).incrementAndGet();
                                progress.finished(trial, o, tasks.get(trial.task()), out);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : workers) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        Throwable cause = e.getCause();
                        if (cause instanceof SQLException s) {
                            throw s;
                        }
                        throw new IllegalStateException("study runner: " + cause, cause);
                    }
                }
            } finally {
                pool.shutdownNow();
                Backend.threads(savedThreads);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Integer> counts = store.counts(spec.name());
        out.printf(Locale.ROOT, "study %s: %d complete, %d failed, %d pending; this run finished %d trials in %.1f s%n",
                spec.name(), counts.get("complete"), counts.get("failed"), counts.get("pending"),
                completed.get() + failed.get(), seconds);
        if (limitReached.get()) {
            out.printf(Locale.ROOT, "study %s: time limit of %s reached, no trial started after it; rerun the same "
                    + "command to go on%n", spec.name(), Progress.duration(timeLimitSeconds));
        }
        out.flush();
        return new Summary(completed.get(), failed.get(), alreadyDone, seconds, limitReached.get());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** One line per finished trial: counts, the trial, its metric and time, and an ETA from the mean trial time. */
    static final class Progress {
        private final int total;
        private int done;
        private int failed;
        private int running;
        private int left;
        private int finishedThisRun;
        private final long start = System.nanoTime();

        Progress(int total, int alreadyDone, int pending) {
            this.total = total;
            this.done = alreadyDone;
            this.left = pending;
        }

        synchronized void started() {
            running++;
            left--;
        }

        synchronized void finished(Trial trial, TrialOutcome o, StudyTask task, PrintWriter out) {
            running--;
            done++;
            if (o.failed()) {
                failed++;
            }
            finishedThisRun++;
            double elapsed = (System.nanoTime() - start) / 1e9;
            double rate = elapsed / finishedThisRun; // wall seconds per trial, all workers together
            String eta = left + running == 0 ? "done" : "ETA " + duration(rate * (left + running));
            String budget = !o.failed() && o.curve().length < trial.epochs()
                    ? ", " + o.curve().length + " of " + trial.epochs() + " epochs in the time budget" : "";
            out.printf(Locale.ROOT, "[%d/%d] %d failed, %d running, %d pending | %s %s %s (%.1f s%s) | %s%n", done,
                    total, failed, running, left, trial.key(), task.metric(), o.failed() ? "FAILED: " + o.error()
                            : String.format(Locale.ROOT, "%.5g", o.metric()), o.seconds(), budget, eta);
            out.flush();
        }


        static String duration(double seconds) {
            long s = Math.round(seconds);
            return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                    : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
        }
    }
}
