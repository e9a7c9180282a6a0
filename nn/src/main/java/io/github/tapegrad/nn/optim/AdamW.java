package io.github.tapegrad.nn.optim;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Module;

import java.util.Map;

/**
 * AdamW as torch.optim.AdamW: weight decay is decoupled, θ = θ·(1 − lr·λ) before the Adam step on
 * the raw gradient. Default λ = 0.01 as in torch.
 */
public final class AdamW extends Adam {

    public AdamW(Map<String, Tensor> namedParameters, double lr) {
        this(namedParameters, lr, 0.9, 0.999, 1e-8, 0.01);
    }

    public AdamW(Module module, double lr) {
        this(named(module), lr);
    }

    public AdamW(Map<String, Tensor> namedParameters, double lr, double beta1, double beta2, double eps,
                 double weightDecay) {
        super("AdamW", namedParameters, lr, beta1, beta2, eps, weightDecay, true);
    }
}
