package io.github.tapegrad.nn.reference;

import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;

import org.quicktheories.core.Gen;

/** QuickTheories generators of small recurrent networks and reproducible gradient-check cases. */
public final class ReferenceGenerators {

    private ReferenceGenerators() {
    }

    /** Specs of every kind with T 1-4, B 1-3, I 1-4, H 1-4 and 1-2 layers. */
    public static Gen<RecurrentSpec> specs() {
        return specs(arbitrary().enumValues(CellKind.class));
    }

    /** Specs of one kind with T 1-4, B 1-3, I 1-4, H 1-4 and 1-2 layers. */
    public static Gen<RecurrentSpec> specs(CellKind kind) {
        return specs(arbitrary().constant(kind));
    }

    /** Cases of every kind: a small spec and a seed. */
    public static Gen<GeneratedCase> cases() {
        return specs().zip(longs().all(), GeneratedCase::new);
    }

    /** Cases of one kind: a small spec and a seed. */
    public static Gen<GeneratedCase> cases(CellKind kind) {
        return specs(kind).zip(longs().all(), GeneratedCase::new);
    }

    /**
     * Specs of the given kinds with T 1-{@code maxSteps}, B 1-{@code maxBatch}, I and H 1-{@code maxSize},
     * 1-2 layers, unidirectional or bidirectional, and (half the time) per-sequence lengths, each in [0, T]
     * independently: any order, 0 and T included.
     */
    public static Gen<RecurrentSpec> extendedSpecs(Gen<CellKind> kinds, int maxSteps, int maxBatch, int maxSize) {
        Gen<int[]> sizes = integers().between(1, maxSteps).zip(integers().between(1, maxBatch),
                integers().between(1, maxSize), integers().between(1, maxSize), (t, b, i, h) -> new int[] {t, b, i, h});
        Gen<RecurrentSpec> fixed = kinds.zip(sizes, integers().between(1, 2), booleans().all(),
                (kind, s, layers, bi) -> new RecurrentSpec(kind, s[0], s[1], s[2], s[3], layers, bi, null));
        return fixed.flatMap(spec -> booleans().all().flatMap(variable -> variable
                ? lengths(spec.steps(), spec.batch()).map(spec::withLengths)
                : arbitrary().constant(spec)));
    }

    /** Cases of {@link #extendedSpecs}: a spec and a seed. */
    public static Gen<GeneratedCase> extendedCases(Gen<CellKind> kinds, int maxSteps, int maxBatch, int maxSize) {
        return extendedSpecs(kinds, maxSteps, maxBatch, maxSize).zip(longs().all(), GeneratedCase::new);
    }

    /** {@code batch} lengths, each uniform in [0, steps]. */
    private static Gen<int[]> lengths(int steps, int batch) {
        return lists().of(integers().between(0, steps)).ofSize(batch)
                .map((List<Integer> l) -> l.stream().mapToInt(Integer::intValue).toArray());
    }

    private static Gen<RecurrentSpec> specs(Gen<CellKind> kinds) {
        Gen<int[]> sizes = integers().between(1, 4).zip(integers().between(1, 3), integers().between(1, 4),
                integers().between(1, 4), (t, b, i, h) -> new int[] {t, b, i, h});
        return kinds.zip(sizes, integers().between(1, 2),
                (kind, s, layers) -> new RecurrentSpec(kind, s[0], s[1], s[2], s[3], layers));
    }
}
