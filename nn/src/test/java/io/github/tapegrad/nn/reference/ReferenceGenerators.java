package io.github.tapegrad.nn.reference;

import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

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

    private static Gen<RecurrentSpec> specs(Gen<CellKind> kinds) {
        Gen<int[]> sizes = integers().between(1, 4).zip(integers().between(1, 3), integers().between(1, 4),
                integers().between(1, 4), (t, b, i, h) -> new int[] {t, b, i, h});
        return kinds.zip(sizes, integers().between(1, 2),
                (kind, s, layers) -> new RecurrentSpec(kind, s[0], s[1], s[2], s[3], layers));
    }
}
