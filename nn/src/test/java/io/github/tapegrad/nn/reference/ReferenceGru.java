package io.github.tapegrad.nn.reference;

/**
 * PyTorch's GRU cell, gate order (r, z, n): {@code n = tanh(W_in x + b_in + r (W_hn h + b_hn))},
 * {@code h' = (1 - z) n + z h}. Note r multiplies the hidden-side term including its bias.
 */
final class ReferenceGru implements ReferenceCell {

    static final ReferenceGru INSTANCE = new ReferenceGru();

    private static final int R = 0;
    private static final int Z = 1;
    private static final int N = 2;

    private ReferenceGru() {
    }

    @Override
    public StepCache forward(LayerParams p, CellShape s, double[] x, double[] hPrev, double[] cPrev) {
        int b = s.batch();
        int h = s.hiddenSize();
        int rows = s.gateRows(3);
        double[] fromInput = Dense.affine(x, b, s.inputSize(), p.rawWIh(), p.rawBIh(), rows);
        double[] fromHidden = Dense.affine(hPrev, b, h, p.rawWHh(), p.rawBHh(), rows);
        double[] gates = new double[b * rows];
        double[] hiddenN = new double[b * h];
        double[] hNext = new double[b * h];
        for (int row = 0; row < b; row++) {
            for (int j = 0; j < h; j++) {
                int base = row * rows + j;
                int state = row * h + j;
                double r = Dense.sigmoid(fromInput[base + R * h] + fromHidden[base + R * h]);
                double z = Dense.sigmoid(fromInput[base + Z * h] + fromHidden[base + Z * h]);
                hiddenN[state] = fromHidden[base + N * h];
                double n = Math.tanh(fromInput[base + N * h] + r * hiddenN[state]);
                gates[base + R * h] = r;
                gates[base + Z * h] = z;
                gates[base + N * h] = n;
                hNext[state] = (1 - z) * n + z * hPrev[state];
            }
        }
        return new StepCache(x, hPrev, null, gates, hiddenN, hNext, null);
    }

    @Override
    public StepGradients backward(LayerParams p, CellShape s, StepCache step, double[] dhNext, double[] dcNext,
            LayerGradientSums sums, Mistake mistake) {
        int b = s.batch();
        int h = s.hiddenSize();
        int rows = s.gateRows(3);
        double[] daInput = new double[b * rows]; // gradient of x W_ih^T + b_ih
        double[] daHidden = new double[b * rows]; // gradient of h W_hh^T + b_hh
        double[] dhDirect = new double[b * h]; // the z h path that skips every weight
        for (int row = 0; row < b; row++) {
            for (int j = 0; j < h; j++) {
                int base = row * rows + j;
                int state = row * h + j;
                double r = step.gates[base + R * h];
                double z = step.gates[base + Z * h];
                double n = step.gates[base + N * h];
                double dh = dhNext[state];
                double daN = dh * (1 - z) * (1 - n * n);
                double daZ = dh * (step.hPrev[state] - n) * z * (1 - z);
                double daR = daN * step.aux[state] * r * (1 - r);
                daInput[base + R * h] = daR;
                daInput[base + Z * h] = daZ;
                daInput[base + N * h] = daN;
                daHidden[base + R * h] = daR;
                daHidden[base + Z * h] = daZ;
                daHidden[base + N * h] = mistake == Mistake.GRU_NO_RESET_IN_HIDDEN_CANDIDATE ? daN : daN * r;
                dhDirect[state] = dh * z;
            }
        }
        sums.add(daInput, step.x, daHidden, step.hPrev);
        double[] dx = Dense.inputGradient(daInput, b, rows, p.rawWIh(), s.inputSize());
        double[] dhPrev = Dense.inputGradient(daHidden, b, rows, p.rawWHh(), h);
        for (int k = 0; k < dhPrev.length; k++) {
            dhPrev[k] += dhDirect[k];
        }
        return new StepGradients(dx, dhPrev, null);
    }
}
