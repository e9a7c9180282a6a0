package io.github.tapegrad.nn.optim;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Module;
import io.github.tapegrad.nn.Parameter;

import java.util.Map;

/**
 * Adagrad as torch.optim.Adagrad (Duchi, Hazan and Singer 2011):
 * <pre>
 * t = t + 1;   g = ∇ + λ·θ;   lr_t = lr / (1 + (t − 1)·decay);   s = s + g²;   θ = θ − lr_t·g / (sqrt(s) + ε)
 * </pre>
 * s starts at {@code initialAccumulator}. Defaults as torch's: decay 0, ε = 1e-10.
 */
public final class Adagrad extends Optimizer {
    private final double lrDecay;
    private final double weightDecay;
    private final double initialAccumulator;
    private final double eps;

    public Adagrad(Module module, double lr) {
        this(named(module), lr, 0, 0, 0, 1e-10);
    }

    public Adagrad(Map<String, Tensor> namedParameters, double lr, double lrDecay, double weightDecay,
                   double initialAccumulator, double eps) {
        super(namedParameters, lr);
        checkNonNegative("Adagrad", "lrDecay", lrDecay);
        checkNonNegative("Adagrad", "weightDecay", weightDecay);
        checkNonNegative("Adagrad", "initialAccumulator", initialAccumulator);
        checkNonNegative("Adagrad", "eps", eps);
        this.lrDecay = lrDecay;
        this.weightDecay = weightDecay;
        this.initialAccumulator = initialAccumulator;
        this.eps = eps;
    }

    @Override
    protected void update(Parameter p, Tensor grad) {
        Tensor theta = p.tensor();
        Tensor g = weightDecay != 0 ? grad.add(theta.mul(weightDecay)) : grad;
        int t = nextStep(p);
        double lrT = lr() / (1 + (t - 1) * lrDecay);
        Tensor sum = existingBuffer(p, "sum");
        if (sum == null) {
            sum = putBuffer(p, "sum", Tensor.zeros(theta.shape(), theta.dtype()).add(initialAccumulator));
        }
        sum.add_(g.mul(g), 1);
        theta.add_(g.div(sum.sqrt().add(eps)), -lrT);
    }
}
