package io.github.tapegrad.examples.bench;

/**
 * The yardstick's step in double: {@link FusedLstmF64}, for config A also {@link SoftmaxHeadF64}, global-norm
 * clipping and the SGD update written out on the arrays. Nothing is allocated per step. One source for both
 * dtypes (the float32 class is generated from this one, see pom.xml).
 */
@SuppressWarnings("cast") // redundant here, needed in the generated float32 copy
final class FusedWorkloadF64 implements Workload {
    private static final /*always*/double LEARNING_RATE = 1;
    private static final /*always*/double MAX_NORM = 1;

    private final BenchSize size;
    private final FusedLstmF64 lstm;
    private final SoftmaxHeadF64 head;
    private final double[] x;
    private final double[] h0;
    private final double[] c0;
    private final double[] dOutputs;
    private final int[] targets;
    private final double[][] params;   // weight_ih, weight_hh, bias_ih, bias_hh[, head weight, head bias]
    private final double[][] grads;    // the matching gradient buffers
    private final String[] names;

    FusedWorkloadF64(BenchData data) {
        size = data.size();
        int h = size.hidden();
        int bh = size.batch() * h;
        lstm = new FusedLstmF64(size.steps(), size.batch(), size.input(), h);
        x = array(data.input());
        double[] wIh = array(data.lstm().get(BenchData.W_IH));
        double[] wHh = array(data.lstm().get(BenchData.W_HH));
        double[] bIh = array(data.lstm().get(BenchData.B_IH));
        double[] bHh = array(data.lstm().get(BenchData.B_HH));
        if (size.config().trains()) {
            head = new SoftmaxHeadF64(size.steps() * size.batch(), h, size.vocab());
            h0 = new double[bh];
            c0 = new double[bh];
            dOutputs = null;
            targets = data.targets().clone();
            params = new double[][] {wIh, wHh, bIh, bHh,
                    array(data.head().get(BenchData.HEAD_W)), array(data.head().get(BenchData.HEAD_B))};
            grads = new double[][] {lstm.gWeightIh, lstm.gWeightHh, lstm.gBiasIh, lstm.gBiasHh, head.gWeight, head.gBias};
            names = new String[] {BenchData.W_IH, BenchData.W_HH, BenchData.B_IH, BenchData.B_HH,
                    "head." + BenchData.HEAD_W, "head." + BenchData.HEAD_B};
        } else {
            head = null;
            h0 = array(data.h0());
            c0 = array(data.c0());
            dOutputs = new double[size.steps() * bh];
            java.util.Arrays.fill(dOutputs, 1);  // loss = sum of outputs
            targets = null;
            params = new double[][] {wIh, wHh, bIh, bHh};
            grads = new double[][] {lstm.gWeightIh, lstm.gWeightHh, lstm.gBiasIh, lstm.gBiasHh};
            names = new String[] {BenchData.W_IH, BenchData.W_HH, BenchData.B_IH, BenchData.B_HH};
        }
    }

    @Override
    public String name() {
        return "fused";
    }

    @Override
    public void step() {
        run(null);
    }

    @Override
    public Snapshot checkedStep() {
        Snapshot s = new Snapshot();
        run(s);
        return s;
    }

    private void run(Snapshot record) {
        lstm.forward(x, h0, c0, params[0], params[1], params[2], params[3]);
        if (size.config().trains()) {
            /*always*/double loss = head.forwardBackward(lstm.hiddens(), lstm.outputOffset(), params[4], params[5], targets);
            lstm.backward(head.dInput, x, params[0], params[1], false);
            double[][] before = null;
            if (record != null) {
                record.put("loss", new /*always*/double[] {loss});
                recordGradients(record);
                before = copies(params);
            }
            clipAndUpdate();
            if (record != null) {
                for (int p = 0; p < params.length; p++) {
                    /*always*/double[] delta = new /*always*/double[params[p].length];
                    for (int i = 0; i < delta.length; i++) {
                        delta[i] = (/*always*/double) params[p][i] - before[p][i];
                    }
                    record.put("update of " + names[p], delta);
                }
            }
        } else {
            lstm.backward(dOutputs, x, params[0], params[1], true);
            if (record != null) {
                recordOutputs(record);
                recordGradients(record);
                record.put("grad of input", lstm.gInput);
                record.put("grad of h0", lstm.gH0);
                record.put("grad of c0", lstm.gC0);
            }
        }
    }

    /** torch.nn.utils.clip_grad_norm_ then SGD: θ −= lr · min(1, maxNorm / (‖g‖ + 1e-6)) · g. */
    private void clipAndUpdate() {
        /*always*/double squares = 0;
        for (double[] g : grads) {
            for (double v : g) {
                squares += (/*always*/double) v * v;
            }
        }
        /*always*/double norm = Math.sqrt(squares);
        /*always*/double scale = norm > MAX_NORM ? MAX_NORM / (norm + 1e-6) : 1;
        double rate = (double) (LEARNING_RATE * scale);
        for (int p = 0; p < params.length; p++) {
            double[] theta = params[p];
            double[] g = grads[p];
            for (int i = 0; i < theta.length; i++) {
                theta[i] -= rate * g[i];
            }
        }
    }

    private void recordOutputs(Snapshot record) {
        int n = size.steps() * size.batch() * size.hidden();
        /*always*/double[] outputs = new /*always*/double[n];
        /*always*/double loss = 0;
        /*always*/double magnitude = 0;
        for (int i = 0; i < n; i++) {
            outputs[i] = lstm.hiddens()[lstm.outputOffset() + i];
            loss += outputs[i];
            magnitude += Math.abs(outputs[i]);
        }
        record.put("loss", new /*always*/double[] {loss}, magnitude);
        record.put("outputs", outputs);
    }

    private void recordGradients(Snapshot record) {
        for (int p = 0; p < grads.length; p++) {
            record.put("grad of " + names[p], grads[p]);
        }
    }

    private static double[][] copies(double[][] arrays) {
        double[][] out = new double[arrays.length][];
        for (int i = 0; i < arrays.length; i++) {
            out[i] = arrays[i].clone();
        }
        return out;
    }

    private static double[] array(/*always*/double[] values) {
        return BenchData.toDoubles(values);
    }
}
