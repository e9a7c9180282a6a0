package io.github.tapegrad.examples.lm;

import io.github.tapegrad.examples.CommandRun;
import io.github.tapegrad.nn.checkpoint.SafeTensors;
import io.github.tapegrad.nn.checkpoint.SafeTensorsFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.github.tapegrad.examples.lm.TestTexts.tiny;
import static io.github.tapegrad.examples.lm.TimeMachineCommandTest.withCommand;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The --resume rule, one row per option of time-machine: an option that defines the model or the data must equal
 * the checkpoint's, or the run is refused naming the option and both values; an option that steers training may
 * change, is used, is named in the "resume: changed ..." line and recorded in the next checkpoint.
 */
class ResumeRuleTest {

    @TempDir
    static Path shared;

    private static Path text;
    private static Path otherText;
    private static Path checkpoint;

    /** The first run, every option given explicitly (tiny sizes), one epoch. */
    private static final String[] BASE = {"--cell", "lstm", "--layers", "1", "--init", "pytorch", "--max-tokens",
        "10000", "--sampling", "sequential", "--seed", "42", "--lr", "1", "--clip", "1", "--checkpoint-every", "10",
        "--epochs", "1"};

    @TempDir
    Path dir;

    @BeforeAll
    static void trainOneEpoch() throws IOException {
        text = TestTexts.repetitive(shared);
        otherText = Files.writeString(shared.resolve("other.txt"), "A lazy dog jumps over the quick brown fox.\n"
                .repeat(40));
        Path out = shared.resolve("base");
        CommandRun.of(withCommand("time-machine", tiny(text, out, BASE))).succeeded();
        checkpoint = Files.copy(out.resolve(TimeMachineCommand.CHECKPOINT_FILE), shared.resolve("epoch1.safetensors"));
    }

    /** An option given a value other than the first run's, for --epochs 2 (except the --epochs row itself). */
    record Row(String option, String value) {
        @Override
        public String toString() {
            return option + " " + value;
        }
    }

    static final List<Row> MUST_MATCH = List.of(new Row("--cell", "gru"), new Row("--hidden", "24"),
            new Row("--layers", "2"), new Row("--init", "d2l"), new Row("--text", "other"),
            new Row("--max-tokens", "1000"), new Row("--batch-size", "5"), new Row("--num-steps", "9"),
            new Row("--sampling", "random"), new Row("--seed", "7"));

    static final List<Row> MAY_CHANGE = List.of(new Row("--epochs", "3"), new Row("--lr", "0.5"),
            new Row("--clip", "2"), new Row("--checkpoint-every", "5"), new Row("--threads", "2"),
            new Row("--out", "elsewhere"));

    /** What the first run had (tiny's values where BASE gives none). */
    private static String before(String option) {
        Map<String, String> tinyValues = Map.of("--hidden", "16", "--batch-size", "4", "--num-steps", "8",
                "--threads", "1", "--text", text.toString());
        List<String> base = Arrays.asList(BASE);
        int at = base.indexOf(option);
        return at >= 0 ? base.get(at + 1) : tinyValues.get(option);
    }

    private CommandRun resume(Row row, Path out) {
        String value = switch (row.option()) {
            case "--text" -> otherText.toString();
            case "--out" -> out.toString();
            default -> row.value();
        };
        List<String> more = new ArrayList<>(List.of(BASE));
        more.addAll(List.of("--epochs", "2", row.option(), value, "--resume", checkpoint.toString()));
        return CommandRun.of(withCommand("time-machine", tiny(text, dir.resolve("out"), more.toArray(new String[0]))));
    }

    static Stream<Row> mustMatch() {
        return MUST_MATCH.stream();
    }

    static Stream<Row> mayChange() {
        return MAY_CHANGE.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mustMatch")
    void anOptionThatDefinesTheModelOrTheDataMustMatch(Row row) {
        CommandRun run = resume(row, dir.resolve("out"));
        if (row.option().equals("--text")) {
            run.refusedWith("checkpoint was trained with --text " + text + " (vocabulary '");
            run.refusedWith("but this run has --text " + otherText + " (vocabulary '");
        } else {
            run.refusedWith("--resume " + checkpoint + ": checkpoint was trained with " + row.option() + " "
                    + before(row.option()) + ", but this run has " + row.option() + " " + row.value());
        }
        assertEquals("", run.out(), "refused before training");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mayChange")
    void anOptionThatSteersTrainingMayChangeAndIsRecorded(Row row) throws IOException {
        Path out = row.option().equals("--out") ? dir.resolve(row.value()) : dir.resolve("out");
        byte[] source = Files.readAllBytes(checkpoint);
        CommandRun run = resume(row, out).succeeded();

        Path written = out.resolve(TimeMachineCommand.CHECKPOINT_FILE);
        Map<String, String> metadata = SafeTensors.read(written).metadata();
        String epochs = row.option().equals("--epochs") ? row.value() : "2";
        assertEquals(epochs, metadata.get("epoch"));
        String changed = run.out().lines().filter(l -> l.startsWith("resume: ")).findFirst().orElse("");
        assertTrue(changed.startsWith("resume: changed --epochs 1 -> " + epochs), run.out());
        switch (row.option()) {
            case "--lr" -> {
                assertTrue(changed.contains("--lr 1.0 -> 0.5"), changed);
                assertEquals("0.5", metadata.get("lr"));
                assertEquals("0.5", metadata.get("optimizer.lr"), "the optimizer trained with the new rate");
            }
            case "--clip" -> {
                assertTrue(changed.contains("--clip 1.0 -> 2.0"), changed);
                assertEquals("2.0", metadata.get("clip"));
            }
            case "--checkpoint-every" -> {
                assertTrue(changed.contains("--checkpoint-every 10 -> 5"), changed);
                assertEquals("5", metadata.get("checkpoint_every"));
            }
            case "--threads" -> {
                assertTrue(changed.contains("--threads 1 -> 2"), changed);
                assertEquals("2", metadata.get("threads"));
            }
            case "--epochs" -> assertEquals("3", metadata.get("epochs"));
            case "--out" -> assertEquals("resume: changed --epochs 1 -> 2", changed, "--out is not recorded");
            default -> throw new AssertionError("no check for " + row);
        }
        assertArrayEquals(source, Files.readAllBytes(checkpoint), "the resumed checkpoint itself is left alone");
    }

    @Test
    void aRunResumedWithTheSameOptionsSaysSo() throws IOException {
        // a run asked for 2 epochs and stopped after the first (its checkpoint records --epochs 2)
        SafeTensorsFile first = SafeTensors.read(checkpoint);
        Map<String, String> metadata = new LinkedHashMap<>(first.metadata());
        metadata.put("epochs", "2");
        Path interrupted = dir.resolve("interrupted.safetensors");
        SafeTensors.write(interrupted, new SafeTensorsFile(first.tensors(), metadata));

        List<String> more = new ArrayList<>(List.of(BASE));
        more.addAll(List.of("--epochs", "2", "--resume", interrupted.toString()));
        CommandRun run = CommandRun.of(withCommand("time-machine", tiny(text, dir.resolve("out"),
                more.toArray(new String[0])))).succeeded();
        assertTrue(run.out().lines().anyMatch(l -> l.equals("resume: no option changed")), run.out());
    }

    @Test
    void everyOptionOfTimeMachineHasARow() {
        Set<String> covered = new HashSet<>();
        MUST_MATCH.forEach(r -> covered.add(r.option()));
        MAY_CHANGE.forEach(r -> covered.add(r.option()));
        assertEquals(MUST_MATCH.size() + MAY_CHANGE.size(), covered.size(), "an option in both lists");
        Set<String> options = new HashSet<>();
        for (OptionSpec o : new CommandLine(new TimeMachineCommand()).getCommandSpec().options()) {
            // --model is --cell's alias: the rule names the option by --cell
            options.add(Arrays.asList(o.names()).contains("--cell") ? "--cell" : o.longestName());
        }
        options.removeAll(Set.of("--resume", "--help", "--version"));
        assertEquals(options, covered);
    }
}
