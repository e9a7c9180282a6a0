package io.github.tapegrad.examples.study;

import io.github.tapegrad.examples.UserInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code J study export --db study.db --csv trials.csv}: every trial as one CSV row, for pandas or a spreadsheet. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a study's trials as CSV: one row per trial, a column per hyperparameter.")
public final class StudyExportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--db", paramLabel = "FILE|URL", defaultValue = "study.db", description = "The study database.")
    private String db;

    @Option(names = "--name", paramLabel = "NAME", description = "The study (default: the only one in the database).")
    private String name;

    @Option(names = "--csv", paramLabel = "FILE", required = true, description = "Where to write the CSV.")
    private Path csv;

    @Override
    public Integer call() throws Exception {
        try (StudyStore store = StudyCommand.openStore(db)) {
            String study = chooseStudy(store, name, db);
            List<TrialRow> rows = store.rows(study);
            Path tmp = csv.resolveSibling(csv.getFileName() + ".tmp");
            Files.writeString(tmp, toCsv(rows), StandardCharsets.UTF_8);
            Files.move(tmp, csv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            spec.commandLine().getOut().println("wrote " + csv + " (" + rows.size() + " trials of study " + study + ")");
        } catch (SQLException e) {
            throw new UserInputException("--db " + db + ": " + StudyCommand.oneLine(e.getMessage()), e);
        } catch (IOException e) {
            throw new UserInputException("--csv " + csv + ": cannot write it (" + e.getMessage() + ")", e);
        }
        return 0;
    }

    /** The named study, or the only one; refuses an empty database, an unknown name or an ambiguous one. */
    static String chooseStudy(StudyStore store, String name, String db) throws SQLException {
        List<String> studies = store.studies();
        if (name != null) {
            if (!studies.contains(name)) {
                throw new UserInputException("--db " + db + " has no study '" + name + "'; it has " + studies);
            }
            return name;
        }
        if (studies.size() != 1) {
            throw new UserInputException("--db " + db + (studies.isEmpty() ? " holds no study"
                    : " holds studies " + studies + "; choose one with --name"));
        }
        return studies.get(0);
    }

    static String toCsv(List<TrialRow> rows) {
        TreeSet<String> params = new TreeSet<>();
        rows.forEach(r -> params.addAll(r.params().keySet()));
        List<String> header = new ArrayList<>(List.of("trial_key", "task", "cell", "trial", "seed_index", "seed"));
        params.forEach(p -> header.add("param_" + p));
        header.addAll(List.of("epochs", "status", "metric", "curve", "error", "attempts", "seconds", "machine", "runner"));
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (TrialRow r : rows) {
            List<String> cells = new ArrayList<>(List.of(r.key(), r.task(), r.cell(), Integer.toString(r.trial()),
                    Integer.toString(r.seedIndex()), Long.toString(r.seed())));
            params.forEach(p -> cells.add(r.params().containsKey(p) ? number(r.params().get(p)) : ""));
            cells.addAll(List.of(Integer.toString(r.epochs()), r.status(), number(r.metric()), JsonText.write(r.curve()),
                    r.error() == null ? "" : r.error(), Integer.toString(r.attempts()), number(r.seconds()),
                    r.machine() == null ? "" : r.machine(), r.runner() == null ? "" : r.runner()));
            for (int i = 0; i < cells.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(quote(cells.get(i)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%s", Double.toString(v));
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n")
                ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
