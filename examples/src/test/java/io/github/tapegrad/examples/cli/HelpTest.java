package io.github.tapegrad.examples.cli;

import io.github.tapegrad.examples.CommandRun;
import io.github.tapegrad.examples.Main;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each subcommand's --help lists every option it accepts, and time-machine's states the --resume rule. */
class HelpTest {

    private static CommandLine subcommand(String path) {
        CommandLine command = Main.newCommandLine(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        for (String name : path.split(" ")) {
            command = command.getSubcommands().get(name);
        }
        return command;
    }

    @ParameterizedTest
    @ValueSource(strings = {"time-machine", "generate", "sine", "square", "adding", "copy-memory", "custom-cell", "bench",
        "bench gemm", "study", "study report", "study export"})
    void helpListsEveryOption(String path) {
        String help = CommandRun.of((path + " --help").split(" ")).succeeded().out();
        for (OptionSpec option : subcommand(path).getCommandSpec().options()) {
            assertFalse(option.hidden(), path + ": " + option.longestName() + " is hidden");
            for (String name : option.names()) {
                assertTrue(help.contains(name), path + " --help lacks " + name + ":\n" + help);
            }
        }
    }

    @Test
    void timeMachineHelpStatesTheResumeRuleForEveryOption() {
        String help = CommandRun.of("time-machine", "--help").succeeded().out();
        String rule = help.substring(help.indexOf("Resuming (--resume CHECKPOINT):")).replaceAll("\\s+", " ");
        for (OptionSpec option : subcommand("time-machine").getCommandSpec().options()) {
            String name = option.longestName();
            if (!name.equals("--resume") && !name.equals("--help") && !name.equals("--version")) {
                assertTrue(rule.contains(name + ",") || rule.contains(name + ".") || rule.contains(name + " "),
                        "the --resume rule does not say what happens to " + name + ":\n" + rule);
            }
        }
    }
}
