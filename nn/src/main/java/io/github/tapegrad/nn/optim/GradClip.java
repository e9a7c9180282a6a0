package io.github.tapegrad.nn.optim;

import io.github.tapegrad.autograd.Grad;
import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Module;

import java.util.Collection;

/** Gradient clipping by global L2 norm (torch.nn.utils.clip_grad_norm_, d2l's grad_clipping). */
public final class GradClip {
    private GradClip() {
    }

    /**
     * Computes the L2 norm of all gradients together and, when it exceeds {@code maxNorm}, scales every
     * gradient by maxNorm / (norm + 1e-6). Parameters without a gradient are skipped. A non-finite
     * norm is returned without scaling (the caller decides; anomaly mode names the op that made it).
     *
     * <p>A gradient tensor may share storage with other tensors (autograd hands the same upstream
     * gradient to several inputs), so it is never scaled in place: each is replaced by a scaled copy.
     *
     * @return the total norm before clipping
     */
    public static double clipGradNorm(Collection<Tensor> params, double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("clipGradNorm: maxNorm must be finite and > 0, got " + maxNorm);
        }
        double sumSquares = 0;
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g != null) {
                for (int i = 0, n = g.numel(); i < n; i++) {
                    double v = g.get(i);
                    sumSquares += v * v;
                }
            }
        }
        double norm = Math.sqrt(sumSquares);
        if (norm > maxNorm && Double.isFinite(norm)) {
            double scale = maxNorm / (norm + 1e-6);
            try (Grad.Scope off = Grad.off()) {
                for (Tensor p : params) {
                    Tensor g = p.grad();
                    if (g != null) {
                        p.setGrad(g.mul(scale));
                    }
                }
            }
        }
        return norm;
    }

    public static double clipGradNorm(Module module, double maxNorm) {
        return clipGradNorm(module.parameters(), maxNorm);
    }
}
