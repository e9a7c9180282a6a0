package io.github.tapegrad.examples.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/** The spec: which trials, which hyperparameters, which seeds; reproducible and independent of the study's size. */
class StudySpecTest {
    private static final StudyTask SINE = StudyTasks.get("sine");

    private static StudySpec spec(List<String> cells, int trials, int seeds, long seed) {
        return new StudySpec("s", cells, List.of("sine"), trials, seeds, 1, Map.of(), seed);
    }

    @Test
    void sampleTIsTheSameForEveryCellAndWhateverTheStudySize() {
        qt().withExamples(30).forAll(integers().between(1, 6), integers().between(1, 3), longs().between(0, 1L << 40))
                .checkAssert((trials, seeds, seed) -> {
                    StudySpec small = spec(List.of("lstm"), trials, seeds, seed);
                    StudySpec big = spec(List.of("gru", "lstm", "mgu"), trials + 3, seeds + 1, seed);
                    for (int t = 0; t < trials; t++) {
                        assertEquals(small.sample(SINE, t), big.sample(SINE, t));
                    }
                    for (int s = 0; s < seeds; s++) {
                        assertEquals(small.seedOf(s), big.seedOf(s));
                    }
                    List<Trial> all = big.allTrials(StudyTasks::get);
                    assertEquals(big.trialCount(), all.size());
                    Set<String> keys = new HashSet<>();
                    all.forEach(tr -> assertTrue(keys.add(tr.key()), tr.key()));
                    for (Trial tr : all) {
                        assertEquals(big.sample(SINE, tr.trial()), tr.params(), "paired across cells");
                        assertEquals(big.seedOf(tr.seedIndex()), tr.seed());
                    }
                });
    }

    @Test
    void samplesFollowTheirDistributions() {
        StudySpec s = new StudySpec("s", List.of("lstm"), List.of("sine"), 1, 1, 1,
                Distribution.parseSpace("lr=loguniform:1e-4:1e-1,hidden=choice:8:16,clip=uniform:0.5:5"), 7);
        Set<Double> hidden = new HashSet<>();
        double logSum = 0;
        int n = 2000;
        for (int t = 0; t < n; t++) {
            Map<String, Double> p = s.sample(SINE, t);
            assertTrue(p.get("lr") >= 1e-4 && p.get("lr") <= 1e-1, p::toString);
            assertTrue(p.get("clip") >= 0.5 && p.get("clip") <= 5, p::toString);
            hidden.add(p.get("hidden"));
            logSum += Math.log10(p.get("lr"));
        }
        assertEquals(Set.of(8.0, 16.0), hidden);
        assertEquals(-2.5, logSum / n, 0.05, "log-uniform: the mean decade is the middle one");
        assertNotEquals(s.sample(SINE, 0), s.sample(SINE, 1));
    }

    @Test
    void theSpecRoundTripsThroughJsonAndAFileGivesTheSameStudy() {
        StudySpec s = new StudySpec("greff-small", List.of("vanilla", "nfg"), List.of("sine"), 3, 2, 4,
                Distribution.parseSpace("lr=loguniform:0.0001:0.1,hidden=choice:16:32"), 12345);
        assertEquals(s, StudySpec.fromJson(s.toJson(), "test"));
        String file = "{\"cells\": [\"lstm\", \"gru\"], \"tasks\": [\"sine\"], \"trials\": 2, \"seeds\": 1, "
                + "\"epochs\": 3, \"space\": {\"lr\": {\"loguniform\": [1e-3, 0.1]}}}";
        StudySpec read = StudySpec.fromJson(file, "f.json");
        assertEquals("study", read.name());
        assertEquals(new Distribution.LogUniform(1e-3, 0.1), read.space().get("lr"));
        assertEquals(0, read.seed());
        assertEquals(0, read.trialSeconds());
        assertFalse(read.toJson().contains("trialSeconds"), "no budget, no member: older databases' specs read the same");
        StudySpec timed = StudySpec.fromJson(file.replace("}}}", "}}, \"trialSeconds\": 90}"), "f.json");
        assertEquals(90.0, timed.trialSeconds());
        assertEquals(timed, StudySpec.fromJson(timed.toJson(), "test"));
        assertNotEquals(read.toJson(), timed.toJson(), "a budget is part of the spec a resume compares");
        assertTrue(timed.allTrials(n -> SINE).stream().allMatch(t -> t.maxSeconds() == 90.0));
    }

    @Test
    void badSpecsAreRefusedNamingWhatIsWrong() {
        assertMessage(() -> StudySpec.fromJson("{\"cells\": [\"lstm\"], \"tasks\": [\"sine\"], \"trials\": 0, "
                + "\"seeds\": 1, \"epochs\": 1}", "f"), "trials");
        assertMessage(() -> StudySpec.fromJson("{\"cells\": [\"lstm\"], \"tasks\": [\"sine\"], \"trials\": 1, "
                + "\"seeds\": 1, \"epochs\": 1, \"colour\": 1}", "f"), "unknown member \"colour\"");
        assertMessage(() -> StudySpec.fromJson("{\"cells\": [\"lstm\"]", "f.json"), "f.json: not valid JSON");
        assertMessage(() -> StudySpec.fromJson("{\"cells\": [\"lstm\"], \"tasks\": [\"sine\"], \"trials\": 1, "
                + "\"seeds\": 1, \"epochs\": 1, \"trialSeconds\": -5}", "f"), "\"trialSeconds\" must be a number of seconds > 0");
        assertMessage(() -> Distribution.parseSpace("lr=loguniform:0:1"), "lo > 0");
        assertMessage(() -> Distribution.parseSpace("lr=gaussian:0:1"), "unknown distribution 'gaussian'");
        assertMessage(() -> Distribution.parseSpace("lr"), "NAME=DISTRIBUTION");
        assertMessage(() -> spec(List.of("lstm", "lstm"), 1, 1, 0), "cells repeat");
        assertMessage(() -> new StudySpec("a b", List.of("lstm"), List.of("sine"), 1, 1, 1, Map.of(), 0), "study name");
    }

    @Test
    void aDrawTakesOneNumberFromTheGenerator() {
        for (Distribution d : List.of(new Distribution.Choice(List.of(1.0, 2.0, 3.0)), new Distribution.Uniform(0, 1),
                new Distribution.LogUniform(1, 10))) {
            SplittableRandom a = new SplittableRandom(3);
            SplittableRandom b = new SplittableRandom(3);
            d.sample(a);
            b.nextDouble();
            assertEquals(b.nextLong(), a.nextLong(), d.text());
            assertEquals(d, Distribution.parse(d.text()));
        }
        Map<String, Object> json = new LinkedHashMap<>(new Distribution.Uniform(1, 2).json());
        assertEquals(new Distribution.Uniform(1, 2), Distribution.fromJson(json, "x"));
    }

    private static void assertMessage(Runnable r, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
