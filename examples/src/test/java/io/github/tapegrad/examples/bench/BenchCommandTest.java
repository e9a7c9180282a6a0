package io.github.tapegrad.examples.bench;

import io.github.tapegrad.examples.cli.ErrorReporting;
import io.github.tapegrad.examples.cli.ExitCodes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.github.tapegrad.nn.Cells;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench command run in-process on tiny sizes: its output, its agreement check and its refusals. */
class BenchCommandTest {
    private static final String[] TINY = {"--batch", "2", "--steps", "3", "--hidden", "8", "--warmup", "1",
        "--measure", "2", "--threads", "1", "--no-limit"};

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(UnaryOperator<Snapshot> tamper, String... args) {
        CommandLine commandLine = new CommandLine(new BenchCommand(tamper));
        commandLine.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        ErrorReporting.install(commandLine);
        return commandLine.execute(args);
    }

    private static String[] tiny(String... more) {
        List<String> args = new ArrayList<>(List.of(TINY));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    /**
     * Sizes where every vectorised kernel path (GEMM panels, 16-lane activations, in-place and not) runs:
     * the agreement check then guards the kernels against the hand-derived yardstick.
     */
    @ParameterizedTest
    @CsvSource({"A, float32, --vocab", "B, float32, --input", "A, float64, --vocab"})
    void autogradAgreesWithTheYardstickAtSizesThatUseTheVectorKernels(String config, String dtype, String size) {
        int status = run(UnaryOperator.identity(), "--config", config, "--dtype", dtype, "--batch", "5", "--steps",
                "4", "--hidden", "40", size, "19", "--warmup", "0", "--measure", "1", "--json", "--no-limit");
        assertEquals(ExitCodes.OK, status, err.toString());
        for (String line : out.toString().strip().split("\\R")) {
            assertEquals(Boolean.TRUE, FlatJson.parse(line).get("agreement_passed"), line);
        }
    }

    @ParameterizedTest
    @CsvSource({"A, float32, --vocab, 5", "A, float64, --vocab, 5", "B, float32, --input, 6", "B, float64, --input, 6"})
    void jsonLinesParseAndReportAPassedCheckForEveryImplementation(String config, String dtype, String sizeOption,
                                                                     String sizeValue) {
        int status = run(UnaryOperator.identity(), tiny("--config", config, "--dtype", dtype, sizeOption, sizeValue,
                "--json"));

        assertEquals(ExitCodes.OK, status, err.toString());
        String[] lines = out.toString().strip().split("\\R");
        assertEquals(3, lines.length, out.toString());
        List<Object> impls = new ArrayList<>();
        for (String line : lines) {
            Map<String, Object> r = FlatJson.parse(line);
            impls.add(r.get("impl"));
            assertEquals(config, r.get("config"));
            assertEquals(dtype, r.get("dtype"));
            assertEquals(Boolean.TRUE, r.get("agreement_passed"), line);
            assertTrue((Double) r.get("agreement_max_rel_error") <= (Double) r.get("agreement_tolerance"), line);
            assertEquals(2.0, r.get("measure"));
            assertTrue((Double) r.get("tokens_per_s") > 0, line);
            assertTrue((Double) r.get("ms_min") <= (Double) r.get("ms_median"), line);
            assertTrue((Double) r.get("ms_median") <= (Double) r.get("ms_max"), line);
            assertTrue((Double) r.get("ratio_to_fused") > 0, line);
            assertTrue(r.containsKey("alloc_bytes_per_step") && r.containsKey("backend"), line);
        }
        assertEquals(List.of("fused", "autograd", "custom"), impls);
        assertEquals(3.0 * 2 * 2 * 3 * (sizeValue.equals("5") ? 5 + 8 : 6 + 8) * 4 * 8 / 1e9
                        + (config.equals("A") ? 3.0 * 2 * 2 * 3 * 8 * 5 / 1e9 : 0),
                (Double) FlatJson.parse(lines[0]).get("gflop_per_step"), 1e-15);
    }

    @ParameterizedTest
    @CsvSource({"A, float32, grad of weight_hh_l0", "A, float64, update of head.bias", "B, float32, grad of c0",
        "B, float64, grad of input"})
    void refusesToTimeWhenTheYardstickIsWrong(String config, String dtype, String quantity) {
        int status = run(s -> s.perturbed(quantity, 0, 0.5), tiny("--config", config, "--dtype", dtype, "--json"));

        assertEquals(ExitCodes.INTERNAL_ERROR, status);
        assertEquals("", out.toString(), "nothing may be timed");
        String message = err.toString();
        assertTrue(message.contains("refusing to time") && message.contains("DISAGREE") && message.contains(quantity),
                message);
        assertEquals(1, message.strip().split("\\R").length, message);
    }

    @Test
    void aPerturbationWellWithinTheToleranceStillPasses() {
        // the check is relative: 1e-9 of one element of an O(1) gradient is rounding, not a wrong derivative
        int status = run(s -> s.perturbed("grad of weight_hh_l0", 0, 1e-9), tiny("--config", "A", "--json",
                "--impl", "fused"));

        assertEquals(ExitCodes.OK, status, err.toString());
        assertEquals(1, out.toString().strip().split("\\R").length);
    }

    @Test
    void textOutputNamesTheMachineTheFormulaAndTheCheck() {
        int status = run(UnaryOperator.identity(), tiny("--config", "b", "--input", "4", "--impl", "autograd"));

        assertEquals(ExitCodes.OK, status, err.toString());
        String text = out.toString();
        assertTrue(text.contains("machine: ") && text.contains("kernels: "), text);
        assertTrue(text.contains("3·T·2·B·(I+H)·4H"), text);
        assertTrue(text.contains("autograd vs fused") && text.contains("agree"), text);
        assertTrue(text.contains("allocation counted on: calling thread"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("autograd ")), text);
        assertTrue(text.lines().noneMatch(l -> l.startsWith("custom ")), text);
    }

    /** The physical limit: the step's GEMM FLOPs at the 2048³ rate measured in the same run, and each share of it. */
    @Test
    void limitIsTheStepsFlopsAtTheMeasuredCeiling() {
        List<String> args = new ArrayList<>(List.of(tiny("--config", "A", "--vocab", "5", "--json")));
        args.remove("--no-limit");
        int status = run(UnaryOperator.identity(), args.toArray(new String[0]));

        assertEquals(ExitCodes.OK, status, err.toString());
        String[] lines = out.toString().strip().split("\\R");
        Map<String, Object> limit = FlatJson.parse(lines[lines.length - 1]);
        assertEquals("limit", limit.get("impl"));
        double ceiling = ((Number) limit.get("ceiling_gflop_per_s")).doubleValue();
        double perStep = ((Number) limit.get("gflop_per_step")).doubleValue();
        double tokens = ((Number) limit.get("tokens_per_s")).doubleValue();
        assertTrue(ceiling > 0, lines[lines.length - 1]);
        assertEquals(ceiling / perStep * 2 * 3, tokens, 1e-9 * tokens, "batch 2 × steps 3 tokens per step");
        assertEquals(4, lines.length, "fused, autograd, custom, then the limit");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--dtype float16|--dtype float16: must be float32 or float64",
        "--config C|--config C: must be A or B",
        "--impl torch|--impl torch: must be autograd, custom, fused or all",
        "--config A --input 6 --vocab 5|--input 6 with --vocab 5",
        "--config B --vocab 5|--vocab 5: config B has no vocabulary",
        "--hidden 0|--hidden 0: must be between 1",
        "--measure 0|--measure 0: must be between 1"})
    void badOptionsAreOneLineUsageErrors(String args, String expected) {
        int status = run(UnaryOperator.identity(), args.split(" "));

        assertEquals(ExitCodes.USAGE, status);
        assertTrue(err.toString().contains(expected), err.toString());
        assertEquals(1, err.toString().strip().split("\\R").length, err.toString());
    }

    /** --cell: any cell timed beside nn's LSTM, its ratio printed; a cell that is not the LSTM is not compared. */
    @Test
    void aCellIsTimedBesideTheLstmWithItsRatio() {
        int status = run(UnaryOperator.identity(), tiny("--cell", "mgu", "--vocab", "5"));

        assertEquals(ExitCodes.OK, status, err.toString());
        String text = out.toString();
        assertTrue(text.contains("check: cell:mgu: not compared: the yardstick computes an LSTM"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("cell:mgu ") && l.contains(" n/a ")), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("cell:mgu: step time ÷ nn's LSTM \\(autograd\\), same run "
                + "and data: \\d+\\.\\d\\d")), text);
    }

    @ParameterizedTest
    @CsvSource({"A, mgu, 5", "B, fgr, 6", "B, io.github.tapegrad.examples.cells.LeakyCell, 6", "A, lstm, 5",
        "B, np, 6"})
    void cellJsonLinesCarryTheRatioAndACheckOnlyForTheLstmsParameters(String config, String cell, String size) {
        int status = run(UnaryOperator.identity(), tiny("--config", config, config.equals("A") ? "--vocab" : "--input",
                size, "--cell", cell, "--impl", "fused", "--json"));

        assertEquals(ExitCodes.OK, status, err.toString());
        String[] lines = out.toString().strip().split("\\R");
        assertEquals(3, lines.length, "fused, autograd (beside the cell), the cell: " + out);
        Map<String, Object> lstm = FlatJson.parse(lines[1]);
        Map<String, Object> r = FlatJson.parse(lines[2]);
        assertEquals("autograd", lstm.get("impl"));
        assertEquals("cell:" + cell.substring(cell.lastIndexOf('.') + 1), r.get("impl"));
        assertTrue((Double) r.get("ratio_to_lstm") > 0, lines[2]);
        boolean lstmParameters = cell.equals("lstm") || cell.equals("np");
        assertEquals(lstmParameters ? Boolean.TRUE : null, r.get("agreement_passed"), lines[2]);
        assertEquals(lstmParameters, r.get("gflop_per_s") != null, lines[2]);
    }

    /** --cells: the table mode, on both configurations, with every figure from interleaved rounds. */
    @Test
    void theCellTableHasARowPerCellAndConfigAndIsWrittenAtomically(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cells.md");
        Files.writeString(file, "the previous table");
        int status = run(UnaryOperator.identity(), "--cells", "mgu,lstm,io.github.tapegrad.examples.cells.LeakyCell",
                "--batch", "2", "--steps", "3", "--hidden", "8", "--vocab", "5", "--input", "6", "--warmup", "0",
                "--measure", "1", "--threads", "1", "--markdown", file.toString());

        assertEquals(ExitCodes.OK, status, err.toString());
        String doc = Files.readString(file);
        assertTrue(out.toString().contains(doc), "stdout holds the same tables:\n" + out);
        assertTrue(out.toString().contains("check: lstm vs fused: max relative error"), out.toString());
        assertEquals(List.of(file), Files.list(dir).toList(), "no temporary file left");
        List<String> headings = doc.lines().filter(l -> l.startsWith("### Config ")).toList();
        assertEquals(2, headings.size(), doc);
        assertTrue(headings.get(0).startsWith("### Config A: one-hot V = 5, H = 8, float32") && headings.get(1)
                .startsWith("### Config B: I = 6, H = 8, float32"), doc);
        List<String> rows = doc.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| cell ")).toList();
        assertEquals(8, rows.size(), doc);
        assertTrue(rows.get(0).startsWith("| nn's LSTM | 4 | 480 | ") && rows.get(0).endsWith(" | 1 (reference) |"),
                rows.get(0));
        assertTrue(rows.get(1).startsWith("| `mgu` | 2 | 224 | "), rows.get(1));
        assertTrue(rows.get(2).startsWith("| `lstm` | 4 | 480 | "), rows.get(2));
        assertTrue(rows.get(3).startsWith("| `LeakyCell` | 1 | 128 | "), rows.get(3));
        assertTrue(rows.get(5).startsWith("| `mgu` | 2 | 240 | "), rows.get(5));
        for (String row : rows.subList(1, 4)) {
            assertTrue(row.matches(".* \\| [0-9,]+ \\| \\d+\\.\\d\\d \\(\\d+\\.\\d\\d–\\d+\\.\\d\\d\\) \\|"), row);
        }
        assertTrue(doc.contains("across 3 interleaved rounds"), doc);
    }

    @Test
    void theZooTableInJsonHasALinePerCell() {
        int status = run(UnaryOperator.identity(), "--cells", "zoo", "--config", "A", "--batch", "2", "--steps", "2",
                "--hidden", "4", "--vocab", "3", "--warmup", "0", "--measure", "1", "--threads", "1", "--json");

        assertEquals(ExitCodes.OK, status, err.toString());
        String[] lines = out.toString().strip().split("\\R");
        assertEquals(Cells.names().size() + 1, lines.length, out.toString());
        for (int i = 0; i < lines.length; i++) {
            Map<String, Object> r = FlatJson.parse(lines[i]);
            assertEquals(i == 0 ? CellTable.REFERENCE : Cells.names().get(i - 1), r.get("cell"));
            assertEquals("A", r.get("config"));
            assertEquals(3.0, r.get("rounds"));
            assertTrue((Double) r.get("ratio_min") <= (Double) r.get("ratio_to_lstm")
                    && (Double) r.get("ratio_to_lstm") <= (Double) r.get("ratio_max"), lines[i]);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--cells mgu --repeats 2|--repeats 2: must be between 3 and 1000",
        "--repeats 3|--repeats: only with --cells",
        "--markdown x.md|--markdown: only with --cells",
        "--cells mgu --impl fused|--impl: not with --cells",
        "--cells mgu --cell gru|--cell: not with --cells",
        "--cells mgu,lsmt|--cells: unknown cell 'lsmt'; choose one of lstm",
        "--cells mgu --markdown /no/such/dir/x.md|--markdown /no/such/dir/x.md: directory /no/such/dir does not exist",
        "--cell com.example.Nope|cell class com.example.Nope is not on the classpath"})
    void badCellOptionsAreOneLineUsageErrors(String args, String expected) {
        int status = run(UnaryOperator.identity(), args.split(" "));

        assertEquals(ExitCodes.USAGE, status, out + err.toString());
        assertTrue(err.toString().contains(expected), err.toString());
        assertEquals(1, err.toString().strip().split("\\R").length, err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void gemmSubcommandRejectsAnUnknownDtypeAndThreadCount() {
        assertEquals(ExitCodes.USAGE, run(UnaryOperator.identity(), "gemm", "--dtype", "float16"));
        assertTrue(err.toString().contains("--dtype float16: must be float32 or float64"), err.toString());
        assertEquals(ExitCodes.USAGE, run(UnaryOperator.identity(), "gemm", "--threads", "1,0"));
        assertTrue(err.toString().contains("--threads 0: must be between 1"), err.toString());
    }
}
