package io.github.tapegrad.examples.lm;

import io.github.tapegrad.examples.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static io.github.tapegrad.examples.lm.TestTexts.tiny;
import static io.github.tapegrad.examples.lm.TimeMachineCommandTest.withCommand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sampling with a temperature: exact for tiny temperatures, and never a silent fall-through to the last token. */
class TextGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void aTinyTemperatureTakesTheLargestLogitNotTheLastToken() {
        // logits / 1e-300 overflow to ±Infinity and softmax of them is NaN: the old sampler then returned index 2
        double[] logits = {3, 1, 2};
        for (double t : new double[] {1e-300, Double.MIN_VALUE, 1e-30}) {
            assertEquals(0, TextGenerator.sample(logits, t, new SplittableRandom(1)), "T " + t);
        }
    }

    @Test
    void aHugeTemperatureIsUniformOverTheTokens() {
        double[] logits = {300, -300, 0};
        int[] counts = new int[3];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 3000; i++) {
            counts[TextGenerator.sample(logits, 1e300, rng)]++;
        }
        for (int c : counts) {
            assertTrue(c > 800, java.util.Arrays.toString(counts));
        }
    }

    @Test
    void logitsThatAreNoDistributionAreRefusedNotSampled() {
        SplittableRandom rng = new SplittableRandom(1);
        assertThrows(IllegalStateException.class, () -> TextGenerator.sample(new double[] {1, Double.NaN, 0}, 1, rng));
        assertThrows(IllegalStateException.class,
                () -> TextGenerator.sample(new double[] {1, Double.POSITIVE_INFINITY}, 1, rng));
        assertThrows(IllegalStateException.class, () -> TextGenerator.sample(
                new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}, 1, rng));
        assertThrows(IllegalStateException.class, () -> TextGenerator.argmax(new double[] {0, Double.NaN}));
        for (double t : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> TextGenerator.sample(new double[] {1, 2}, t, rng));
        }
    }

    @Test
    void generateWithATinyTemperatureEqualsGreedy() throws IOException {
        Path text = TestTexts.repetitive(dir);
        Path out = dir.resolve("out");
        CommandRun.of(withCommand("time-machine", tiny(text, out, "--epochs", "3"))).succeeded();
        String checkpoint = out.resolve(TimeMachineCommand.CHECKPOINT_FILE).toString();
        String greedy = CommandRun.of("generate", "--checkpoint", checkpoint, "--prefix", "the", "--length", "40")
                .succeeded().out();
        for (String t : new String[] {"1e-300", "4.9e-324", "1e-30"}) {
            for (String seed : new String[] {"1", "2"}) {
                assertEquals(greedy, CommandRun.of("generate", "--checkpoint", checkpoint, "--prefix", "the",
                        "--length", "40", "--temperature", t, "--seed", seed).succeeded().out(), "T " + t);
            }
        }
    }
}
