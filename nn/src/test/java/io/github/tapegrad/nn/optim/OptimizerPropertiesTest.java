package io.github.tapegrad.nn.optim;

import io.github.tapegrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.pick;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/** Each optimizer against its published update equations, written out with plain doubles. */
class OptimizerPropertiesTest {
    static final int STEPS = 5;
    static final double TOL = 1e-12;

    record SgdConfig(double momentum, double dampening, boolean nesterov, double weightDecay) {
    }

    static List<SgdConfig> sgdConfigs() {
        List<SgdConfig> out = new ArrayList<>();
        for (double m : new double[] {0, 0.9}) {
            for (double d : new double[] {0, 0.3}) {
                for (boolean n : new boolean[] {false, true}) {
                    for (double wd : new double[] {0, 0.1}) {
                        if (!n || (m > 0 && d == 0)) {
                            out.add(new SgdConfig(m, d, n, wd));
                        }
                    }
                }
            }
        }
        return out;
    }

    record AdamConfig(double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
    }

    static List<AdamConfig> adamConfigs() {
        List<AdamConfig> out = new ArrayList<>();
        double[][] betas = {{0.9, 0.999}, {0.5, 0.9}, {0, 0.99}};
        for (double[] b : betas) {
            for (double eps : new double[] {1e-8, 1e-2}) {
                for (double wd : new double[] {0, 0.1}) {
                    for (boolean dec : new boolean[] {false, true}) {
                        out.add(new AdamConfig(b[0], b[1], eps, wd, dec));
                    }
                }
            }
        }
        return out;
    }

    static void assertParams(double[][] expected, Map<String, Tensor> params, String what) {
        int p = 0;
        for (Tensor t : params.values()) {
            for (int i = 0; i < expected[p].length; i++) {
                assertEquals(expected[p][i], t.get(i), TOL * Math.max(1, Math.abs(expected[p][i])),
                        what + ": parameter " + p + " element " + i);
            }
            p++;
        }
    }

    @Test
    void sgdFollowsTorchEquations() {
        qt().withExamples(60).forAll(longs().all(), integers().between(1, 4), pick(sgdConfigs()),
                doubles().between(0.001, 0.5)).checkAssert((seed, numel, c, lr) -> {
                    Problem pr = Problem.generate(seed, numel, STEPS);
                    Map<String, Tensor> params = pr.freshParameters();
                    SGD sgd = new SGD(params, lr, c.momentum(), c.dampening(), c.nesterov(), c.weightDecay());
                    double[][] theta = deepCopy(pr.start());
                    double[][] buf = new double[theta.length][];
                    for (int s = 0; s < pr.steps(); s++) {
                        pr.deliverGradients(params, s);
                        sgd.step();
                        for (int p = 0; p < theta.length; p++) {
                            if (buf[p] == null && c.momentum() != 0) {
                                buf[p] = new double[theta[p].length];
                            }
                            for (int i = 0; i < theta[p].length; i++) {
                                double g = pr.grads()[s][p][i] + c.weightDecay() * theta[p][i];
                                if (c.momentum() != 0) {
                                    buf[p][i] = s == 0 ? g : c.momentum() * buf[p][i] + (1 - c.dampening()) * g;
                                    g = c.nesterov() ? g + c.momentum() * buf[p][i] : buf[p][i];
                                }
                                theta[p][i] -= lr * g;
                            }
                        }
                        assertParams(theta, params, c + " step " + s);
                    }
                });
    }

    @Test
    void adamAndAdamWFollowTorchEquations() {
        qt().withExamples(60).forAll(longs().all(), integers().between(1, 4), pick(adamConfigs()),
                doubles().between(0.001, 0.3)).checkAssert((seed, numel, c, lr) -> {
                    Problem pr = Problem.generate(seed, numel, STEPS);
                    Map<String, Tensor> params = pr.freshParameters();
                    Optimizer opt = c.decoupled()
                            ? new AdamW(params, lr, c.beta1(), c.beta2(), c.eps(), c.weightDecay())
                            : new Adam(params, lr, c.beta1(), c.beta2(), c.eps(), c.weightDecay());
                    double[][] theta = deepCopy(pr.start());
                    double[][] m = new double[theta.length][];
                    double[][] v = new double[theta.length][];
                    for (int p = 0; p < theta.length; p++) {
                        m[p] = new double[theta[p].length];
                        v[p] = new double[theta[p].length];
                    }
                    for (int s = 0; s < pr.steps(); s++) {
                        pr.deliverGradients(params, s);
                        opt.step();
                        int t = s + 1;
                        for (int p = 0; p < theta.length; p++) {
                            for (int i = 0; i < theta[p].length; i++) {
                                double g = pr.grads()[s][p][i];
                                if (c.decoupled()) {
                                    theta[p][i] *= 1 - lr * c.weightDecay();
                                } else {
                                    g += c.weightDecay() * theta[p][i];
                                }
                                m[p][i] = c.beta1() * m[p][i] + (1 - c.beta1()) * g;
                                v[p][i] = c.beta2() * v[p][i] + (1 - c.beta2()) * g * g;
                                double mHat = m[p][i] / (1 - Math.pow(c.beta1(), t));
                                double denominator = Math.sqrt(v[p][i]) / Math.sqrt(1 - Math.pow(c.beta2(), t)) + c.eps();
                                theta[p][i] -= lr * mHat / denominator;
                            }
                        }
                        assertParams(theta, params, c + " step " + s);
                    }
                });
    }

    @Test
    void parametersWithoutGradientAreSkipped() {
        Problem pr = Problem.generate(3, 2, 1);
        Map<String, Tensor> params = pr.freshParameters();
        Adam adam = new Adam(params, 0.1);
        adam.step();
        assertParams(pr.start(), params, "no grads, no change");
        assertEquals(0, adam.state().tensors().size());
    }

    static double[][] deepCopy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) out[i] = a[i].clone();
        return out;
    }
}
