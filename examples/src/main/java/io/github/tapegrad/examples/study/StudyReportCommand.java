package io.github.tapegrad.examples.study;

import io.github.tapegrad.examples.UserInputException;
import io.github.tapegrad.examples.cli.MarkdownFile;
import io.github.tapegrad.examples.cli.VersionInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code J study report --db study.db --out DIR}: is my cell better? Per task, a table of the cells (trials, median
 * and IQR of the metric over all trials and over the best 10 %, the best trial, a rank, Welch's t-test against a
 * baseline cell), box plots, learning curves and the metric against the learning rate, in {@code DIR/report.md}
 * beside the PNGs and {@code DIR/trials.csv}.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a study's report into a directory: report.md (per task a table of the cells: trials, "
                + "median and IQR of the metric over all complete trials and over the best 10 %%, the best trial and "
                + "its hyperparameters, a rank, and Welch's t-test against a baseline cell), PNG plots (box plot per "
                + "cell, learning curves of the best trials, metric against the learning rate) and trials.csv.",
                "The report can be written while the study runs; it covers the trials finished so far."})
public final class StudyReportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--db", paramLabel = "FILE|URL", defaultValue = "study.db",
            description = "The study database: an SQLite file or a JDBC URL (default: ${DEFAULT-VALUE}).")
    private String db;

    @Option(names = "--name", paramLabel = "NAME", description = "The study (default: the only one in the database).")
    private String name;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "The directory to write report.md, the PNGs and trials.csv into (created if needed; files "
                    + "of an earlier report there are replaced).")
    private Path out;

    @Option(names = "--baseline", paramLabel = "CELL",
            description = "The cell the others are t-tested against (default: lstm if the study has it, else its "
                    + "first cell).")
    private String baseline;

    @Override
    public Integer call() {
        requireDatabase(db);
        try (StudyStore store = StudyCommand.openStore(db)) {
            String study = StudyExportCommand.chooseStudy(store, name, db);
            List<TrialRow> rows = store.rows(study);
            Map<String, StudyStore.TaskInfo> tasks = store.tasks(study);
            String specJson = store.spec(study);
            StudySpec studySpec = parseSpec(specJson);
            List<String> cells = cells(studySpec, rows);
            String base = chooseBaseline(baseline, cells, study);
            requireOutputDirectory(out);

            List<TaskResult> results = new ArrayList<>();
            Map<String, List<StudyReport.Figure>> figures = new LinkedHashMap<>();
            for (String task : taskNames(tasks, rows)) {
                StudyStore.TaskInfo info = tasks.get(task);
                List<TrialRow> taskRows = rows.stream().filter(r -> r.task().equals(task)).toList();
                TaskResult result = TaskResult.of(task, info == null ? "metric" : info.metric(),
                        info == null || info.minimize(), cells, base, taskRows);
                results.add(result);
                figures.put(task, StudyPlots.write(result, out));
            }
            MarkdownFile.write("--out", out.resolve("trials.csv"), StudyExportCommand.toCsv(rows));
            StudyReport.Context context = new StudyReport.Context(study, commandLine(), db,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), VersionInfo.version(), specJson,
                    studySpec, tasks, rows, cells, base);
            Path report = out.resolve("report.md");
            MarkdownFile.write("--out", report, StudyReport.markdown(context, results, figures));

            PrintWriter stdout = spec.commandLine().getOut();
            for (TaskResult r : results) {
                List<String> ranking = new ArrayList<>();
                r.ranking().forEach(c -> ranking.add(c.rank() + ". " + c.cell()));
                stdout.println(r.task() + " (" + r.metric() + ", " + (r.minimize() ? "lower" : "higher")
                        + " is better): " + (ranking.isEmpty() ? "no complete trial" : String.join("  ", ranking)));
            }
            int plots = (int) figures.values().stream().flatMap(List::stream).filter(f -> f.file() != null).count();
            stdout.println("wrote " + report + ", " + plots + " plot" + (plots == 1 ? "" : "s") + " and "
                    + out.resolve("trials.csv") + " (" + rows.size() + " trials of study " + study + ")");
        } catch (SQLException e) {
            throw new UserInputException("--db " + db + ": " + StudyCommand.oneLine(e.getMessage()), e);
        }
        return 0;
    }

    /** A file path must name an existing file: opening a missing one would create an empty database. */
    static void requireDatabase(String db) {
        if (db.startsWith("jdbc:")) {
            return;
        }
        Path file = Path.of(db);
        if (Files.isDirectory(file)) {
            throw new UserInputException("--db " + db + ": is a directory, not a study database");
        }
        if (!Files.exists(file)) {
            throw new UserInputException("--db " + db + ": no such file");
        }
    }

    /** Creates {@code dir} if needed; a user error when it cannot be created or written into. */
    static void requireOutputDirectory(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserInputException("--out " + dir + ": exists and is not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (FileSystemException e) {
            String reason = e.getReason() != null ? e.getReason()
                    : e instanceof FileAlreadyExistsException ? "a file is in the way" : "file system error";
            throw new UserInputException("--out " + dir + ": cannot create the directory (" + e.getFile() + ": "
                    + reason + ")", e);
        } catch (IOException e) {
            throw new UserInputException("--out " + dir + ": cannot create the directory ("
                    + StudyCommand.oneLine(e.getMessage()) + ")", e);
        }
        if (!Files.isWritable(dir)) {
            throw new UserInputException("--out " + dir + ": the directory is not writable");
        }
    }

    private static StudySpec parseSpec(String json) {
        if (json == null) {
            return null;
        }
        try {
            return StudySpec.fromJson(json, "the recorded spec");
        } catch (IllegalArgumentException e) {
            return null; // the report then takes the cells from the rows
        }
    }

    /** The study's cells in the spec's order, then any others the rows name. */
    private static List<String> cells(StudySpec spec, List<TrialRow> rows) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        if (spec != null) {
            out.addAll(spec.cells());
        }
        rows.forEach(r -> out.add(r.cell()));
        return List.copyOf(out);
    }

    /** The named cell, or lstm when the study has it, or the first cell. */
    static String chooseBaseline(String requested, List<String> cells, String study) {
        if (requested != null) {
            if (!cells.contains(requested)) {
                throw new UserInputException("--baseline " + requested + ": study '" + study + "' has no such cell; its "
                        + "cells: " + String.join(", ", cells));
            }
            return requested;
        }
        if (cells.isEmpty()) {
            throw new UserInputException("study '" + study + "' has no trials");
        }
        return cells.contains("lstm") ? "lstm" : cells.get(0);
    }

    private static List<String> taskNames(Map<String, StudyStore.TaskInfo> tasks, List<TrialRow> rows) {
        LinkedHashSet<String> out = new LinkedHashSet<>(tasks.keySet());
        rows.forEach(r -> out.add(r.task()));
        return List.copyOf(out);
    }

    /** This command as typed, for the report: {@code tapegrad study report --db ... --out ...}. */
    private String commandLine() {
        List<String> words = new ArrayList<>();
        words.add("tapegrad");
        List<String> args = spec.commandLine().getParseResult() == null ? List.of()
                : spec.commandLine().getParseResult().originalArgs();
        if (args.isEmpty()) {
            args = List.of("study", "report");
        }
        args.forEach(a -> words.add(shellQuote(a)));
        return String.join(" ", words);
    }

    static String shellQuote(String s) {
        return s.matches("[A-Za-z0-9_./:=,@%+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
