package io.github.tapegrad.examples.study;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The markdown of {@code J study report}: where the report came from (command, database, study spec, machines,
 * trial time), how to read it, and per task a table of the cells ({@link TaskResult}) with its plots.
 */
final class StudyReport {
    private StudyReport() {
    }

    /** What the report describes besides the per-task results. */
    record Context(String study, String command, String database, String generated, String version, String specJson,
                   StudySpec spec, Map<String, StudyStore.TaskInfo> tasks, List<TrialRow> rows, List<String> cells,
                   String baseline) {
    }

    /**
     * A plot of a task: a PNG in the report's directory with a short title and a caption, or, with {@code file} null,
     * a caption saying why there is none.
     */
    record Figure(String file, String title, String caption) {
    }

    static String markdown(Context ctx, List<TaskResult> results, Map<String, List<Figure>> figures) {
        StringBuilder md = new StringBuilder();
        md.append("# Study `").append(ctx.study()).append("`: report\n\n");
        md.append("Written by `").append(ctx.command()).append("` (tapegrad-examples ").append(ctx.version())
                .append(") at ").append(ctx.generated()).append(", from the database `").append(ctx.database())
                .append("`. Every trial is also in [trials.csv](trials.csv).\n\n");
        summary(md, ctx);
        spec(md, ctx);
        howToRead(md, ctx);
        for (TaskResult r : results) {
            task(md, r, figures.getOrDefault(r.task(), List.of()));
        }
        return md.toString();
    }

    private static void summary(StringBuilder md, Context ctx) {
        List<TrialRow> rows = ctx.rows();
        Map<String, Integer> status = new LinkedHashMap<>();
        for (String s : List.of("complete", "failed", "pending", "running")) {
            status.put(s, 0);
        }
        rows.forEach(r -> status.merge(r.status(), 1, Integer::sum));
        md.append("## Summary\n\n");
        md.append("- Trials: ").append(rows.size()).append(" (").append(status.get("complete")).append(" complete, ")
                .append(status.get("failed")).append(" failed, ").append(status.get("pending")).append(" pending, ")
                .append(status.get("running")).append(" running).");
        if (status.get("pending") + status.get("running") > 0) {
            md.append(" The study is unfinished: this report covers the trials finished so far; rerun the study's "
                    + "command to finish it.");
        }
        md.append('\n');
        md.append("- Cells: ").append(String.join(", ", ctx.cells())).append("; the baseline of the t-tests is **")
                .append(ctx.baseline()).append("**.\n");
        double[] seconds = rows.stream().mapToDouble(TrialRow::seconds).filter(Double::isFinite).toArray();
        if (seconds.length > 0) {
            double total = 0;
            for (double s : seconds) {
                total += s;
            }
            md.append("- Trial time: ").append(duration(total)).append(" in total over ").append(seconds.length)
                    .append(" finished trials, ").append(String.format(Locale.ROOT, "%.1f s", total / seconds.length))
                    .append(" per trial on average (each trial's own wall time; trials run in parallel overlap).");
            String span = wallSpan(rows);
            if (span != null) {
                md.append(' ').append(span);
            }
            md.append('\n');
        } else {
            md.append("- Trial time: no trial has finished yet.\n");
        }
        counted(md, "Machine", rows.stream().map(TrialRow::machine).toList());
        counted(md, "Runner", rows.stream().map(TrialRow::runner).toList());
        md.append('\n');
    }

    /** "First trial started ..., last finished ... (...)", or null without times. */
    private static String wallSpan(List<TrialRow> rows) {
        Instant first = null;
        Instant last = null;
        for (TrialRow r : rows) {
            Instant started = instant(r.started());
            Instant finished = instant(r.finished());
            if (started != null && (first == null || started.isBefore(first))) {
                first = started;
            }
            if (finished != null && (last == null || finished.isAfter(last))) {
                last = finished;
            }
        }
        if (first == null || last == null || last.isBefore(first)) {
            return null;
        }
        return "The first trial started at " + first.truncatedTo(ChronoUnit.SECONDS) + " and the last finished at "
                + last.truncatedTo(ChronoUnit.SECONDS) + " ("
                + duration(Duration.between(first, last).toMillis() / 1000.0) + " of wall time).";
    }

    private static Instant instant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void counted(StringBuilder md, String what, List<String> values) {
        Map<String, Long> counts = values.stream().filter(Objects::nonNull)
                .collect(Collectors.groupingBy(v -> v, LinkedHashMap::new, Collectors.counting()));
        if (counts.isEmpty()) {
            md.append("- ").append(what).append("s: none recorded yet.\n");
            return;
        }
        md.append("- ").append(what).append(counts.size() == 1 ? "" : "s").append(": ");
        List<String> parts = new ArrayList<>();
        counts.forEach((v, n) -> parts.add("`" + code(v) + "` (" + n + " trial" + (n == 1 ? "" : "s") + ")"));
        md.append(String.join("; ", parts)).append(".\n");
    }

    private static void spec(StringBuilder md, Context ctx) {
        md.append("## Study spec\n\n");
        StudySpec s = ctx.spec();
        if (s != null) {
            md.append("- ").append(s.cells().size()).append(" cells × ").append(s.tasks().size()).append(" task")
                    .append(s.tasks().size() == 1 ? "" : "s").append(" × ").append(s.trials())
                    .append(" hyperparameter samples × ").append(s.seeds()).append(" seed")
                    .append(s.seeds() == 1 ? "" : "s")
                    .append(" = ").append(s.trialCount()).append(" trials of ").append(s.epochs()).append(" epoch")
                    .append(s.epochs() == 1 ? "" : "s").append(" each")
                    .append(s.trialSeconds() > 0 ? String.format(Locale.ROOT, " at most, or fewer: a trial stops after "
                            + "the first epoch that ends past its time budget of %s s", num(s.trialSeconds())) : "")
                    .append("; study seed ").append(s.seed())
                    .append(". Every cell is trained on the same samples and seeds (a paired design).\n");
        }
        for (StudyStore.TaskInfo t : ctx.tasks().values()) {
            md.append("- Task `").append(t.task()).append("`: metric ").append(t.metric()).append(" (")
                    .append(t.minimize() ? "lower" : "higher").append(" is better); space ").append(space(t.space()))
                    .append(".\n");
        }
        md.append("\n```json\n").append(ctx.specJson() == null ? "(no spec recorded)" : ctx.specJson())
                .append("\n```\n\nTo rerun or extend the study, save this JSON as `spec.json` and run `tapegrad study "
                        + "--spec spec.json --db ").append(ctx.database()).append("` (trials already in the database are "
                        + "kept).\n\n");
    }

    /** A task's recorded space as {@code hidden choice:8:16:32, lr loguniform:0.001:0.1}. */
    private static String space(String json) {
        try {
            if (JsonText.parse(json, "space") instanceof Map<?, ?> m && !m.isEmpty()) {
                List<String> parts = new ArrayList<>();
                m.forEach((k, v) -> parts.add("`" + k + "` " + Distribution.fromJson(v, "space." + k).text()));
                return String.join(", ", parts);
            }
            return "(empty)";
        } catch (IllegalArgumentException e) {
            return "`" + code(json) + "`";
        }
    }

    private static void howToRead(StringBuilder md, Context ctx) {
        md.append("## How to read the tables\n\n");
        md.append("- **Trials.** A trial is one hyperparameter sample trained with one seed. A cell's statistics are "
                + "over its complete trials: samples × seeds values, not one per sample. Failed trials (an exception, or "
                + "a metric that is not finite) are counted but have no metric.\n");
        md.append("- **Median and IQR** over all complete trials of the cell. Quantiles are interpolated linearly "
                + "between order statistics (Hyndman and Fan's type 7, NumPy's default); the interquartile range "
                + "IQR = Q3 − Q1 is shown with the quartiles (Q1 – Q3).\n");
        md.append("- **Top 10 %**: the cell's best ⌈n / 10⌉ complete trials (at least 1), best by the task's "
                + "direction; n in parentheses. It shows how good a cell gets when its hyperparameters are well chosen; "
                + "the median of all trials also weighs how forgiving it is of bad ones.\n");
        md.append("- **Rank**: by the median of the top 10 % (lowest first for a metric where lower is better, highest "
                + "first otherwise); ties broken by the median of all complete trials, then by the cells' order in the "
                + "spec. A cell without a complete trial has no rank (–).\n");
        md.append("- **Best trial**: the cell's best complete trial, its key in the database, its metric and its "
                + "hyperparameters.\n");
        md.append("- **Welch's t-test** of each cell's complete-trial metrics against the baseline's (")
                .append(ctx.baseline()).append("), as Greff et al. (2017, *LSTM: A Search Space Odyssey*) compared "
                + "LSTM variants with the vanilla LSTM: t = (mean − mean of the baseline) / √(s²/n + s²_baseline / "
                + "n_baseline), df by the Welch–Satterthwaite equation, p two-sided from the Student-t distribution "
                + "(through the regularized incomplete beta function: Numerical Recipes §6.4, DLMF 8.17). *better* or "
                + "*worse* when p < 0.05, by the task's direction; n/a when the test cannot be made, with the reason. "
                + "The p-values are not corrected for comparing several cells (Bonferroni: compare them with 0.05 / "
                + "the number of cells compared). The test assumes roughly normal sample means, and it ignores that "
                + "all cells share the hyperparameter samples and seeds, which usually makes it conservative.\n");
        md.append("- **s / trial**: the mean wall time of the cell's complete trials.\n\n");
    }

    private static void task(StringBuilder md, TaskResult r, List<Figure> figures) {
        md.append("## Task `").append(r.task()).append("`: ").append(r.metric()).append(" (")
                .append(r.minimize() ? "lower" : "higher").append(" is better)\n\n");
        md.append(r.rows().size()).append(" trials: ").append(r.complete()).append(" complete, ").append(r.failed())
                .append(" failed, ").append(r.pending()).append(" pending, ").append(r.running())
                .append(" running.\n\n");
        if (r.complete() == 0) {
            md.append("**No trial of this task has completed**, so there are no statistics, ranks or plots for it.\n\n");
            failures(md, r);
            return;
        }
        String vs = "vs " + r.baseline();
        md.append("| rank | cell | complete / failed | median | IQR (Q1 – Q3) | top 10 % median (n) | top 10 % IQR "
                + "| best trial: ").append(r.metric()).append(" | best trial's hyperparameters | mean | t | df "
                + "| p (two-sided) | ").append(vs).append(" | s / trial |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---|---:|\n");
        List<TaskResult.CellResult> order = new ArrayList<>(r.ranking());
        r.cells().stream().filter(c -> !c.ranked()).forEach(order::add);
        for (TaskResult.CellResult c : order) {
            List<String> cells = new ArrayList<>();
            cells.add(c.ranked() ? Integer.toString(c.rank()) : "–");
            cells.add(c.cell().equals(r.baseline()) ? "**" + c.cell() + "**" : c.cell());
            cells.add(c.complete() + " / " + c.failed()
                    + (c.unfinished() > 0 ? " (+" + c.unfinished() + " unfinished)" : ""));
            if (c.complete() == 0) {
                cells.addAll(List.of("–", "–", "–", "–", "–", "–", "–"));
            } else {
                cells.add(num(c.all().median()));
                cells.add(range(c.all()));
                cells.add(num(c.top().median()) + " (" + c.topCount() + ")");
                cells.add(c.topCount() == 1 ? "– (1 trial)" : range(c.top()));
                TrialRow best = c.best();
                cells.add("`" + code(best.key()) + "`: " + num(best.metric()));
                cells.add(params(best.params()));
                cells.add(num(c.mean()));
            }
            TaskResult.Comparison cmp = c.comparison();
            if (cmp.baseline()) {
                cells.addAll(List.of("—", "—", "—", "baseline"));
            } else if (cmp.welch() == null) {
                cells.addAll(List.of("–", "–", "n/a: " + cmp.unavailable(), "–"));
            } else {
                cells.add(sig(cmp.welch().t(), 3));
                cells.add(String.format(Locale.ROOT, "%.1f", cmp.welch().df()));
                cells.add(pValue(cmp.welch().p()));
                cells.add(cmp.verdict(r.minimize()));
            }
            cells.add(Double.isFinite(c.meanSeconds()) ? String.format(Locale.ROOT, "%.1f", c.meanSeconds()) : "–");
            md.append('|');
            cells.forEach(s -> md.append(' ').append(cell(s)).append(" |"));
            md.append('\n');
        }
        md.append('\n');
        List<String> ranking = new ArrayList<>();
        r.ranking().forEach(c -> ranking.add(c.rank() + ". " + c.cell()));
        md.append("Ranking by the median of the top 10 % (").append(r.minimize() ? "lower" : "higher")
                .append(" is better): ").append(String.join(", ", ranking)).append(".\n\n");
        failures(md, r);
        for (Figure f : figures) {
            if (f.file() == null) {
                md.append("*").append(f.caption()).append("*\n\n");
            } else {
                md.append("![").append(f.title()).append("](").append(f.file()).append(")\n\n")
                        .append("*").append(f.caption()).append("*\n\n");
            }
        }
    }

    private static void failures(StringBuilder md, TaskResult r) {
        Map<String, Integer> errors = r.errors();
        if (errors.isEmpty()) {
            return;
        }
        md.append("Failed trials (").append(r.failed()).append("), by error:\n\n");
        int shown = 0;
        for (Map.Entry<String, Integer> e : errors.entrySet()) {
            if (shown++ == 10) {
                md.append("- … and ").append(errors.size() - 10).append(" other errors (see trials.csv).\n");
                break;
            }
            String example = r.rows().stream().filter(t -> t.status().equals("failed")
                    && e.getKey().equals(t.error() == null ? "(no error recorded)" : t.error()))
                    .map(TrialRow::key).findFirst().orElse("?");
            md.append("- ").append(e.getValue()).append(" × `").append(code(shorten(e.getKey(), 200)))
                    .append("` (e.g. `").append(code(example)).append("`)\n");
        }
        md.append('\n');
    }

    /** The quartiles' range: "IQR (Q1 – Q3)". */
    private static String range(Statistics.Spread s) {
        return num(s.iqr()) + " (" + num(s.q1()) + " – " + num(s.q3()) + ")";
    }

    /** Hyperparameters as {@code hidden=16, lr=0.003369}. */
    static String params(Map<String, Double> params) {
        if (params.isEmpty()) {
            return "(none)";
        }
        List<String> parts = new ArrayList<>();
        params.forEach((k, v) -> parts.add(k + "=" + num(v)));
        return String.join(", ", parts);
    }

    /** 4 significant digits, plain for magnitudes from 0.001 to 1e5, else as 1.234e-5; NaN as "–". */
    static String num(double x) {
        return sig(x, 4);
    }

    static String sig(double x, int digits) {
        if (Double.isNaN(x)) {
            return "–";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "∞" : "−∞";
        }
        if (x == 0) {
            return "0";
        }
        double a = Math.abs(x);
        if (a >= 1e-3 && a < 1e5) {
            return new BigDecimal(x).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
        }
        String s = String.format(Locale.ROOT, "%." + (digits - 1) + "e", x);
        int e = s.indexOf('e');
        String mantissa = s.substring(0, e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return mantissa + "e" + Integer.parseInt(s.substring(e + 1)); // 5.114e-05 as 5.114e-5
    }

    /** A p-value with 3 significant digits; one that underflowed to 0 as "< 1e-300". */
    static String pValue(double p) {
        return p == 0 ? "< 1e-300" : sig(p, 3);
    }

    /** "1m35s" style, with the seconds: "95.3 s (1m35s)". */
    static String duration(double seconds) {
        String s = String.format(Locale.ROOT, "%.1f s", seconds);
        return seconds >= 60 ? s + " (" + LocalRunner.Progress.duration(seconds) + ")" : s;
    }

    /** Text safe inside a table cell: no pipes, no line breaks. */
    private static String cell(String s) {
        return s.replace("|", "\\|").replaceAll("\\s*\\R\\s*", " ");
    }

    /** Text safe inside backticks. */
    private static String code(String s) {
        return s.replace('`', '\'').replaceAll("\\s*\\R\\s*", " ");
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
