package io.github.tapegrad.examples;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every numeric option of every subcommand, given a value outside its range or no number at all, is refused with
 * exit status 2 and one line on stderr naming the option; sizes inside their ranges whose tensors cannot exist or
 * whose run cannot fit any heap are refused up front the same way.
 */
class OptionRangesTest {

    @TempDir
    Path dir;

    /** An integer option and its valid range. */
    private record IntOption(String command, String option, long lo, long hi) {
    }

    private static final long MAX = Integer.MAX_VALUE;
    private static final long SIZE = 1 << 20;

    private static final List<IntOption> INT_OPTIONS = new ArrayList<>();

    static {
        for (String command : List.of("time-machine", "custom-cell")) {
            INT_OPTIONS.add(new IntOption(command, "--hidden", 1, SIZE));
            INT_OPTIONS.add(new IntOption(command, "--layers", 1, 1024));
            INT_OPTIONS.add(new IntOption(command, "--batch-size", 1, SIZE));
            INT_OPTIONS.add(new IntOption(command, "--num-steps", 1, SIZE));
            INT_OPTIONS.add(new IntOption(command, "--max-tokens", 1, MAX));
            INT_OPTIONS.add(new IntOption(command, "--epochs", 1, MAX));
            INT_OPTIONS.add(new IntOption(command, "--threads", 1, 1024));
        }
        INT_OPTIONS.add(new IntOption("time-machine", "--checkpoint-every", 1, MAX));
        for (String command : List.of("sine", "square")) {
            INT_OPTIONS.add(new IntOption(command, "--epochs", 1, MAX));
            INT_OPTIONS.add(new IntOption(command, "--hidden", 1, SIZE));
            INT_OPTIONS.add(new IntOption(command, "--threads", 1, 1024));
        }
        for (String command : List.of("adding", "copy-memory")) {
            INT_OPTIONS.add(new IntOption(command, "--hidden", 1, SIZE));
            INT_OPTIONS.add(new IntOption(command, "--layers", 1, 1024));
            INT_OPTIONS.add(new IntOption(command, "--batch-size", 1, SIZE));
            INT_OPTIONS.add(new IntOption(command, "--batches", 1, MAX));
            INT_OPTIONS.add(new IntOption(command, "--validation", 1, SIZE));
            INT_OPTIONS.add(new IntOption(command, "--epochs", 1, MAX));
            INT_OPTIONS.add(new IntOption(command, "--threads", 1, 1024));
        }
        INT_OPTIONS.add(new IntOption("adding", "--length", 3, SIZE));
        INT_OPTIONS.add(new IntOption("copy-memory", "--symbols", 1, SIZE));
        INT_OPTIONS.add(new IntOption("copy-memory", "--alphabet", 2, SIZE));
        INT_OPTIONS.add(new IntOption("copy-memory", "--delay", 1, SIZE));
        INT_OPTIONS.add(new IntOption("generate", "--length", 0, 1_000_000));
        for (String option : List.of("--batch", "--steps", "--hidden")) {
            INT_OPTIONS.add(new IntOption("bench", option, 1, SIZE));
        }
        INT_OPTIONS.add(new IntOption("bench --config B", "--input", 1, SIZE));
        INT_OPTIONS.add(new IntOption("bench", "--vocab", 2, SIZE));
        INT_OPTIONS.add(new IntOption("bench", "--threads", 1, 1024));
        INT_OPTIONS.add(new IntOption("bench", "--warmup", 0, 1_000_000));
        INT_OPTIONS.add(new IntOption("bench", "--measure", 1, 1_000_000));
    }

    /** Real-number options: a finite number > 0 (or >= 0 for the temperature). */
    private static final List<String[]> REAL_OPTIONS = List.of(
            new String[] {"time-machine", "--lr"}, new String[] {"time-machine", "--clip"},
            new String[] {"custom-cell", "--lr"}, new String[] {"custom-cell", "--clip"},
            new String[] {"sine", "--lr"}, new String[] {"square", "--lr"}, new String[] {"generate", "--temperature"},
            new String[] {"adding", "--lr"}, new String[] {"adding", "--clip"}, new String[] {"copy-memory", "--lr"},
            new String[] {"copy-memory", "--clip"});

    private static final List<String> SEEDED = List.of("time-machine", "custom-cell", "sine", "square", "adding",
            "copy-memory", "generate", "bench");

    /** (command, option, value, expected fragment of the one line) */
    static Stream<String[]> badValues() {
        List<String[]> rows = new ArrayList<>();
        for (IntOption o : INT_OPTIONS) {
            List<Long> outside = new ArrayList<>(List.of(o.lo() - 1, -1L, (long) Integer.MIN_VALUE));
            if (o.hi() < MAX) {
                outside.add(o.hi() + 1);
                outside.add(MAX);
            }
            for (long v : outside.stream().distinct().toList()) {
                rows.add(new String[] {o.command(), o.option(), Long.toString(v), o.option() + " " + v + ": must be"});
            }
            for (String v : List.of("abc", "1.5", "2147483648", "NaN", "")) {
                rows.add(new String[] {o.command(), o.option(), v, "Invalid value for option '" + o.option() + "'"});
            }
        }
        for (String[] o : REAL_OPTIONS) {
            List<String> values = new ArrayList<>(List.of("-1", "NaN", "Infinity", "-Infinity", "1e400", "abc", ""));
            if (!o[1].equals("--temperature")) {
                values.add("0");
                values.add("-0");
            }
            for (String v : values) {
                rows.add(new String[] {o[0], o[1], v, "Invalid value for option '" + o[1] + "'"});
            }
        }
        for (String command : SEEDED) {
            for (String v : List.of("abc", "1.5", "9223372036854775808")) {
                rows.add(new String[] {command, "--seed", v, "Invalid value for option '--seed'"});
            }
        }
        for (String v : List.of("0", "-1", "abc", "1,0", "2,1025")) {
            rows.add(new String[] {"bench gemm", "--threads", v, "--threads"});
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} {1} ''{2}''")
    @MethodSource("badValues")
    void isRefusedInOneLineNamingTheOption(String command, String option, String value, String expected) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.addAll(List.of(option, value));
        if (command.equals("generate")) {
            args.addAll(List.of("--checkpoint", dir.resolve("none.safetensors").toString()));
        } else if (!command.startsWith("bench")) {
            args.addAll(List.of("--out", dir.resolve("out").toString()));
        }
        CommandRun.of(args.toArray(new String[0])).refusedWith(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "time-machine --hidden 30000|--hidden 30000: rnn.weight_hh_l0 would be [120000, 30000] = 3,600,000,000",
        "time-machine --hidden 1048576|--hidden 1048576: rnn.weight_hh_l0 would be [4194304, 1048576]",
        "time-machine --model rnn --hidden 50000|--hidden 50000: rnn.weight_hh_l0 would be [50000, 50000]",
        "time-machine --hidden 20000 --layers 1000|--layers 1000: the run needs about",
        "time-machine --layers 1024 --hidden 8192|: the run needs about",
        "time-machine --batch-size 1048576 --num-steps 1048576|needs at least 1099512676353",
        "custom-cell --hidden 30000|--hidden 30000: rnn.weight_hh_l0 would be",
        "custom-cell --layers 1000 --hidden 20000|raise -Xmx",
        "sine --hidden 30000|--hidden 30000: rnn.weight_hh_l0 would be [120000, 30000]",
        "square --hidden 1048576|--hidden 1048576: rnn.weight_hh_l0 would be",
        "adding --hidden 30000|--hidden 30000: rnn.weight_hh_l0 would be [120000, 30000]",
        "adding --layers 1024 --hidden 8192|--layers 1024: the run needs about",
        "copy-memory --alphabet 1048576 --batch-size 1048576|the input would be [20, 1048576, 1048578]",
        "bench --hidden 30000|--hidden 30000: lstm.weight_hh_l0 would be [120000, 30000]",
        "bench --config B --batch 1048576 --steps 1048576|the input would be [1048576, 1048576, 512]"})
    void sizesThatCannotExistOrFitAreRefusedBeforeAnythingIsAllocated(String args, String expected) {
        List<String> all = new ArrayList<>(List.of(args.split(" ")));
        if (!args.startsWith("bench")) {
            all.addAll(List.of("--out", dir.resolve("out").toString()));
        }
        CommandRun run = CommandRun.of(all.toArray(new String[0]));
        run.refusedWith(expected);
        assertEquals("", run.out(), "refused before any output");
    }
}
