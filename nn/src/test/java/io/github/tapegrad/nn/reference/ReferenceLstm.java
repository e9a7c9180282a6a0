package io.github.tapegrad.nn.reference;

/**
 * LSTM cell with PyTorch's gate order (i, f, g, o): {@code c' = f c + i g}, {@code h' = o tanh(c')}.
 */
final class ReferenceLstm implements ReferenceCell {

    static final ReferenceLstm INSTANCE = new ReferenceLstm();

    private static final int I = 0;
    private static final int F = 1;
    private static final int G = 2;
    private static final int O = 3;

    private ReferenceLstm() {
    }

    @Override
    public StepCache forward(LayerParams p, CellShape s, double[] x, double[] hPrev, double[] cPrev) {
        int b = s.batch();
        int h = s.hiddenSize();
        int rows = s.gateRows(4);
        double[] gates = Dense.affine(x, b, s.inputSize(), p.rawWIh(), p.rawBIh(), rows);
        double[] fromHidden = Dense.affine(hPrev, b, h, p.rawWHh(), p.rawBHh(), rows);
        double[] cNext = new double[b * h];
        double[] hNext = new double[b * h];
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < h; j++) {
                for (int block = 0; block < 4; block++) {
                    int k = r * rows + block * h + j;
                    double a = gates[k] + fromHidden[k];
                    gates[k] = block == G ? Math.tanh(a) : Dense.sigmoid(a);
                }
                int base = r * rows + j;
                int state = r * h + j;
                cNext[state] = gates[base + F * h] * cPrev[state] + gates[base + I * h] * gates[base + G * h];
                hNext[state] = gates[base + O * h] * Math.tanh(cNext[state]);
            }
        }
        return new StepCache(x, hPrev, cPrev, gates, null, hNext, cNext);
    }

    @Override
    public StepGradients backward(LayerParams p, CellShape s, StepCache step, double[] dhNext, double[] dcNext,
            LayerGradientSums sums, Mistake mistake) {
        int b = s.batch();
        int h = s.hiddenSize();
        int rows = s.gateRows(4);
        double[] da = new double[b * rows]; // gradient of the gate pre-activations
        double[] daForParams = new double[b * rows]; // what the weight and bias sums see
        double[] daForHidden = new double[b * rows]; // what flows back into dh_prev
        double[] dcPrev = new double[b * h];
        for (int r = 0; r < b; r++) {
            for (int j = 0; j < h; j++) {
                int base = r * rows + j;
                int state = r * h + j;
                double i = step.gates[base + I * h];
                double f = step.gates[base + F * h];
                double g = step.gates[base + G * h];
                double o = step.gates[base + O * h];
                double c = step.cNext[state];
                double tanhC = Math.tanh(c);
                double dh = dhNext[state];
                double tanhDerivative = mistake == Mistake.LSTM_ONE_MINUS_C_SQUARED ? 1 - c * c : 1 - tanhC * tanhC;
                // c' reaches the loss directly (dcNext) and through h' = o tanh(c').
                double dc = dcNext[state] + dh * o * tanhDerivative;
                da[base + I * h] = dc * g * i * (1 - i);
                da[base + F * h] = dc * step.cPrev[state] * f * (1 - f);
                da[base + G * h] = dc * i * (1 - g * g);
                da[base + O * h] = dh * tanhC * o * (1 - o);
                dcPrev[state] = dc * f;
                for (int block = 0; block < 4; block++) {
                    int k = base + block * h;
                    daForParams[k] = da[k];
                    daForHidden[k] = da[k];
                }
                if (mistake == Mistake.LSTM_DC_FOR_CANDIDATE) {
                    daForParams[base + G * h] = dc;
                }
                if (mistake == Mistake.LSTM_NO_OUTPUT_GATE_IN_DH_PREV) {
                    daForHidden[base + O * h] = 0;
                }
            }
        }
        sums.add(daForParams, step.x, daForParams, step.hPrev);
        double[] dx = Dense.inputGradient(da, b, rows, p.rawWIh(), s.inputSize());
        double[] dhPrev = Dense.inputGradient(daForHidden, b, rows, p.rawWHh(), h);
        return new StepGradients(dx, dhPrev, dcPrev);
    }
}
