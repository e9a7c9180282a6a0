package io.github.tapegrad.nn.optim;

import io.github.tapegrad.autograd.Tensor;
import io.github.tapegrad.nn.Module;
import io.github.tapegrad.nn.Parameter;

import java.util.Map;

/**
 * Adam as torch.optim.Adam (weight decay is L2: added to the gradient):
 * <pre>
 * g = ∇ + λ·θ;   m = β₁m + (1 − β₁)g;   v = β₂v + (1 − β₂)g²;   t = t + 1
 * θ = θ − (lr / (1 − β₁ᵗ)) · m / (sqrt(v) / sqrt(1 − β₂ᵗ) + ε)
 * </pre>
 * With amsgrad (Reddi et al. 2018), v in the denominator is the running maximum of v ({@code max_exp_avg_sq}).
 */
public class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;
    private boolean amsgrad;

    public Adam(Map<String, Tensor> namedParameters, double lr) {
        this(namedParameters, lr, 0.9, 0.999, 1e-8, 0);
    }

    public Adam(Module module, double lr) {
        this(named(module), lr);
    }

    public Adam(Map<String, Tensor> namedParameters, double lr, double beta1, double beta2, double eps,
                double weightDecay) {
        this("Adam", namedParameters, lr, beta1, beta2, eps, weightDecay, false);
    }

    Adam(String who, Map<String, Tensor> namedParameters, double lr, double beta1, double beta2, double eps,
         double weightDecay, boolean decoupled) {
        super(namedParameters, lr);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException(who + ": betas must be in [0, 1), got (" + beta1 + ", " + beta2 + ")");
        }
        checkNonNegative(who, "eps", eps);
        checkNonNegative(who, "weightDecay", weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
    }

    /** torch's {@code amsgrad=True}: divide by the largest v seen so far instead of the current one. */
    public Adam amsgrad(boolean on) {
        amsgrad = on;
        return this;
    }

    @Override
    protected final void update(Parameter p, Tensor grad) {
        Tensor theta = p.tensor();
        Tensor g = grad;
        if (weightDecay != 0) {
            if (decoupled) {
                theta.mul_(1 - lr() * weightDecay);
            } else {
                g = g.add(theta.mul(weightDecay));
            }
        }
        int t = nextStep(p);
        Tensor m = buffer(p, "exp_avg").mul_(beta1).add_(g, 1 - beta1);
        Tensor v = buffer(p, "exp_avg_sq").mul_(beta2).add_(g.mul(g), 1 - beta2);
        double correction1 = 1 - Math.pow(beta1, t);
        double correction2 = 1 - Math.pow(beta2, t);
        if (amsgrad) {
            Tensor max = buffer(p, "max_exp_avg_sq");
            Tensor larger = v.gt(max); // 1 where v is larger: max·(1 − larger) + v·larger is exactly the maximum
            max.copy_(max.mul(larger.rsub(1)).add(v.mul(larger)));
            v = max;
        }
        Tensor denominator = v.sqrt().div(Math.sqrt(correction2)).add(eps);
        theta.add_(m.div(denominator), -lr() / correction1);
    }
}
