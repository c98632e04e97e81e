package io.st4j.core.modules;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * The row-wise kernels of {@link EncoderTrainer}'s forward and backward passes, in Java over the float buffers
 * of ND4J arrays (each row copied into a heap tile, processed by loops the JIT vectorizes, copied back). Rows
 * are split into parts over the common fork-join pool; kernels that also reduce over rows (bias, gain and
 * shift gradients) keep one partial sum per part and add them up in part order, so results do not depend on
 * scheduling (the partial sums are doubles: a gradient sums over thousands of tokens).
 */
final class TrainingKernels {

    private static final int PARALLEL_THRESHOLD = 1 << 15;
    private static final float SQRT_HALF = 0.70710678118654752f;
    private static final float INV_SQRT_2PI = 0.3989422804014327f;

    private TrainingKernels() {
    }

    /** Work on rows {@code [from, to)} as part {@code part}. */
    interface PartTask {
        void run(int part, int from, int to);
    }

    /** The number of parts {@link #forParts} splits {@code rows} rows of {@code width} floats into. */
    static int parts(int rows, int width) {
        return (long) rows * width < PARALLEL_THRESHOLD ? 1
                : Math.min(rows, 2 * Runtime.getRuntime().availableProcessors());
    }

    static void forParts(int rows, int parts, PartTask task) {
        if (parts == 1) {
            task.run(0, 0, rows);
            return;
        }
        IntStream.range(0, parts).parallel().forEach(p ->
                task.run(p, (int) ((long) rows * p / parts), (int) ((long) rows * (p + 1) / parts)));
    }

    /** Adds the per-part partial sums {@code partials[part][c]} into {@code into[c]}, in part order. */
    private static void addPartials(double[][] partials, float[] into) {
        for (int c = 0; c < into.length; c++) {
            double sum = into[c];
            for (double[] partial : partials) {
                sum += partial[c];
            }
            into[c] = (float) sum;
        }
    }

    /**
     * Post-LN residual block forward: {@code t = (y + bias) ∘ mask + residual}, {@code out = layerNorm(t) ∘ outMask};
     * keeps the normalized {@code t} in {@code xhat} and {@code 1/σ} per row in {@code inv}. {@code bias},
     * {@code mask}, {@code residual} and {@code outMask} may each be null.
     */
    static void residualNorm(FloatBuffer y, float[] bias, float[] mask, FloatBuffer residual, float[] gain,
                             float[] shift, float eps, float[] outMask, FloatBuffer out, FloatBuffer xhat, float[] inv,
                             int rows) {
        int cols = gain.length;
        forParts(rows, parts(rows, cols), (part, from, to) -> {
            float[] t = new float[cols];
            float[] r = new float[cols];
            for (int row = from; row < to; row++) {
                int at = row * cols;
                y.get(at, t, 0, cols);
                if (bias != null) {
                    for (int c = 0; c < cols; c++) {
                        t[c] += bias[c];
                    }
                }
                if (mask != null) {
                    for (int c = 0; c < cols; c++) {
                        t[c] *= mask[at + c];
                    }
                }
                if (residual != null) {
                    residual.get(at, r, 0, cols);
                    for (int c = 0; c < cols; c++) {
                        t[c] += r[c];
                    }
                }
                float mean = 0;
                for (int c = 0; c < cols; c++) {
                    mean += t[c];
                }
                mean /= cols;
                float variance = 0;
                for (int c = 0; c < cols; c++) {
                    float d = t[c] - mean;
                    t[c] = d;
                    variance += d * d;
                }
                variance /= cols;
                float invStd = (float) (1.0 / Math.sqrt(variance + eps));
                inv[row] = invStd;
                for (int c = 0; c < cols; c++) {
                    t[c] *= invStd;
                }
                xhat.put(at, t, 0, cols);
                for (int c = 0; c < cols; c++) {
                    r[c] = t[c] * gain[c] + shift[c];
                }
                if (outMask != null) {
                    for (int c = 0; c < cols; c++) {
                        r[c] *= outMask[at + c];
                    }
                }
                out.put(at, r, 0, cols);
            }
        });
    }

    /**
     * Backward of {@link #residualNorm} from {@code dOut} (the gradient of {@code out} before {@code outMask}, which
     * the caller applies): writes {@code dt} to {@code dt} and, when {@code maskedOut} is not null,
     * {@code dt ∘ mask} (the gradient of {@code y + bias}) to {@code maskedOut}; adds the gain, shift and
     * (with {@code maskedOut}) bias gradients.
     */
    static void residualNormBackward(FloatBuffer dOut, float[] outMask, FloatBuffer xhat, float[] inv, float[] gain,
                                     FloatBuffer dt, float[] mask, FloatBuffer maskedOut, float[] gainGrad,
                                     float[] shiftGrad, float[] biasGrad, int rows) {
        int cols = gain.length;
        int parts = parts(rows, cols);
        double[][] gains = new double[parts][cols];
        double[][] shifts = new double[parts][cols];
        double[][] biases = new double[parts][cols];
        forParts(rows, parts, (part, from, to) -> {
            float[] g = new float[cols];
            float[] x = new float[cols];
            double[] pg = gains[part];
            double[] ps = shifts[part];
            double[] pb = biases[part];
            for (int row = from; row < to; row++) {
                int at = row * cols;
                dOut.get(at, g, 0, cols);
                xhat.get(at, x, 0, cols);
                if (outMask != null) {
                    for (int c = 0; c < cols; c++) {
                        g[c] *= outMask[at + c];
                    }
                }
                float meanG = 0;
                float meanGx = 0;
                for (int c = 0; c < cols; c++) {
                    pg[c] += g[c] * x[c];
                    ps[c] += g[c];
                    float gg = g[c] * gain[c];
                    g[c] = gg;
                    meanG += gg;
                    meanGx += gg * x[c];
                }
                meanG /= cols;
                meanGx /= cols;
                float invStd = inv[row];
                for (int c = 0; c < cols; c++) {
                    g[c] = invStd * (g[c] - meanG - x[c] * meanGx);
                }
                dt.put(at, g, 0, cols);
                if (maskedOut != null) {
                    if (mask != null) {
                        for (int c = 0; c < cols; c++) {
                            g[c] *= mask[at + c];
                        }
                    }
                    for (int c = 0; c < cols; c++) {
                        pb[c] += g[c];
                    }
                    maskedOut.put(at, g, 0, cols);
                }
            }
        });
        addPartials(gains, gainGrad);
        addPartials(shifts, shiftGrad);
        if (maskedOut != null) {
            addPartials(biases, biasGrad);
        }
    }

    /** {@code u += bias} (kept) and {@code g = gelu(u)} with the exact erf GELU. */
    static void biasGelu(FloatBuffer u, float[] bias, FloatBuffer g, int rows) {
        int cols = bias.length;
        forParts(rows, parts(rows, cols), (part, from, to) -> {
            float[] tile = new float[cols];
            for (int row = from; row < to; row++) {
                int at = row * cols;
                u.get(at, tile, 0, cols);
                for (int c = 0; c < cols; c++) {
                    tile[c] += bias[c];
                }
                u.put(at, tile, 0, cols);
                for (int c = 0; c < cols; c++) {
                    float v = tile[c];
                    tile[c] = 0.5f * v * (1f + EncoderKernels.erf(v * SQRT_HALF));
                }
                g.put(at, tile, 0, cols);
            }
        });
    }

    /** {@code d = d ∘ gelu'(u)} in place, {@code gelu'(u) = Φ(u) + u·φ(u)}; adds {@code Σ d} to {@code biasGrad}. */
    static void geluBackward(FloatBuffer u, FloatBuffer d, float[] biasGrad, int rows) {
        int cols = biasGrad.length;
        int parts = parts(rows, cols);
        double[][] biases = new double[parts][cols];
        forParts(rows, parts, (part, from, to) -> {
            float[] x = new float[cols];
            float[] g = new float[cols];
            double[] pb = biases[part];
            for (int row = from; row < to; row++) {
                int at = row * cols;
                u.get(at, x, 0, cols);
                d.get(at, g, 0, cols);
                for (int c = 0; c < cols; c++) {
                    float v = x[c];
                    float cdf = 0.5f * (1f + EncoderKernels.erf(v * SQRT_HALF));
                    float pdf = INV_SQRT_2PI * EncoderKernels.exp(-0.5f * v * v);
                    float dv = g[c] * (cdf + v * pdf);
                    g[c] = dv;
                    pb[c] += dv;
                }
                d.put(at, g, 0, cols);
            }
        });
        addPartials(biases, biasGrad);
    }

    /** Adds the column sums of an {@code [rows, sums.length]} buffer to {@code sums}. */
    static void addColumnSums(FloatBuffer x, int rows, float[] sums) {
        int cols = sums.length;
        int parts = parts(rows, cols);
        double[][] partials = new double[parts][cols];
        forParts(rows, parts, (part, from, to) -> {
            float[] tile = new float[cols];
            double[] p = partials[part];
            for (int row = from; row < to; row++) {
                x.get(row * cols, tile, 0, cols);
                for (int c = 0; c < cols; c++) {
                    p[c] += tile[c];
                }
            }
        });
        addPartials(partials, sums);
    }
}
