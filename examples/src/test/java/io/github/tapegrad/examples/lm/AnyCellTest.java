package io.github.tapegrad.examples.lm;

import io.github.tapegrad.examples.CommandRun;
import io.github.tapegrad.examples.cells.LeakyCell;
import io.github.tapegrad.nn.Cells;
import io.github.tapegrad.nn.checkpoint.Checkpoint;
import io.github.tapegrad.nn.checkpoint.SafeTensors;
import io.github.tapegrad.nn.checkpoint.SafeTensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.github.tapegrad.examples.lm.TestTexts.tiny;
import static io.github.tapegrad.examples.lm.TimeMachineCommandTest.withCommand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * --cell in the language-model commands: every zoo cell and a user's class train; the checkpoint names the cell, so
 * generate and --resume rebuild it; another cell's checkpoint, and the former peephole cell's, are refused in one
 * line; checkpoints written before cells had names (format 1, --model lstm|gru|rnn) still load.
 */
class AnyCellTest {

    @TempDir
    Path dir;

    static List<String> zoo() {
        return Cells.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zoo")
    void everyZooCellTrainsAndItsCheckpointGenerates(String cell) throws IOException {
        Path out = dir.resolve("out");
        CommandRun run = CommandRun.of(withCommand("time-machine", tiny(TestTexts.repetitive(dir), out, "--cell", cell,
                "--epochs", "1", "--hidden", "6", "--max-tokens", "600"))).succeeded();
        assertTrue(run.out().startsWith("CharLanguageModel(" + cell + ": "), run.out());
        Path checkpoint = out.resolve(TimeMachineCommand.CHECKPOINT_FILE);
        Map<String, String> metadata = Checkpoint.readMetadata(checkpoint);
        assertEquals(cell, metadata.get("cell"));
        assertEquals(TrainingSetup.FORMAT, metadata.get("format"));
        String text = CommandRun.of("generate", "--checkpoint", checkpoint.toString(), "--prefix", "the", "--length",
                "5").succeeded().out().replaceAll("\\R$", "");
        assertEquals(8, text.length(), text);
    }

    @Test
    void aUsersCellClassTrainsResumesAndGenerates() throws IOException {
        Path text = TestTexts.repetitive(dir);
        Path out = dir.resolve("out");
        String cell = LeakyCell.class.getName();
        CommandRun.of(withCommand("time-machine", tiny(text, out, "--cell", cell, "--epochs", "1"))).succeeded();
        Path first = java.nio.file.Files.copy(out.resolve(TimeMachineCommand.CHECKPOINT_FILE),
                dir.resolve("first.safetensors"));
        assertEquals(cell, Checkpoint.readMetadata(first).get("cell"));
        CommandRun resumed = CommandRun.of(withCommand("time-machine", tiny(text, out, "--cell", cell, "--epochs", "2",
                "--resume", first.toString()))).succeeded();
        assertTrue(resumed.out().contains("resuming after epoch 1"), resumed.out());
        CommandRun.of("generate", "--checkpoint", out.resolve(TimeMachineCommand.CHECKPOINT_FILE).toString(),
                "--prefix", "the", "--length", "3").succeeded();
        CommandRun.assertPng(out.resolve(TimeMachineCommand.PLOT_FILE));
    }

    @Test
    void unknownCellsAreOneLineUsageErrorsInEveryCommand() {
        String choices = "unknown cell 'lsmt'; choose one of " + String.join(", ", Cells.names());
        for (String command : List.of("time-machine --cell", "time-machine --model", "custom-cell --cell",
                "custom-cell --model", "sine --cell", "square --cell", "adding --cell", "copy-memory --cell",
                "bench --cell", "bench --cells")) {
            List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
            args.add(command.startsWith("sine") ? "rnn,lsmt" : command.endsWith("--cells") ? "mgu,lsmt" : "lsmt");
            args.addAll(List.of("--out", dir.toString()).subList(0, command.startsWith("bench") ? 0 : 2));
            CommandRun.of(args.toArray(new String[0])).refusedWith(choices);
        }
        CommandRun.of("square", "--cell", "com.example.MyCell", "--out", dir.toString())
                .refusedWith("cell class com.example.MyCell is not on the classpath");
        CommandRun.of("sine", "--cell", "lstm,lstm", "--out", dir.toString()).refusedWith("--cell: lstm is named twice");
        CommandRun.of("time-machine", "--cell", "io.github.tapegrad.examples.cells.SquareWeightCell", "--out",
                dir.toString()).refusedWith("parameter flat does not grow as a·I + b·H + c");
    }

    @Test
    void aCheckpointOfAnotherCellIsRefused() throws IOException {
        Path text = TestTexts.repetitive(dir);
        Path out = dir.resolve("out");
        CommandRun.of(withCommand("time-machine", tiny(text, out, "--cell", "mgu", "--epochs", "1"))).succeeded();
        Path checkpoint = out.resolve(TimeMachineCommand.CHECKPOINT_FILE);
        CommandRun.of(withCommand("time-machine", tiny(text, out, "--cell", "gru", "--epochs", "2", "--resume",
                checkpoint.toString()))).refusedWith("--resume " + checkpoint + ": checkpoint was trained with --cell "
                + "mgu, but this run has --cell gru");
        CommandRun.of(withCommand("time-machine", tiny(text, out, "--epochs", "2", "--resume", checkpoint.toString())))
                .refusedWith("checkpoint was trained with --cell mgu, but this run has --cell lstm");

        // metadata naming another cell than the tensors hold: the load is refused naming both
        Path relabelled = rewrite(checkpoint, "relabelled", Map.of("cell", "gru"));
        CommandRun.of("generate", "--checkpoint", relabelled.toString()).refusedWith("--checkpoint: checkpoint "
                + relabelled + ": does not match the expected tensors");
        CommandRun.of("generate", "--checkpoint", relabelled.toString()).refusedWith("(expected those of cell 'gru', "
                + "1 layer(s) of hidden size 16, as its metadata says)");
        Path absent = rewrite(checkpoint, "absent", Map.of("cell", "com.example.Gone"));
        CommandRun.of("generate", "--checkpoint", absent.toString()).refusedWith("--checkpoint " + absent
                + ": trained with cell 'com.example.Gone', which cannot be made here: cell class com.example.Gone is "
                + "not on the classpath");
    }

    /** Format 1 recorded --model lstm|gru|rnn|custom; the first three are the cells of those names. */
    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru", "rnn"})
    void aFormatOneCheckpointStillLoads(String model) throws IOException {
        Path text = TestTexts.repetitive(dir);
        Path out = dir.resolve("out");
        CommandRun.of(withCommand("time-machine", tiny(text, out, "--cell", model, "--epochs", "1"))).succeeded();
        Path checkpoint = out.resolve(TimeMachineCommand.CHECKPOINT_FILE);
        Path old = formatOne(checkpoint, model);
        String fresh = CommandRun.of("generate", "--checkpoint", checkpoint.toString(), "--length", "20").succeeded()
                .out();
        assertEquals(fresh, CommandRun.of("generate", "--checkpoint", old.toString(), "--length", "20").succeeded()
                .out(), "the same model");
        CommandRun resumed = CommandRun.of(withCommand("time-machine", tiny(text, dir.resolve("again"), "--model",
                model, "--epochs", "2", "--resume", old.toString()))).succeeded();
        assertTrue(resumed.out().contains("resuming after epoch 1"), resumed.out());
        Map<String, String> rewritten = Checkpoint.readMetadata(dir.resolve("again")
                .resolve(TimeMachineCommand.CHECKPOINT_FILE));
        assertEquals(TrainingSetup.FORMAT, rewritten.get("format"));
        assertEquals(model, rewritten.get("cell"));
    }

    @Test
    void aFormatOneCheckpointOfTheFormerPeepholeCellIsRefusedSayingWhy() throws IOException {
        Path text = TestTexts.repetitive(dir);
        Path out = dir.resolve("out");
        CommandRun.of(withCommand("time-machine", tiny(text, out, "--epochs", "1"))).succeeded();
        Path old = formatOne(out.resolve(TimeMachineCommand.CHECKPOINT_FILE), "custom");
        CommandRun run = CommandRun.of("generate", "--checkpoint", old.toString());
        run.refusedWith("--checkpoint " + old + ": written with --model custom, the examples' peephole cell before the "
                + "zoo named it vanilla");
        run.refusedWith("train it again with --cell vanilla");
        CommandRun.of(withCommand("time-machine", tiny(text, out, "--cell", "custom", "--epochs", "2", "--resume",
                old.toString()))).refusedWith("written with --model custom");
        assertFalse(run.err().contains("Exception"), run.err());
    }

    /** {@code checkpoint} as tapegrad wrote it before cells were named: format 1, 'model' instead of 'cell'. */
    private Path formatOne(Path checkpoint, String model) throws IOException {
        Map<String, String> edits = new LinkedHashMap<>();
        edits.put("format", TrainingSetup.FORMAT_1);
        edits.put("model", model);
        edits.put("cell", null);
        return rewrite(checkpoint, "format1-" + model, edits);
    }

    private Path rewrite(Path checkpoint, String name, Map<String, String> edits) throws IOException {
        SafeTensorsFile real = SafeTensors.read(checkpoint);
        Map<String, String> metadata = new LinkedHashMap<>(real.metadata());
        edits.forEach((k, v) -> {
            if (v == null) {
                metadata.remove(k);
            } else {
                metadata.put(k, v);
            }
        });
        metadata.keySet().removeIf(k -> k.startsWith("tapegrad.")); // the checksum covers the metadata edited here
        Path file = dir.resolve(name + ".safetensors");
        SafeTensors.write(file, new SafeTensorsFile(real.tensors(), metadata));
        return file;
    }
}
