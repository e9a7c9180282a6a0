package io.github.tapegrad.autograd.kernels;

/**
 * Layer normalization's loops in double (one source for both dtypes, see pom.xml); formulas on {@link LayerNorm}.
 * Sums along a row (mean, variance, the backward's two row means) and the normalized values accumulate in double
 * whatever the element type; dGamma and dBeta sum down columns in the element type, as column sums do elsewhere.
 */
@SuppressWarnings("cast") // the (double) casts are redundant here and needed in the generated float32 copy
final class LayerNormLoopsF64 {
    private LayerNormLoopsF64() {
    }

    static void forward(double[] x, double[] gamma, double[] beta, double[] y, double[] mean, double[] rstd, int rows,
                        int d, /*always*/double eps) {
        for (int r = 0; r < rows; r++) {
            int base = r * d;
            /*always*/double s = 0;
            for (int j = 0; j < d; j++) s += x[base + j];
            /*always*/double mu = s / d;
            /*always*/double q = 0; // two passes: the variance never loses digits to a large mean
            for (int j = 0; j < d; j++) {
                /*always*/double c = x[base + j] - mu;
                q += c * c;
            }
            /*always*/double inv = 1 / Math.sqrt(q / d + eps);
            mean[r] = (double) mu;
            rstd[r] = (double) inv;
            for (int j = 0; j < d; j++) {
                /*always*/double v = (x[base + j] - mu) * inv;
                if (gamma != null) v *= gamma[j];
                if (beta != null) v += beta[j];
                y[base + j] = (double) v;
            }
        }
    }

    static void backward(double[] dy, double[] x, double[] gamma, double[] mean, double[] rstd, double[] dx,
                         double[] dGamma, double[] dBeta, int rows, int d) {
        if (dGamma != null) java.util.Arrays.fill(dGamma, 0);
        if (dBeta != null) java.util.Arrays.fill(dBeta, 0);
        for (int r = 0; r < rows; r++) {
            int base = r * d;
            /*always*/double mu = mean[r];
            /*always*/double inv = rstd[r];
            if (dx != null) {
                /*always*/double sg = 0;
                /*always*/double sgx = 0;
                for (int j = 0; j < d; j++) {
                    /*always*/double g = gamma != null ? dy[base + j] * (/*always*/double) gamma[j] : dy[base + j];
                    sg += g;
                    sgx += g * ((x[base + j] - mu) * inv);
                }
                /*always*/double mg = sg / d;
                /*always*/double mgx = sgx / d;
                for (int j = 0; j < d; j++) {
                    /*always*/double g = gamma != null ? dy[base + j] * (/*always*/double) gamma[j] : dy[base + j];
                    /*always*/double xh = (x[base + j] - mu) * inv;
                    dx[base + j] = (double) (inv * (g - mg - xh * mgx));
                }
            }
            if (dGamma != null || dBeta != null) {
                for (int j = 0; j < d; j++) {
                    if (dGamma != null) dGamma[j] += (double) (dy[base + j] * ((x[base + j] - mu) * inv));
                    if (dBeta != null) dBeta[j] += dy[base + j];
                }
            }
        }
    }
}
