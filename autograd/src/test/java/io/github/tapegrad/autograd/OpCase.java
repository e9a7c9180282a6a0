package io.github.tapegrad.autograd;

import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import java.util.Arrays;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * One generated example for an op row: a rank (0-3), a pool of dimension sizes, a pool of small
 * "knobs" that shape rules turn into broadcasting variants or bad parameters, and a seed for values.
 * Everything shrinks toward rank 0, size 1, knob 0, so a shrunk failure is the simplest shapes.
 */
record OpCase(int rank, int[] sizes, int[] knobs, long seed) {
    static final int POOL = 6;

    OpCase {
        sizes = sizes.clone();
        knobs = knobs.clone();
    }

    /** Examples with sizes in [1, maxSize]. */
    static Gen<OpCase> cases(int maxSize) {
        Gen<int[]> sizes = Generate.intArrays(Generate.constant(POOL), integers().between(1, maxSize));
        Gen<int[]> knobs = Generate.intArrays(Generate.constant(POOL), integers().between(0, 15));
        return integers().between(0, 3).zip(sizes, knobs, longs().all(), OpCase::new)
                .describedAs(OpCase::toString);
    }

    int size(int i) {
        return sizes[i];
    }

    int knob(int i) {
        return knobs[i];
    }

    /** The first max(rank, minRank) sizes (at most 4). */
    int[] dims(int minRank) {
        return Arrays.copyOf(sizes, Math.min(4, Math.max(rank, minRank)));
    }

    @Override
    public String toString() {
        return "OpCase[rank=" + rank + ", sizes=" + Arrays.toString(sizes) + ", knobs=" + Arrays.toString(knobs)
                + ", seed=" + seed + "]";
    }
}
