package io.github.tapegrad.examples.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Concrete cases of the two d2l iterators, on a corpus 0, 1, 2, ... so values are positions. */
class MinibatchSourceTest {

    private static int[] positions(int n) {
        return IntStream.range(0, n).toArray();
    }

    private static List<List<Minibatch>> epochs(MinibatchSource source, int count) {
        List<List<Minibatch>> epochs = new ArrayList<>();
        for (int e = 0; e < count; e++) {
            List<Minibatch> batches = new ArrayList<>();
            source.forEach(batches::add);
            epochs.add(batches);
        }
        return epochs;
    }

    @Test
    void sequentialMatchesD2lExampleLayout() {
        // d2l's demo: list(range(35)), batch 2, 5 steps. Whatever the offset o, row 1 starts (34 - o) / 2 later.
        MinibatchSource source = Sampling.SEQUENTIAL.over(positions(35), 2, 5, 3);
        for (List<Minibatch> epoch : epochs(source, 20)) {
            int offset = epoch.get(0).x(0, 0);
            assertTrue(offset >= 0 && offset <= 5, "offset " + offset);
            int rowLength = (35 - offset - 1) / 2;
            assertEquals(rowLength / 5, epoch.size());
            for (int i = 0; i < epoch.size(); i++) {
                Minibatch batch = epoch.get(i);
                for (int b = 0; b < 2; b++) {
                    for (int t = 0; t < 5; t++) {
                        assertEquals(offset + b * rowLength + i * 5 + t, batch.x(b, t));
                        assertEquals(batch.x(b, t) + 1, batch.y(b, t));
                    }
                }
            }
        }
    }

    @Test
    void sequentialOffsetReachesBothEnds() {
        MinibatchSource source = Sampling.SEQUENTIAL.over(positions(100), 2, 3, 11);
        Set<Integer> offsets = new HashSet<>();
        for (List<Minibatch> epoch : epochs(source, 200)) {
            offsets.add(epoch.get(0).x(0, 0));
        }
        assertEquals(Set.of(0, 1, 2, 3), offsets);
    }

    @Test
    void randomOffsetStaysBelowNumSteps() {
        MinibatchSource source = Sampling.RANDOM.over(positions(100), 2, 3, 11);
        Set<Integer> offsets = new HashSet<>();
        for (List<Minibatch> epoch : epochs(source, 200)) {
            int smallest = Integer.MAX_VALUE;
            for (Minibatch batch : epoch) {
                for (int b = 0; b < batch.batchSize(); b++) {
                    smallest = Math.min(smallest, batch.x(b, 0));
                }
            }
            offsets.add(smallest % 3);
        }
        assertEquals(Set.of(0, 1, 2), offsets);
    }

    @Test
    void randomSamplingUsesEachSubsequenceOnceInShuffledOrder() {
        int n = 1000;
        int steps = 7;
        MinibatchSource source = Sampling.RANDOM.over(positions(n), 4, steps, 5);
        List<Minibatch> epoch = epochs(source, 1).get(0);
        List<Integer> starts = new ArrayList<>();
        for (Minibatch batch : epoch) {
            for (int b = 0; b < batch.batchSize(); b++) {
                starts.add(batch.x(b, 0));
            }
        }
        int offset = starts.stream().mapToInt(Integer::intValue).min().orElseThrow() % steps;
        int subsequences = (n - offset - 1) / steps;
        assertEquals(subsequences / 4 * 4, starts.size());
        assertEquals(starts.size(), new HashSet<>(starts).size(), "no subsequence twice");
        starts.forEach(s -> assertEquals(offset, s % steps, "aligned to the offset grid"));
        List<Integer> sorted = new ArrayList<>(starts);
        sorted.sort(null);
        assertNotEquals(sorted, starts, "order is shuffled");
    }

    @Test
    void sameSeedSameEpochsDifferentSeedDifferentEpochs() {
        int[] corpus = TextCorpus.timeMachine().corpus(2_000);
        for (Sampling sampling : Sampling.values()) {
            List<List<Minibatch>> a = epochs(sampling.over(corpus, 8, 10, 42), 3);
            List<List<Minibatch>> b = epochs(sampling.over(corpus, 8, 10, 42), 3);
            List<List<Minibatch>> c = epochs(sampling.over(corpus, 8, 10, 43), 3);
            assertEquals(a, b, sampling.label());
            assertNotEquals(a, c, sampling.label());
        }
    }

    @Test
    void tooShortCorpusIsRejected() {
        assertEquals(1156, Sampling.SEQUENTIAL.minimumTokens(32, 35));
        assertEquals(1155, Sampling.RANDOM.minimumTokens(32, 35));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sampling.SEQUENTIAL.over(positions(1155), 32, 35, 0));
        assertEquals("sequential minibatches: corpus of 1155 tokens is too short for batch size 32 x 35 steps:"
                + " needs at least 1156", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sampling.RANDOM.over(positions(1154), 32, 35, 0));
        assertThrows(IllegalArgumentException.class, () -> Sampling.RANDOM.over(positions(100), 0, 35, 0));
    }

    @Test
    void minibatchIsImmutable() {
        int[][] x = {{1, 2}};
        int[][] y = {{2, 3}};
        Minibatch batch = new Minibatch(x, y);
        x[0][0] = 99;
        batch.x()[0][1] = 99;
        assertArrayEquals(new int[][] {{1, 2}}, batch.x());
        assertThrows(IllegalArgumentException.class, () -> new Minibatch(new int[][] {{1}}, new int[][] {{1, 2}}));
    }
}
