package io.github.tapegrad.examples.study;

import io.github.tapegrad.examples.UserInputException;
import io.github.tapegrad.examples.bench.Machine;
import io.github.tapegrad.examples.cli.CellChoice;
import io.github.tapegrad.examples.cli.CommonOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code J study}: is my cell better? Trains cells × tasks × hyperparameter samples × seeds (a random search, as
 * Greff et al. 2017), records every trial in a database, and resumes where it stopped.
 *
 * <pre>
 * J study --cells lstm,gru,cifg --tasks sine --trials 4 --seeds 2 --epochs 2 --db study.db
 * J study --spec study.json --db study.db
 * spark-submit --class io.github.tapegrad.examples.Main tapegrad-examples.jar study --spark --spec study.json --db study.db
 * J study report --db study.db --out DIR
 * </pre>
 */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = "Run a variant study: cells x tasks x hyperparameter samples x seeds, each trial recorded in a "
                + "database (SQLite file or JDBC URL); rerun the same command to resume.",
        subcommands = {StudyExportCommand.class, StudyReportCommand.class})
public final class StudyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--spec", paramLabel = "FILE",
            description = "A JSON study spec (name, cells, tasks, trials, seeds, epochs, space, seed); replaces the "
                    + "study flags below.")
    private Path specFile;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "study",
            description = "The study's name in the database (default: ${DEFAULT-VALUE}).")
    private String name;

    @Option(names = "--cells", paramLabel = "NAME[,NAME...]", split = ",",
            description = "The cells to compare: " + CellChoice.CHOICES + ".")
    private List<String> cells;

    @Option(names = "--tasks", paramLabel = "TASK[,TASK...]", split = ",",
            description = "The tasks to train on (${COMPLETION-CANDIDATES}).", completionCandidates = TaskNames.class)
    private List<String> tasks;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "4",
            description = "Hyperparameter samples per task, each trained for every cell and seed (default: "
                    + "${DEFAULT-VALUE}).")
    private int trials;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "2",
            description = "Seeds per sample (default: ${DEFAULT-VALUE}).")
    private int seeds;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "2",
            description = "Epochs per trial (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--trial-seconds", paramLabel = "S",
            description = "A time budget per trial: stop a trial after the first epoch that ends past S seconds of wall "
                    + "time (at most --epochs epochs; default: none). Each epoch's metric keeps its bits, but how many "
                    + "epochs fit depends on the machine.")
    private Double trialSeconds;

    @Option(names = "--time-limit", paramLabel = "DURATION",
            description = "Start no trial after this long, e.g. 50m, 1h30m, 90s (those running finish; the rest stay "
                    + "pending: rerun the same command to go on). Local runner only; default: none.")
    private String timeLimit;

    @Option(names = "--space", paramLabel = "NAME=DIST[,...]",
            description = "Hyperparameter distributions replacing the tasks' defaults, e.g. "
                    + "lr=loguniform:1e-4:1e-1,hidden=choice:32:64 (choice, uniform, loguniform).")
    private String space;

    @Option(names = "--study-seed", paramLabel = "N", defaultValue = "0",
            description = "Seeds the hyperparameter samples and the trial seeds (default: ${DEFAULT-VALUE}).")
    private long studySeed;

    @Option(names = "--db", paramLabel = "FILE|URL", defaultValue = "study.db",
            description = "The database: an SQLite file, or a JDBC URL such as jdbc:postgresql://host/db with its driver "
                    + "on the classpath (default: ${DEFAULT-VALUE}).")
    private String db;

    @Option(names = "--parallel", paramLabel = "N",
            description = "Trials at a time (default: the processors, " + "one kernel thread each).")
    private Integer parallel;

    @Option(names = "--threads-per-trial", paramLabel = "N",
            description = "Kernel threads per trial (default: processors / parallel, at least 1; with --spark, 1).")
    private Integer threadsPerTrial;

    @Option(names = "--spark",
            description = "Run the trials on Apache Spark, one trial per Spark task (results recorded as each "
                    + "finishes); Spark must be on the classpath: run the jar through spark-submit --class "
                    + "io.github.tapegrad.examples.Main.")
    private boolean spark;

    @Option(names = "--master", paramLabel = "URL",
            description = "With --spark: the Spark master, e.g. local[2] (default: what spark-submit set, else "
                    + "local[*]).")
    private String master;

    /** The tasks' names, for help and completion. */
    static final class TaskNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return StudyTasks.names().iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        StudySpec study = studySpec();
        Map<String, StudyTask> byName = new LinkedHashMap<>();
        try {
            study.cells().forEach(CellChoice::of);
            byName.putAll(StudyTasks.of(study.tasks()));
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        if (spark) {
            return runOnSpark(study, byName);
        }
        if (master != null) {
            throw new UserInputException("--master " + master + " is for --spark; the local runner takes --parallel");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int p = parallel != null ? parallel : cores;
        int threads = threadsPerTrial != null ? threadsPerTrial : Math.max(1, cores / p);
        if (p < 1 || p > CommonOptions.MAX_THREADS || threads < 1 || threads > CommonOptions.MAX_THREADS) {
            throw new UserInputException("--parallel and --threads-per-trial must be 1 to " + CommonOptions.MAX_THREADS
                    + ", got " + p + " and " + threads);
        }
        double limit = timeLimit == null ? 0 : duration("--time-limit", timeLimit);
        PrintWriter out = spec.commandLine().getOut();
        try (StudyStore store = openStore(db)) {
            new LocalRunner(store, study, byName, p, threads, limit, out).run();
        } catch (StudyMismatchException e) {
            throw new UserInputException(e.getMessage(), e);
        } catch (SQLException e) {
            throw new UserInputException("--db " + db + ": " + oneLine(e.getMessage()), e);
        }
        return 0;
    }

    /**
     * {@code --spark}: checks that Spark is on the classpath before anything names a Spark class (this class and
     * the local runner load without Spark; only {@link SparkRunner} needs it), then runs the trials there.
     */
    private int runOnSpark(StudySpec study, Map<String, StudyTask> byName) throws InterruptedException {
        if (timeLimit != null) {
            throw new UserInputException("--time-limit is for the local runner; with --spark, stop the application "
                    + "(its running trials go back to pending) and rerun the same command to go on");
        }
        if (parallel != null) {
            throw new UserInputException("--parallel is for the local runner; with --spark the master's cores decide "
                    + "(local[N], or spark-submit's --executor-cores and --num-executors)");
        }
        int threads = threadsPerTrial != null ? threadsPerTrial : 1; // Spark runs one task per core
        if (threads < 1 || threads > CommonOptions.MAX_THREADS) {
            throw new UserInputException("--threads-per-trial must be 1 to " + CommonOptions.MAX_THREADS + ", got "
                    + threads);
        }
        if (!sparkOnClasspath()) {
            throw new UserInputException("--spark: Apache Spark is not on the classpath; run through spark-submit "
                    + "--class io.github.tapegrad.examples.Main tapegrad-examples.jar study --spark ...");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (StudyStore store = openStore(db)) {
            new SparkRunner(store, study, byName, threads, master, out).run();
        } catch (StudyMismatchException e) {
            throw new UserInputException(e.getMessage(), e);
        } catch (SQLException e) {
            throw new UserInputException("--db " + db + ": " + oneLine(e.getMessage()), e);
        }
        return 0;
    }

    /** True when Spark's core classes can be loaded (checked without initializing any). */
    static boolean sparkOnClasspath() {
        try {
            Class.forName("org.apache.spark.SparkContext", false, StudyCommand.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** A duration such as {@code 90s}, {@code 45m}, {@code 1h30m} or {@code 2h}, in seconds (> 0). */
    static double duration(String option, String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?").matcher(text);
        if (text.isEmpty() || !m.matches()) {
            throw new UserInputException(option + " must be a duration such as 90s, 45m or 1h30m, got '" + text + "'");
        }
        double seconds = 0;
        for (int g = 1; g <= 3; g++) {
            if (m.group(g) != null) {
                if (m.group(g).length() > 6) {
                    throw new UserInputException(option + ": " + text + " is too long");
                }
                seconds += Integer.parseInt(m.group(g)) * new int[] {3600, 60, 1}[g - 1];
            }
        }
        if (seconds <= 0) {
            throw new UserInputException(option + " must be longer than 0, got '" + text + "'");
        }
        return seconds;
    }

    static StudyStore openStore(String db) {
        try {
            return StudyStore.open(db);
        } catch (SQLException e) {
            throw new UserInputException("--db " + db + ": " + oneLine(e.getMessage()), e);
        }
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private StudySpec studySpec() {
        try {
            if (specFile != null) {
                if (cells != null || tasks != null || space != null || trialSeconds != null) {
                    throw new UserInputException("--spec " + specFile + " names the cells, tasks, space and time budget; "
                            + "leave out --cells, --tasks, --space and --trial-seconds");
                }
                for (String flag : List.of("--name", "--trials", "--seeds", "--epochs", "--study-seed")) {
                    if (spec.commandLine().getParseResult().hasMatchedOption(flag)) {
                        throw new UserInputException("--spec " + specFile + " replaces " + flag + " (the file says the "
                                + "study's name, trials, seeds, epochs and seed); change the file, or leave out --spec");
                    }
                }
                String text;
                try {
                    text = Files.readString(specFile);
                } catch (IOException e) {
                    throw new UserInputException("--spec " + specFile + ": cannot read it (" + e + ")", e);
                }
                return StudySpec.fromJson(text, "--spec " + specFile);
            }
            if (trialSeconds != null && !(trialSeconds > 0 && trialSeconds < Double.POSITIVE_INFINITY)) {
                throw new UserInputException("--trial-seconds must be a number of seconds > 0, got " + trialSeconds);
            }
            if (cells == null || tasks == null) {
                throw new UserInputException("name the cells and tasks (--cells lstm,gru --tasks sine) or give --spec FILE");
            }
            return new StudySpec(name, cells, tasks, trials, seeds, epochs,
                    space == null ? Map.of() : Distribution.parseSpace(space), studySeed,
                    trialSeconds == null ? 0 : trialSeconds);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    /** The machine a trial ran on, as the database records it: host, CPU (and AVX-512 or not), processors. */
    static String machine() {
        Machine m = Machine.current();
        return StudyStore.host() + ", " + m.cpu() + ", " + m.processors() + " processors, Java " + m.javaVersion();
    }
}
