package io.github.tapegrad.examples.bench;

import io.github.tapegrad.autograd.DType;
import io.github.tapegrad.examples.cli.ErrorReporting;
import io.github.tapegrad.examples.cli.ExitCodes;
import io.github.tapegrad.nn.LSTM;
import io.github.tapegrad.nn.Recurrent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * {@code bench --bidirectional} and {@code --lengths uniform}: option checks, the lengths, the masked losses and a
 * smoke run on tiny sizes (no timing is asserted: only that the figures are there and consistent).
 */
class SequenceBenchTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = new CommandLine(new BenchCommand());
        commandLine.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        ErrorReporting.install(commandLine);
        return commandLine.execute(args);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--lengths normal|--lengths normal: must be uniform",
        "--lengths UNIFORM --bidirectional|--lengths UNIFORM: must be uniform",
        "--bidirectional --impl fused|--impl: not with --bidirectional",
        "--lengths uniform --cells mgu|--cells: not with --lengths",
        "--bidirectional --lengths uniform --no-limit|--no-limit: not with --bidirectional",
        "--bidirectional --repeats 2|--repeats 2: must be between 3 and 1000",
        "--lengths uniform --config B --vocab 5|--vocab 5: config B has no vocabulary",
        "--bidirectional --config A --input 6 --vocab 5|--input 6 with --vocab 5",
        "--bidirectional --steps 0|--steps 0: must be between 1",
        "--lengths uniform --markdown /no/such/dir/x.md|--markdown /no/such/dir/x.md: directory /no/such/dir does not",
        "--repeats 3|--repeats: only with --cells, --bidirectional or --lengths",
        "--markdown x.md|--markdown: only with --cells, --bidirectional or --lengths",
        "--clock cpu --threads 1|--clock: only with --bidirectional or --lengths",
        "--bidirectional --clock cpu --threads 2|--clock cpu with 2 kernel threads: needs --threads 1",
        "--lengths uniform --clock gpu --threads 1|--clock gpu: must be wall or cpu"})
    void badSequenceOptionsAreOneLineUsageErrors(String args, String expected) {
        int status = run(args.split(" "));

        assertEquals(ExitCodes.USAGE, status, out + err.toString());
        assertTrue(err.toString().contains(expected), err.toString());
        assertEquals(1, err.toString().strip().split("\\R").length, err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void lengthsAreUniformInTheUpperHalfAndFollowTheSeed() {
        qt().withExamples(300).forAll(integers().between(1, 64), integers().between(1, 300), longs().all())
                .checkAssert((batch, steps, seed) -> {
                    int[] lengths = SequenceBench.uniformLengths(batch, steps, seed);
                    assertEquals((int) batch, lengths.length);
                    for (int n : lengths) {
                        assertTrue(n >= (steps + 1) / 2 && n <= steps && 2 * n >= steps, n + " for T=" + steps);
                    }
                    assertArrayEquals(lengths, SequenceBench.uniformLengths(batch, steps, seed));
                });
        // both ends are drawn: the interval is closed
        int[] many = SequenceBench.uniformLengths(2000, 9, 1);
        assertEquals(5, Arrays.stream(many).min().orElseThrow());
        assertEquals(9, Arrays.stream(many).max().orElseThrow());
    }

    @Test
    void theMaskMarksTheTimeMajorPositionsBeforeEachLength() {
        double[] mask = AutogradWorkload.validMask(new int[] {2, 0, 3}, 3);
        assertArrayEquals(new double[] {1, 0, 1, 1, 0, 1, 0, 0, 1}, mask);
    }

    private static BenchSize tiny(BenchConfig config) {
        return config.trains() ? new BenchSize(config, DType.FLOAT64, 5, 6, 7, 4, 7)
                : new BenchSize(config, DType.FLOAT64, 5, 6, 3, 4, 0);
    }

    private static AutogradWorkload workload(BenchData data, boolean bidirectional, int[] lengths) {
        BenchSize size = data.size();
        Recurrent rnn = new LSTM(Recurrent.options(size.input(), size.hidden()).dtype(size.dtype())
                .rng(new Random(3)).bidirectional(bidirectional));
        return new AutogradWorkload("test", data, rnn, lengths);
    }

    /** Every quantity of two first steps, bit for bit (a quantity missing on either side fails). */
    private static void assertSameStep(Snapshot expected, Snapshot actual) {
        assertEquals(expected.names(), actual.names());
        for (String name : expected.names()) {
            assertArrayEquals(expected.get(name).values(), actual.get(name).values(), name);
        }
    }

    /** With every length T the variable-length step is the fixed-length step, loss included, bit for bit. */
    @ParameterizedTest
    @CsvSource({"A, false", "A, true", "B, false", "B, true"})
    void fullLengthsGiveTheFixedLengthStep(BenchConfig config, boolean bidirectional) {
        BenchData data = BenchData.generate(tiny(config), 11);
        int[] full = new int[data.size().batch()];
        Arrays.fill(full, data.size().steps());

        assertSameStep(workload(data, bidirectional, null).checkedStep(),
                workload(data, bidirectional, full).checkedStep());
    }

    /**
     * The losses count valid positions only: changing the tokens, targets or inputs past each length changes nothing
     * (loss, gradients, updates), and config B's input gets no gradient there.
     */
    @ParameterizedTest
    @CsvSource({"A, false", "A, true", "B, false", "B, true"})
    void positionsPastALengthDoNotCount(BenchConfig config, boolean bidirectional) {
        BenchData data = BenchData.generate(tiny(config), 12);
        BenchSize size = data.size();
        int[] lengths = {6, 3, 0, 5, 1};
        double[] mask = AutogradWorkload.validMask(lengths, size.steps());
        BenchData doctored;
        if (config.trains()) {
            int[] tokens = data.tokens().clone();
            int[] targets = data.targets().clone();
            for (int p = 0; p < mask.length; p++) {
                if (mask[p] == 0) {
                    tokens[p] = (tokens[p] + 1) % size.vocab();
                    targets[p] = (targets[p] + 2) % size.vocab();
                }
            }
            doctored = new BenchData(size, data.lstm(), data.head(), tokens, targets, null, null, null);
        } else {
            double[] x = data.x().clone();
            for (int i = 0; i < x.length; i++) {
                if (mask[i / size.input()] == 0) {
                    x[i] = 100 + i;
                }
            }
            doctored = new BenchData(size, data.lstm(), data.head(), null, null, x, data.h0(), data.c0());
        }
        Snapshot first = workload(data, bidirectional, lengths).checkedStep();
        assertSameStep(first, workload(doctored, bidirectional, lengths).checkedStep());
        if (!config.trains()) {
            double[] gradInput = first.get("grad of input").values();
            for (int i = 0; i < gradInput.length; i++) {
                if (mask[i / size.input()] == 0) {
                    assertEquals(0.0, gradInput[i], "grad of input at padded position " + i / size.input());
                }
            }
        } else {
            // the mean is over the valid positions: not the padded batch's mean, nor 0
            double loss = first.get("loss").values()[0];
            assertTrue(loss > 0 && Double.isFinite(loss), "loss " + loss);
        }
    }

    @Test
    void bothFlagsOnBothConfigsGiveAJsonLinePerRowWithConsistentFigures() {
        int status = run("--bidirectional", "--lengths", "uniform", "--batch", "4", "--steps", "5", "--hidden", "8",
                "--vocab", "5", "--input", "6", "--warmup", "0", "--measure", "1", "--threads", "1", "--json");

        assertEquals(ExitCodes.OK, status, err.toString());
        String[] lines = out.toString().strip().split("\\R");
        assertEquals(8, lines.length, out.toString());
        int[] lengths = SequenceBench.uniformLengths(4, 5, 42);
        long valid = Arrays.stream(lengths).sum();
        for (int i = 0; i < lines.length; i++) {
            Map<String, Object> r = FlatJson.parse(lines[i]);
            boolean bi = i % 4 >= 2;
            boolean variable = i % 2 == 1;
            assertEquals(i < 4 ? "A" : "B", r.get("config"), lines[i]);
            assertEquals("sequence", r.get("impl"));
            assertEquals(bi, r.get("bidirectional"), lines[i]);
            assertEquals(variable ? "uniform" : "fixed", r.get("lengths"), lines[i]);
            assertEquals(variable ? (double) valid : 20.0, r.get("valid_tokens_per_step"), lines[i]);
            assertEquals(3.0, r.get("rounds"));
            assertEquals("wall", r.get("clock"));
            assertTrue((Double) r.get("ms_min") <= (Double) r.get("ms_median")
                    && (Double) r.get("ms_median") <= (Double) r.get("ms_max"), lines[i]);
            assertTrue((Double) r.get("tokens_per_s") > 0, lines[i]);
            assertEquals(bi, r.get("ratio_to_unidirectional") != null, lines[i]);
            assertEquals(variable, r.get("ratio_to_fixed") != null, lines[i]);
            for (String ratio : List.of("ratio_to_unidirectional", "ratio_to_fixed")) {
                if (r.get(ratio) != null) {
                    assertTrue((Double) r.get(ratio + "_min") <= (Double) r.get(ratio)
                            && (Double) r.get(ratio) <= (Double) r.get(ratio + "_max"), lines[i]);
                }
            }
            assertEquals(i % 4 == 0 ? Boolean.TRUE : null, r.get("agreement_passed"), lines[i]);
        }
    }

    @Test
    void oneConfigWritesItsTableToMarkdown(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("seq.md");
        int status = run("--bidirectional", "--config", "B", "--batch", "3", "--steps", "4", "--hidden", "8",
                "--input", "6", "--warmup", "0", "--measure", "1", "--threads", "1", "--markdown", file.toString());

        assertEquals(ExitCodes.OK, status, err.toString());
        String doc = Files.readString(file);
        String text = out.toString();
        assertTrue(text.contains(doc), "stdout holds the same tables:\n" + text);
        assertTrue(text.contains("check: unidirectional, fixed length vs fused: max relative error"), text);
        assertEquals(1, doc.lines().filter(l -> l.startsWith("### Config ")).count(), doc);
        assertTrue(doc.contains("### Config B: I = 6, H = 8, float32"), doc);
        assertTrue(doc.contains("| nn's LSTM | valid tokens per step | step ms: median (range) | valid tokens/s | "
                + "step time ÷ unidirectional |"), doc);
        List<String> rows = doc.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| nn's")).toList();
        assertEquals(2, rows.size(), doc);
        assertTrue(rows.get(0).startsWith("| unidirectional, fixed length | 12 | ")
                && rows.get(0).endsWith(" | 1 (reference) |"), rows.get(0));
        assertTrue(rows.get(1).matches("\\| bidirectional, fixed length \\| 12 \\| .* \\| \\d+\\.\\d\\d \\(\\d+\\.\\d\\d–"
                + "\\d+\\.\\d\\d\\) \\|"), rows.get(1));
        assertTrue(!doc.contains("Lengths: uniform"), doc);
    }

    @Test
    void theCpuClockTimesTheOneThreadAndSaysSo() {
        int status = run("--lengths", "uniform", "--config", "B", "--clock", "cpu", "--batch", "3", "--steps", "4",
                "--hidden", "8", "--input", "6", "--warmup", "0", "--measure", "1", "--threads", "1", "--json");

        assertEquals(ExitCodes.OK, status, err.toString());
        String[] lines = out.toString().strip().split("\\R");
        assertEquals(2, lines.length, out.toString());
        for (String line : lines) {
            Map<String, Object> r = FlatJson.parse(line);
            assertEquals("cpu", r.get("clock"), line);
            assertTrue((Double) r.get("ms_median") > 0, line);
        }
    }

    @Test
    void aCellOtherThanTheLstmRunsUncheckedWithItsLengths() {
        int status = run("--lengths", "uniform", "--cell", "mgu", "--config", "A", "--batch", "3", "--steps", "4",
                "--hidden", "8", "--vocab", "5", "--warmup", "0", "--measure", "1", "--threads", "1");

        assertEquals(ExitCodes.OK, status, err.toString());
        String text = out.toString();
        assertTrue(text.contains("check: `mgu` has not the LSTM's parameters: not compared with the yardstick"), text);
        assertTrue(text.contains("Lengths: uniform in [2, 4], seed 42: "), text);
        assertTrue(text.contains("| `mgu` | valid tokens per step |"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("| unidirectional, lengths uniform | ")), text);
    }
}
