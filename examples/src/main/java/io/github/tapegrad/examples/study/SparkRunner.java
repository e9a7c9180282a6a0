package io.github.tapegrad.examples.study;

import io.github.tapegrad.autograd.Backend;
import io.github.tapegrad.examples.UserInputException;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import scala.Function1;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.BoxedUnit;

import java.io.PrintWriter;
import java.io.Serializable;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs a study's pending trials on Apache Spark, one trial per Spark task. Same store semantics as the
 * {@link LocalRunner}: the same spec registers the same trials, a rerun runs only those still pending (and those
 * a dead runner left running), and the driver is the only process that writes to the database.
 *
 * <p><b>Work.</b> The driver claims every pending trial in the store, then makes an RDD of {@link TrialWork}
 * records (key, task name, cell, sample, seed, hyperparameters, epochs: Java-serializable) with one partition per
 * trial, so a task is exactly one trial, and a task that fails (its executor lost, its JVM killed) is rerun by
 * Spark as exactly that trial, up to {@code spark.task.maxFailures} times (4 unless the conf says otherwise; a
 * local master retries only when written {@code local[N,F]}). Speculative copies are off by default (a trial is
 * deterministic, a copy would only burn a core). An executor rebuilds the {@link Trial} and its task from
 * {@link StudyTasks} by name and runs it with its kernels on {@code threadsPerTrial} threads; Spark is told
 * {@code spark.task.cpus = threadsPerTrial}, so an executor of N cores runs N / threadsPerTrial trials at once.
 *
 * <p><b>Results stream back as trials finish.</b> The job is submitted with {@link SparkContext#submitJob}, whose
 * result handler Spark calls on the driver once per partition, the moment that task's result arrives (it is how
 * {@code collect} gathers its parts). The handler only puts the {@link TrialResult} on a queue; this runner's
 * thread takes each from the queue and records it with {@link StudyStore#finish}, so a trial is in the database
 * seconds after it ends, not when the last one does, and a killed driver loses only the trials still running.
 * ({@code toLocalIterator} would stream too, but it runs one job per partition in turn: one trial at a time.)
 * A result is recorded once: Spark hands over one result per partition, and {@code finish} is a conditional
 * update (running and owned by this runner).
 *
 * <p>When the job fails (a trial's task failed {@code spark.task.maxFailures} times), the trials already finished
 * stay recorded, the others go back to pending, and a rerun resumes. A trial that throws an exception or reaches a
 * NaN metric is not a task failure: it is recorded as a failed trial, as the local runner does.
 *
 * <p>Only {@link StudyCommand} with {@code --spark} loads this class, so the local runner never needs Spark's
 * classes; the examples jar does not contain Spark (spark-submit or the cluster provides it).
 */
public final class SparkRunner {
    /** The master when neither {@code --master} nor spark-submit ({@code spark.master}) names one. */
    public static final String DEFAULT_MASTER = "local[*]";

    private final StudyStore store;
    private final StudySpec spec;
    private final Map<String, StudyTask> tasks;
    private final int threadsPerTrial;
    private final String master;
    private final PrintWriter out;
    private final SparkContext context;

    /**
     * A runner that starts its own Spark context (and stops it when done).
     *
     * @param master a Spark master URL, or null for what spark-submit set ({@code spark.master}), else
     *               {@link #DEFAULT_MASTER}
     */
    public SparkRunner(StudyStore store, StudySpec spec, Map<String, StudyTask> tasks, int threadsPerTrial,
                       String master, PrintWriter out) {
        this(store, spec, tasks, threadsPerTrial, master, out, null);
    }

    /** A runner on a context the caller owns (a test's, a notebook's); it is left running. */
    public SparkRunner(StudyStore store, StudySpec spec, Map<String, StudyTask> tasks, int threadsPerTrial,
                       SparkContext context, PrintWriter out) {
        this(store, spec, tasks, threadsPerTrial, null, out, context);
    }

    private SparkRunner(StudyStore store, StudySpec spec, Map<String, StudyTask> tasks, int threadsPerTrial,
                        String master, PrintWriter out, SparkContext context) {
        if (threadsPerTrial < 1) {
            throw new IllegalArgumentException("SparkRunner: threadsPerTrial must be >= 1, got " + threadsPerTrial);
        }
        this.store = store;
        this.spec = spec;
        this.tasks = tasks;
        this.threadsPerTrial = threadsPerTrial;
        this.master = master;
        this.out = out;
        this.context = context;
    }

    /**
     * The Spark configuration a study runs with: the {@code spark.*} system properties (what spark-submit set),
     * the master, and defaults for what the user left unset: the app name, {@code spark.task.maxFailures=4},
     * no speculation, {@code spark.task.cpus = threadsPerTrial}, and log level WARN.
     */
    public static SparkConf conf(String master, String study, int threadsPerTrial) {
        SparkConf conf = new SparkConf();
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster(DEFAULT_MASTER);
        }
        conf.setIfMissing("spark.app.name", "tapegrad study " + study);
        conf.setIfMissing("spark.task.maxFailures", "4");
        conf.setIfMissing("spark.speculation", "false");
        conf.setIfMissing("spark.task.cpus", Integer.toString(threadsPerTrial));
        conf.setIfMissing("spark.log.level", "WARN");
        return conf;
    }

    public LocalRunner.Summary run() throws SQLException, InterruptedException {
        List<Trial> all = spec.allTrials(tasks::get);
        store.register(spec, all, tasks);
        try (RunnerLease lease = RunnerLease.take(store, spec.name(), "spark-" + UUID.randomUUID())) {
            return runLeased(all, lease.owner());
        }
    }

    private LocalRunner.Summary runLeased(List<Trial> all, String owner) throws SQLException, InterruptedException {
        int savedThreads = Backend.threads(); // a local master's executors are this JVM: put its count back after
        long start = System.nanoTime();
        try {
            List<String> pending = store.pendingKeys(spec.name());
            int alreadyDone = all.size() - pending.size();
            if (pending.isEmpty()) {
                out.printf(Locale.ROOT, "study %s: %d trials, all done already; nothing to run on Spark, database %s%n",
                        spec.name(), all.size(), store.url());
                out.flush();
                return new LocalRunner.Summary(0, 0, alreadyDone, 0, false);
            }
            SparkContext sc = context != null ? context : start();
            try {
                return runOn(sc, all, pending, alreadyDone, owner, start);
            } finally {
                if (context == null) {
                    sc.stop();
                }
            }
        } finally {
            Backend.threads(savedThreads);
        }
    }

    private SparkContext start() {
        SparkConf conf = conf(master, spec.name(), threadsPerTrial);
        try {
            return new SparkContext(conf);
        } catch (Exception e) { // a SparkException too, which Scala throws unchecked
            throw new UserInputException("Spark (master " + conf.get("spark.master", "?") + ") did not start: "
                    + StudyCommand.oneLine(String.valueOf(e.getMessage())), e);
        }
    }

    private LocalRunner.Summary runOn(SparkContext sc, List<Trial> all, List<String> pending, int alreadyDone,
                                      String owner, long start) throws SQLException, InterruptedException {
        Map<String, Trial> byKey = new HashMap<>();
        all.forEach(t -> byKey.put(t.key(), t));
        List<TrialWork> work = new ArrayList<>();
        for (String key : pending) {
            if (store.claim(spec.name(), key, owner)) {
                work.add(TrialWork.of(byKey.get(key)));
            }
        }
        String where = "spark " + sc.master() + ", " + threadsPerTrial + (threadsPerTrial == 1 ? " thread" : " threads")
                + " per trial";
        out.printf(Locale.ROOT, "study %s: %d trials (%d cells x %d tasks x %d samples x %d seeds), %d already done, "
                        + "%d to run, %s (app %s), database %s%n", spec.name(), all.size(), spec.cells().size(),
                spec.tasks().size(), spec.trials(), spec.seeds(), alreadyDone, work.size(), where, sc.applicationId(),
                store.url());
        out.flush();
        int n = work.size();
        int completed = 0;
        int failed = 0;
        int recorded = 0;
        if (n > 0) {
            BlockingQueue<TrialResult> results = new LinkedBlockingQueue<>();
            RDD<TrialWork> rdd = JavaSparkContext.fromSparkContext(sc).parallelize(work, n).rdd(); // one per partition
            List<Object> partitions = new ArrayList<>();
            for (int p = 0; p < n; p++) {
                partitions.add(p);
            }
            sc.setJobDescription("tapegrad study " + spec.name() + ": " + n + " trials");
            SimpleFutureAction<BoxedUnit> job = sc.submitJob(rdd, new RunTrial(threadsPerTrial),
                    CollectionConverters.asScala(partitions).toSeq(),
                    (Object partition, TrialResult result) -> {
                        results.add(result); // on Spark's scheduler thread: hand over, never block it on the database
                        return BoxedUnit.UNIT;
                    },
                    () -> BoxedUnit.UNIT);
            long jobStart = System.nanoTime();
            try {
                int received = 0;
                while (received < n) {
                    TrialResult r = results.poll(200, TimeUnit.MILLISECONDS);
                    if (r == null) {
                        if (job.isCompleted() && results.isEmpty()) {
                            break; // failed (or cancelled): every result it had is already on the queue
                        }
                        continue;
                    }
                    received++;
                    TrialOutcome o = r.outcome();
                    String runner = where + ", executor " + r.executor()
                            + (r.attempt() > 0 ? ", task attempt " + (r.attempt() + 1) : "");
                    if (store.finish(spec.name(), r.key(), owner, o, r.machine(), runner)) {
                        recorded++;
                        if (o.failed()) {
                            failed++;
                        } else {
                            completed++;
                        }
                        double elapsed = (System.nanoTime() - jobStart) / 1e9;
                        int left = n - received;
                        String eta = left == 0 ? "done"
                                : "ETA " + LocalRunner.Progress.duration(elapsed / received * left);
                        out.printf(Locale.ROOT, "[%d/%d] %d failed, %d left on Spark | %s %s %s (%.1f s)%s | %s%n",
                                alreadyDone + recorded, all.size(), failed, left, r.key(),
                                tasks.get(byKey.get(r.key()).task()).metric(),
                                o.failed() ? "FAILED: " + o.error() : String.format(Locale.ROOT, "%.5g", o.metric()),
                                o.seconds(), r.attempt() > 0 ? " attempt " + (r.attempt() + 1) : "", eta);
                        out.flush();
                    }
                }
                if (received < n) {
                    try {
                        job.get();
                    } catch (SparkException e) {
                        throw new IllegalStateException("study " + spec.name() + ": the Spark job failed after "
                                + received + " of " + n + " trials (recorded; the other " + (n - received)
                                + " are pending again, rerun to resume): " + StudyCommand.oneLine(e.getMessage()), e);
                    }
                    throw new IllegalStateException("study " + spec.name() + ": the Spark job ended with " + received
                            + " of " + n + " results");
                }
            } finally {
                if (!job.isCompleted()) {
                    job.cancel(); // this thread failed (the database): stop the trials nobody would record
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Integer> counts = store.counts(spec.name());
        out.printf(Locale.ROOT, "study %s: %d complete, %d failed, %d pending; this run finished %d trials in %.1f s%n",
                spec.name(), counts.get("complete"), counts.get("failed"), counts.get("pending"), recorded, seconds);
        out.flush();
        return new LocalRunner.Summary(completed, failed, alreadyDone, seconds, false);
    }

    /**
     * A Spark task: its partition's single trial, run on the executor; the result goes back to the driver. A
     * named class rather than a lambda, so what is shipped is plain: the thread count.
     */
    static final class RunTrial implements Function1<Iterator<TrialWork>, TrialResult>, Serializable {
        private static final long serialVersionUID = 1L;
        private final int threadsPerTrial;

        RunTrial(int threadsPerTrial) {
            this.threadsPerTrial = threadsPerTrial;
        }

        @Override
        public TrialResult apply(Iterator<TrialWork> partition) {
            TrialWork work = partition.next();
            if (partition.hasNext()) {
                throw new IllegalStateException("SparkRunner: more than one trial in a partition");
            }
            TaskContext task = TaskContext.get();
            SparkEnv env = SparkEnv.get();
            return work.run(threadsPerTrial, task == null ? 0 : task.attemptNumber(),
                    env == null ? "unknown" : env.executorId());
        }
    }
}
