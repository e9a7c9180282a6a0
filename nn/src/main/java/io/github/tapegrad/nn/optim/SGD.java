package io.github.tapegrad.nn.optim;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Module;
import io.github.tapegrad.nn.Parameter;

import java.util.Map;

/**
 * Stochastic gradient descent as torch.optim.SGD:
 * <pre>
 * g = ∇ + λ·θ                                  (weight decay λ)
 * b = g on the first step, else μ·b + (1 − τ)·g  (momentum μ, dampening τ)
 * g = g + μ·b if nesterov, else b                (when μ ≠ 0)
 * θ = θ − lr·g
 * </pre>
 */
public final class SGD extends Optimizer {
    private final double momentum;
    private final double dampening;
    private final boolean nesterov;
    private final double weightDecay;

    public SGD(Map<String, Tensor> namedParameters, double lr) {
        this(namedParameters, lr, 0, 0, false, 0);
    }

    public SGD(Module module, double lr) {
        this(named(module), lr);
    }

    public SGD(Map<String, Tensor> namedParameters, double lr, double momentum, double dampening, boolean nesterov,
               double weightDecay) {
        super(namedParameters, lr);
        checkNonNegative("SGD", "momentum", momentum);
        checkNonNegative("SGD", "weightDecay", weightDecay);
        if (!(dampening >= 0 && dampening <= 1)) {
            throw new IllegalArgumentException("SGD: dampening must be in [0, 1], got " + dampening);
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("SGD: nesterov needs momentum > 0 and dampening 0, got momentum="
                    + momentum + ", dampening=" + dampening);
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    @Override
    protected void update(Parameter p, Tensor grad) {
        Tensor theta = p.tensor();
        Tensor g = weightDecay != 0 ? grad.add(theta.mul(weightDecay)) : grad;
        if (momentum != 0) {
            Tensor b = existingBuffer(p, "momentum_buffer");
            if (b == null) {
                b = putBuffer(p, "momentum_buffer", g);
            } else {
                b.mul_(momentum).add_(g, 1 - dampening);
            }
            g = nesterov ? g.add(b.mul(momentum)) : b;
        }
        theta.add_(g, -lr());
    }
}
