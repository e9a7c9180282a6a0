package io.github.tapegrad.autograd.kernels;

/**
 * Layer normalization's loops in double (one source for both dtypes, see pom.xml); formulas on {@link LayerNorm}.
 * Sums along a row (mean, variance, the backward's two row means) and the normalized values accumulate in double
 * whatever the element type, in eight interleaved partial sums added in a fixed order: eight independent chains
 * instead of one keep the core busy, and the order, fixed in the code, gives the same bits on every machine and
 * thread count. Rows are split across the kernel threads (a row is one thread's); dGamma and dBeta sum down
 * columns, in row order, split across threads by column, in the element type as column sums do elsewhere.
 */
@SuppressWarnings("cast") // the (double) casts are redundant here and needed in the generated float32 copy
final class LayerNormLoopsF64 {
    private LayerNormLoopsF64() {
    }

    static void forward(double[] x, double[] gamma, double[] beta, double[] y, double[] mean, double[] rstd, int rows,
                        int d, /*always*/double eps) {
        Parallel.forRange(rows, 8L * d, (from, to) -> {
            for (int r = from; r < to; r++) {
                forwardRow(x, gamma, beta, y, mean, rstd, r * d, r, d, eps);
            }
        });
    }

    private static void forwardRow(double[] x, double[] gamma, double[] beta, double[] y, double[] mean, double[] rstd,
                                   int base, int r, int d, /*always*/double eps) {
        /*always*/double mu = sum(x, base, d, 0, false) / d;
        /*always*/double inv = 1 / Math.sqrt(sum(x, base, d, mu, true) / d + eps); // centred: no digits lost to mu
        mean[r] = (double) mu;
        rstd[r] = (double) inv;
        if (gamma != null && beta != null) {
            for (int j = 0; j < d; j++) {
                y[base + j] = (double) ((x[base + j] - mu) * inv * gamma[j] + beta[j]);
            }
        } else {
            for (int j = 0; j < d; j++) {
                /*always*/double v = (x[base + j] - mu) * inv;
                if (gamma != null) v *= gamma[j];
                if (beta != null) v += beta[j];
                y[base + j] = (double) v;
            }
        }
    }

    /** Σ_j (x[base + j] − centre)^p for p = 1 or 2, in four interleaved partial sums (see the class comment). */
    private static /*always*/double sum(double[] x, int base, int d, /*always*/double centre, boolean squares) {
        /*always*/double s0 = 0;
        /*always*/double s1 = 0;
        /*always*/double s2 = 0;
        /*always*/double s3 = 0;
        int j = 0;
        if (squares) {
            for (; j + 4 <= d; j += 4) {
                /*always*/double c0 = x[base + j] - centre;
                /*always*/double c1 = x[base + j + 1] - centre;
                /*always*/double c2 = x[base + j + 2] - centre;
                /*always*/double c3 = x[base + j + 3] - centre;
                s0 += c0 * c0;
                s1 += c1 * c1;
                s2 += c2 * c2;
                s3 += c3 * c3;
            }
            for (; j < d; j++) {
                /*always*/double c = x[base + j] - centre;
                s0 += c * c;
            }
        } else {
            for (; j + 4 <= d; j += 4) {
                s0 += x[base + j] - centre;
                s1 += x[base + j + 1] - centre;
                s2 += x[base + j + 2] - centre;
                s3 += x[base + j + 3] - centre;
            }
            for (; j < d; j++) {
                s0 += x[base + j] - centre;
            }
        }
        return (s0 + s1) + (s2 + s3);
    }

    static void backward(double[] dy, double[] x, double[] gamma, double[] mean, double[] rstd, double[] dx,
                         double[] dGamma, double[] dBeta, int rows, int d) {
        if (dx != null) {
            Parallel.forRange(rows, 8L * d, (from, to) -> {
                for (int r = from; r < to; r++) {
                    backwardRow(dy, x, gamma, mean[r], rstd[r], dx, r * d, d);
                }
            });
        }
        if (dGamma != null || dBeta != null) {
            Parallel.forRange(d, 4L * rows, (from, to) -> { // each column summed in row order, rows walked in memory order
                if (dGamma != null) java.util.Arrays.fill(dGamma, from, to, 0);
                if (dBeta != null) java.util.Arrays.fill(dBeta, from, to, 0);
                for (int r = 0; r < rows; r++) {
                    int base = r * d;
                    /*always*/double mu = mean[r];
                    /*always*/double inv = rstd[r];
                    for (int j = from; j < to; j++) {
                        if (dGamma != null) dGamma[j] += (double) (dy[base + j] * ((x[base + j] - mu) * inv));
                        if (dBeta != null) dBeta[j] += dy[base + j];
                    }
                }
            });
        }
    }

    /** dx of one row: rstd · (g − mean(g) − x̂ · mean(g · x̂)), g = dy · gamma, x̂ = (x − mean) · rstd. */
    private static void backwardRow(double[] dy, double[] x, double[] gamma, /*always*/double mu,
                                    /*always*/double inv, double[] dx, int base, int d) {
        /*always*/double a0 = 0;
        /*always*/double a1 = 0;
        /*always*/double b0 = 0;
        /*always*/double b1 = 0;
        int j = 0;
        for (; j + 2 <= d; j += 2) {
            int k = base + j;
            /*always*/double g0 = dy[k] * gain(gamma, j);
            /*always*/double g1 = dy[k + 1] * gain(gamma, j + 1);
            a0 += g0;
            a1 += g1;
            b0 += g0 * ((x[k] - mu) * inv);
            b1 += g1 * ((x[k + 1] - mu) * inv);
        }
        for (; j < d; j++) {
            /*always*/double g0 = dy[base + j] * gain(gamma, j);
            a0 += g0;
            b0 += g0 * ((x[base + j] - mu) * inv);
        }
        /*always*/double mg = (a0 + a1) / d;
        /*always*/double mgx = (b0 + b1) / d;
        for (j = 0; j < d; j++) {
            int k = base + j;
            /*always*/double xh = (x[k] - mu) * inv;
            dx[k] = (double) (inv * (dy[k] * gain(gamma, j) - mg - xh * mgx));
        }
    }

    private static /*always*/double gain(double[] gamma, int j) {
        return gamma != null ? gamma[j] : 1;
    }
}
