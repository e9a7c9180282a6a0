package io.github.tapegrad.examples.zoo;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.examples.UserInputException;
import io.github.tapegrad.examples.cli.MarkdownFile;
import io.github.tapegrad.nn.Cell;
import io.github.tapegrad.nn.CellConfig;
import io.github.tapegrad.nn.CellFactory;
import io.github.tapegrad.nn.Cells;
import io.github.tapegrad.nn.check.CellCheck;
import io.github.tapegrad.nn.check.CellCheckReport;
import io.github.tapegrad.nn.zoo.Equations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The zoo's table: every named cell, its class, the lines of code it took to write, and its CellCheck (the
 * paper's equations from {@link Equations}, gradients, batch invariance, T = 0, a split sequence, a
 * bidirectional stack on variable lengths, second
 * order) with the check's time. The speed columns come from {@code bench --cells zoo}.
 */
@Command(name = "cells", mixinStandardHelpOptions = true,
        description = "Check every zoo cell with CellCheck against its paper's equations and print a markdown "
                + "table: cell, class, lines of code, properties checked, check time.")
public final class CellsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--sources", paramLabel = "DIR",
            description = "nn's source root (nn/src/main/java in a clone) to count each cell class's lines of code; "
                    + "without it the column says n/a.")
    private Path sources;

    @Option(names = "--cases", paramLabel = "N", defaultValue = "20",
            description = "CellCheck cases per cell, 1 to 1000 (default: ${DEFAULT-VALUE}, CellCheck's default).")
    private int cases;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the table to FILE (atomically).")
    private Path markdown;

    @Override
    public Integer call() {
        if (cases < 1 || cases > 1000) {
            throw new UserInputException("--cases " + cases + ": must be 1 to 1000");
        }
        if (sources != null && !Files.isDirectory(sources)) {
            throw new UserInputException("--sources " + sources + ": not a directory");
        }
        if (markdown != null) {
            MarkdownFile.requireWritable("--markdown", markdown);
        }
        PrintWriter out = spec.commandLine().getOut();
        check("lstm", 2); // the JIT's first use, so the first row's time is not the JVM's warm-up
        StringBuilder table = new StringBuilder();
        table.append("| cell | class | lines | CellCheck (").append(cases).append(" cases, seed ")
                .append(String.format(Locale.ROOT, "0x%xL", CellCheck.DEFAULT_SEED)).append(") | check time |\n")
                .append("|---|---|---:|---|---:|\n");
        boolean allPassed = true;
        for (Cells.Entry e : Cells.zoo()) {
            Class<?> type = e.factory().create(CellConfig.of(2, 2)).getClass();
            long start = System.nanoTime();
            CellCheckReport report = check(e.name(), cases);
            double seconds = (System.nanoTime() - start) / 1e9;
            allPassed &= report.passed();
            String row = String.format(Locale.ROOT, "| `%s` | `%s` | %s | %s: %d properties | %.1f s |%n", e.name(),
                    type.getSimpleName(), lines(type), report.passed() ? "passed" : "FAILED",
                    report.properties().size(), seconds);
            table.append(row);
            out.print(row);
            out.flush();
        }
        String doc = "Properties: " + String.join("; ", check("lstm", 1).properties()) + ".\n\n" + table;
        if (markdown != null) {
            MarkdownFile.write("--markdown", markdown, doc);
            out.println("wrote " + markdown);
        }
        return allPassed ? 0 : 1;
    }

    private static CellCheckReport check(String name, int count) {
        CellFactory<? extends Cell> factory = Cells.factory(name);
        return CellCheck.of((in, h, rng) -> factory.create(CellConfig.of(in, h).dtype(DType.FLOAT64).rng(rng)))
                .reference(Equations.BY_NAME.get(name)).cases(count).run();
    }

    /** Non-blank lines of the class's source that are not comments or imports, or "n/a" without --sources. */
    private String lines(Class<?> type) {
        if (sources == null) {
            return "n/a";
        }
        Path file = sources.resolve(type.getName().replace('.', '/') + ".java");
        try {
            List<String> all = Files.readAllLines(file);
            long count = all.stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("//")
                    && !l.startsWith("/*") && !l.startsWith("*") && !l.startsWith("import ")
                    && !l.startsWith("package ")).count();
            return Long.toString(count);
        } catch (IOException e) {
            throw new UncheckedIOException("--sources: cannot read " + file, e);
        }
    }
}
