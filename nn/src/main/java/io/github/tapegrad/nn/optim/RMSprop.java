package io.github.tapegrad.nn.optim;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Module;
import io.github.tapegrad.nn.Parameter;

import java.util.Map;

/**
 * RMSprop as torch.optim.RMSprop (Hinton's lecture 6e; centered as Graves 2013):
 * <pre>
 * g = ∇ + λ·θ;   s = α·s + (1 − α)·g²
 * d = sqrt(s) + ε, or centered: a = α·a + (1 − α)·g, d = sqrt(s − a²) + ε
 * θ = θ − lr·g / d, or with momentum μ: b = μ·b + g / d, θ = θ − lr·b
 * </pre>
 * Defaults as torch's: α = 0.99, ε = 1e-8.
 */
public final class RMSprop extends Optimizer {
    private final double alpha;
    private final double eps;
    private final double weightDecay;
    private final double momentum;
    private final boolean centered;

    public RMSprop(Module module, double lr) {
        this(named(module), lr, 0.99, 1e-8, 0, 0, false);
    }

    public RMSprop(Map<String, Tensor> namedParameters, double lr, double alpha, double eps, double weightDecay,
                   double momentum, boolean centered) {
        super(namedParameters, lr);
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("RMSprop: alpha must be in [0, 1], got " + alpha);
        }
        checkNonNegative("RMSprop", "eps", eps);
        checkNonNegative("RMSprop", "weightDecay", weightDecay);
        checkNonNegative("RMSprop", "momentum", momentum);
        this.alpha = alpha;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.momentum = momentum;
        this.centered = centered;
    }

    @Override
    protected void update(Parameter p, Tensor grad) {
        Tensor theta = p.tensor();
        Tensor g = weightDecay != 0 ? grad.add(theta.mul(weightDecay)) : grad;
        nextStep(p);
        Tensor square = buffer(p, "square_avg").mul_(alpha).add_(g.mul(g), 1 - alpha);
        Tensor denominator;
        if (centered) {
            Tensor average = buffer(p, "grad_avg").mul_(alpha).add_(g, 1 - alpha);
            denominator = square.sub(average.mul(average)).sqrt().add(eps);
        } else {
            denominator = square.sqrt().add(eps);
        }
        if (momentum > 0) {
            Tensor b = buffer(p, "momentum_buffer").mul_(momentum).add_(g.div(denominator), 1);
            theta.add_(b, -lr());
        } else {
            theta.add_(g.div(denominator), -lr());
        }
    }
}
