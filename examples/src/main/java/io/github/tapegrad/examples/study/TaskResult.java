package io.github.tapegrad.examples.study;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One task of a study, summarized cell by cell: how many trials finished, the spread of the metric over all complete
 * trials and over the best 10 %, the best trial, a rank, and Welch's t-test against a baseline cell.
 *
 * <p>A trial is one hyperparameter sample trained with one seed, so a cell's sample of metrics holds samples × seeds
 * values (complete trials only). "Best" follows the task's direction: the lowest metric when it is minimized (a loss),
 * the highest otherwise (an accuracy).
 *
 * @param rows every trial row of the task (any status), in the database's order
 */
record TaskResult(String task, String metric, boolean minimize, String baseline, List<CellResult> cells,
                  List<TrialRow> rows) {

    /** The level below which a t-test's difference is called better or worse. */
    static final double ALPHA = 0.05;

    /** One cell's results in one task. */
    record CellResult(String cell, int index, int complete, int failed, int unfinished, List<TrialRow> bestFirst,
                      Statistics.Spread all, Statistics.Spread top, double mean, double meanSeconds,
                      Comparison comparison, int rank) {

        /** The number of trials in the top 10 %: a tenth of the complete ones, rounded up (at least 1). */
        int topCount() {
            return topCount(complete);
        }

        static int topCount(int complete) {
            return complete == 0 ? 0 : (complete + 9) / 10;
        }

        /** The best complete trial, or null. */
        TrialRow best() {
            return bestFirst.isEmpty() ? null : bestFirst.get(0);
        }

        double[] metrics() {
            return bestFirst.stream().mapToDouble(TrialRow::metric).toArray();
        }

        boolean ranked() {
            return rank > 0;
        }
    }

    /**
     * The t-test of a cell against the baseline: {@code welch} when it could be made, else {@code unavailable} says
     * why; {@code baseline} marks the baseline's own row.
     */
    record Comparison(boolean baseline, Statistics.Welch welch, String unavailable) {
        static Comparison self() {
            return new Comparison(true, null, null);
        }

        /** "better", "worse" (p below {@link #ALPHA}, by the task's direction) or "not significant"; null without a test. */
        String verdict(boolean minimize) {
            if (welch == null || !welch.available()) {
                return null;
            }
            if (!(welch.p() < ALPHA)) {
                return "not significant";
            }
            boolean lowerMean = welch.t() < 0; // t = (mean of cell - mean of baseline) / se
            return lowerMean == minimize ? "better" : "worse";
        }
    }

    int complete() {
        return (int) rows.stream().filter(TrialRow::complete).count();
    }

    int failed() {
        return (int) rows.stream().filter(r -> r.status().equals("failed")).count();
    }

    int pending() {
        return (int) rows.stream().filter(r -> r.status().equals("pending")).count();
    }

    int running() {
        return (int) rows.stream().filter(r -> r.status().equals("running")).count();
    }

    /** The ranked cells, best first. */
    List<CellResult> ranking() {
        return cells.stream().filter(CellResult::ranked).sorted(Comparator.comparingInt(CellResult::rank)).toList();
    }

    /** Each distinct error of the failed trials with how many trials failed so, most frequent first. */
    Map<String, Integer> errors() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        rows.stream().filter(r -> r.status().equals("failed"))
                .forEach(r -> counts.merge(r.error() == null ? "(no error recorded)" : r.error(), 1, Integer::sum));
        Map<String, Integer> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /**
     * Summarizes {@code rows} (the task's trials) for each of {@code cells}, in that order, comparing each with
     * {@code baseline} (one of the cells). Ranks the cells that have a complete trial by the median of their top
     * 10 %, then by the median of all their complete trials, then by their order in the study.
     */
    static TaskResult of(String task, String metric, boolean minimize, List<String> cells, String baseline,
                         List<TrialRow> rows) {
        Comparator<TrialRow> better = minimize ? Comparator.comparingDouble(TrialRow::metric)
                : Comparator.comparingDouble(TrialRow::metric).reversed();
        Map<String, List<TrialRow>> byCell = new LinkedHashMap<>();
        cells.forEach(c -> byCell.put(c, new ArrayList<>()));
        for (TrialRow r : rows) {
            byCell.computeIfAbsent(r.cell(), c -> new ArrayList<>()).add(r);
        }
        List<String> allCells = new ArrayList<>(byCell.keySet()); // the study's cells, then any others the rows name
        List<TrialRow> baselineBest = sortedComplete(byCell.getOrDefault(baseline, List.of()), better);
        double[] baselineMetrics = baselineBest.stream().mapToDouble(TrialRow::metric).toArray();
        List<CellResult> results = new ArrayList<>();
        for (int i = 0; i < allCells.size(); i++) {
            String cell = allCells.get(i);
            List<TrialRow> own = byCell.get(cell);
            List<TrialRow> bestFirst = sortedComplete(own, better);
            int failed = (int) own.stream().filter(r -> r.status().equals("failed")).count();
            int unfinished = own.size() - bestFirst.size() - failed;
            double[] metrics = bestFirst.stream().mapToDouble(TrialRow::metric).toArray();
            Statistics.Spread all = metrics.length == 0 ? null : Statistics.spread(metrics);
            int k = CellResult.topCount(metrics.length);
            Statistics.Spread top = k == 0 ? null : Statistics.spread(java.util.Arrays.copyOf(metrics, k));
            double mean = metrics.length == 0 ? Double.NaN : Statistics.mean(metrics);
            double meanSeconds = bestFirst.stream().mapToDouble(TrialRow::seconds).filter(Double::isFinite)
                    .average().orElse(Double.NaN);
            Comparison comparison = cell.equals(baseline) ? Comparison.self()
                    : compare(cell, metrics, baseline, baselineMetrics);
            results.add(new CellResult(cell, i, bestFirst.size(), failed, unfinished, List.copyOf(bestFirst), all, top,
                    mean, meanSeconds, comparison, 0));
        }
        Comparator<Double> direction = minimize ? Comparator.naturalOrder() : Comparator.reverseOrder();
        List<CellResult> order = results.stream().filter(c -> c.complete() > 0)
                .sorted(Comparator.comparing((CellResult c) -> c.top().median(), direction)
                        .thenComparing(c -> c.all().median(), direction)
                        .thenComparingInt(CellResult::index))
                .toList();
        List<CellResult> ranked = new ArrayList<>();
        for (CellResult c : results) {
            int rank = order.indexOf(c) + 1;
            ranked.add(new CellResult(c.cell(), c.index(), c.complete(), c.failed(), c.unfinished(), c.bestFirst(),
                    c.all(), c.top(), c.mean(), c.meanSeconds(), c.comparison(), rank));
        }
        return new TaskResult(task, metric, minimize, baseline, List.copyOf(ranked), List.copyOf(rows));
    }

    private static List<TrialRow> sortedComplete(List<TrialRow> rows, Comparator<TrialRow> better) {
        List<TrialRow> out = new ArrayList<>(rows.stream().filter(TrialRow::complete)
                .filter(r -> Double.isFinite(r.metric())).toList());
        out.sort(better); // stable: equal metrics keep the database's order
        return out;
    }

    private static Comparison compare(String cell, double[] metrics, String baseline, double[] baselineMetrics) {
        if (metrics.length < 2) {
            return new Comparison(false, null, cell + " has " + trials(metrics.length) + "; the test needs 2");
        }
        if (baselineMetrics.length < 2) {
            return new Comparison(false, null, "baseline " + baseline + " has " + trials(baselineMetrics.length)
                    + "; the test needs 2");
        }
        Statistics.Welch w = Statistics.welch(metrics, baselineMetrics);
        if (!w.available()) {
            return new Comparison(false, null, "the metrics of " + cell + " and of " + baseline
                    + " are both constant: no variance to test");
        }
        return new Comparison(false, w, null);
    }

    private static String trials(int n) {
        return n + " complete trial" + (n == 1 ? "" : "s");
    }
}
