package io.github.tapegrad.nn;

import org.quicktheories.core.Gen;

import static org.quicktheories.generators.SourceDSL.integers;

/** Small generated sizes: steps, batch, input and hidden width. */
record Dims(int t, int b, int i, int h) {
    static Gen<Dims> small() {
        return integers().between(1, 4).zip(integers().between(1, 3), integers().between(1, 4),
                integers().between(1, 4), Dims::new);
    }
}
