package io.github.tapegrad.autograd;

import io.github.tapegrad.autograd.fused.FusedOps;

import java.util.List;

/**
 * The fused primitives' former home, kept while callers move to {@link FusedOps}, where they are defined through the
 * public {@link Primitive} API (same values, same bits).
 *
 * @deprecated use {@link FusedOps}
 */
@Deprecated
public final class Fused {
    private Fused() {
    }

    /**
     * {@link FusedOps#lstmPointwise}.
     *
     * @deprecated use {@link FusedOps#lstmPointwise}
     */
    @Deprecated
    public static List<Tensor> lstmPointwise(Tensor gates, Tensor c) {
        return FusedOps.lstmPointwise(gates, c);
    }

    /**
     * {@link FusedOps#linearSplit}.
     *
     * @deprecated use {@link FusedOps#linearSplit}
     */
    @Deprecated
    public static List<Tensor> linearSplit(Tensor x, Tensor w, Tensor bias, int pieces) {
        return FusedOps.linearSplit(x, w, bias, pieces);
    }
}
