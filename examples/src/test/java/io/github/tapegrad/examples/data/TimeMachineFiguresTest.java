package io.github.tapegrad.examples.data;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The bundled text gives exactly the figures d2l's preprocessing gives (computed with Python, see shared/data). */
class TimeMachineFiguresTest {

    private static final int LINES = 3_221;
    private static final int NON_EMPTY_LINES = 2_848;
    private static final int CORPUS_LENGTH = 170_580;
    private static final List<String> VOCAB_ORDER = List.of("<unk>", " ", "e", "t", "a", "i", "n", "o", "s", "h",
            "r", "d", "l", "m", "u", "c", "f", "w", "g", "y", "p", "b", "v", "k", "x", "z", "j", "q");
    private static final long[] COUNTS = {0, 29_927, 17_838, 13_515, 11_704, 10_138, 9_917, 9_758, 8_486, 8_257,
        7_674, 6_337, 6_146, 4_043, 3_805, 3_424, 3_354, 3_225, 3_075, 2_679, 2_427, 1_897, 1_295, 1_087, 236, 144,
        97, 95};
    private static final int[] FIRST_20 = {3, 9, 2, 1, 3, 5, 13, 2, 1, 13, 4, 15, 9, 5, 6, 2, 1, 21, 19, 1};
    private static final String LINE_0 = "the time machine by h g wells";
    private static final String LINE_10 = "twinkled and his usually pale face was flushed and animated the";

    private static TextCorpus timeMachine;

    @BeforeAll
    static void load() {
        timeMachine = TextCorpus.timeMachine();
    }

    @Test
    void lineCounts() {
        assertEquals(LINES, timeMachine.lines().size());
        assertEquals(NON_EMPTY_LINES, timeMachine.nonEmptyLineCount());
    }

    @Test
    void cleanedLines() {
        assertEquals(LINE_0, timeMachine.lines().get(0));
        assertEquals(LINE_10, timeMachine.lines().get(10));
    }

    @Test
    void vocabularyOrderAndCounts() {
        Vocab vocab = timeMachine.vocab();
        assertEquals(28, vocab.size());
        assertEquals(VOCAB_ORDER, vocab.tokens());
        long[] counts = new long[vocab.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = vocab.count(i);
        }
        assertArrayEquals(COUNTS, counts);
        assertEquals(CORPUS_LENGTH, Arrays.stream(COUNTS).sum());
    }

    @Test
    void corpus() {
        int[] corpus = timeMachine.corpus();
        assertEquals(CORPUS_LENGTH, corpus.length);
        assertEquals(CORPUS_LENGTH, timeMachine.length());
        assertArrayEquals(FIRST_20, Arrays.copyOf(corpus, 20));
        assertEquals("the time machine by ", timeMachine.vocab().decode(FIRST_20));
        assertEquals(0, Arrays.stream(corpus).filter(i -> i == Vocab.UNKNOWN_INDEX).count());
    }

    @Test
    void d2lTrainingPrefix() {
        int[] prefix = timeMachine.corpus(TextCorpus.D2L_MAX_TOKENS);
        assertEquals(10_000, prefix.length);
        assertArrayEquals(Arrays.copyOf(timeMachine.corpus(), 10_000), prefix);
        assertEquals(CORPUS_LENGTH, timeMachine.corpus(Integer.MAX_VALUE).length);
    }
}
