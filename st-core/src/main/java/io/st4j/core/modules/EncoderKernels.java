package io.st4j.core.modules;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The elementwise and row-wise kernels of {@link EncoderExecutor}, in Java over the float buffers of ND4J
 * arrays: each row is copied into a heap tile, processed by loops the JIT vectorizes, and copied back. Rows
 * are split over the common fork-join pool (the caller plus {@code cores - 1} workers).
 */
final class EncoderKernels {

    /** Below this many floats a kernel runs on the calling thread alone. */
    private static final int PARALLEL_THRESHOLD = 1 << 15;
    private static final float SQRT_HALF = 0.70710678118654752f;

    private EncoderKernels() {
    }

    /** Work on rows {@code [from, to)} with a per-task tile of {@code width} floats. */
    interface RowTask {
        void run(int from, int to, float[] tile);
    }

    /** Runs {@code task} over {@code rows} rows, in parallel chunks when the work is large enough. */
    static void forRows(int rows, int width, RowTask task) {
        int parts = (long) rows * width < PARALLEL_THRESHOLD ? 1
                : Math.min(rows, 2 * Runtime.getRuntime().availableProcessors());
        if (parts == 1) {
            task.run(0, rows, new float[width]);
            return;
        }
        IntStream.range(0, parts).parallel().forEach(p ->
                task.run((int) ((long) rows * p / parts), (int) ((long) rows * (p + 1) / parts), new float[width]));
    }

    /** {@code x[r] += bias} for every row of an {@code [rows, bias.length]} buffer. */
    static void addBias(FloatBuffer x, int rows, float[] bias) {
        forRows(rows, bias.length, (from, to, tile) -> addBias(x, from, to, bias, tile));
    }

    /** {@code x[r] += bias} for rows {@code [from, to)}; {@code tile} holds a row. */
    private static void addBias(FloatBuffer x, int from, int to, float[] bias, float[] tile) {
        int cols = bias.length;
        for (int r = from; r < to; r++) {
            x.get(r * cols, tile, 0, cols);
            for (int c = 0; c < cols; c++) {
                tile[c] += bias[c];
            }
            x.put(r * cols, tile, 0, cols);
        }
    }

    /** {@code x = gelu(x + bias)} with the exact (erf) GELU, in place. */
    static void biasGelu(FloatBuffer x, int rows, float[] bias) {
        forRows(rows, bias.length, (from, to, tile) -> biasGelu(x, from, to, bias, tile));
    }

    /** {@link #biasGelu(FloatBuffer, int, float[])} for rows {@code [from, to)}, on the calling thread. */
    static void biasGelu(FloatBuffer x, int from, int to, float[] bias, float[] tile) {
        int cols = bias.length;
        for (int r = from; r < to; r++) {
            x.get(r * cols, tile, 0, cols);
            for (int c = 0; c < cols; c++) {
                float v = tile[c] + bias[c];
                tile[c] = 0.5f * v * (1f + erf(v * SQRT_HALF));
            }
            x.put(r * cols, tile, 0, cols);
        }
    }

    /**
     * {@code out = layerNorm(y + bias + residual)} over each row ({@code residual} may be null, {@code bias}
     * too); {@code out} may be {@code y} or {@code residual}.
     */
    static void biasResidualLayerNorm(FloatBuffer y, float[] bias, FloatBuffer residual, FloatBuffer out, int rows,
                                      float[] gain, float[] shift, float eps) {
        forRows(rows, gain.length, (from, to, tile) ->
                biasResidualLayerNorm(y, bias, residual, out, from, to, gain, shift, eps, tile, new float[gain.length]));
    }

    /**
     * {@link #biasResidualLayerNorm(FloatBuffer, float[], FloatBuffer, FloatBuffer, int, float[], float[], float)}
     * for rows {@code [from, to)}, on the calling thread; {@code row} and {@code residualRow} each hold a row (two
     * arrays, not two halves of one: the JIT vectorizes loops over distinct arrays).
     */
    static void biasResidualLayerNorm(FloatBuffer y, float[] bias, FloatBuffer residual, FloatBuffer out, int from,
                                      int to, float[] gain, float[] shift, float eps, float[] row,
                                      float[] residualRow) {
        int cols = gain.length;
        for (int r = from; r < to; r++) {
            y.get(r * cols, row, 0, cols);
            if (bias != null) {
                for (int c = 0; c < cols; c++) {
                    row[c] += bias[c];
                }
            }
            if (residual != null) {
                residual.get(r * cols, residualRow, 0, cols);
                for (int c = 0; c < cols; c++) {
                    row[c] += residualRow[c];
                }
            }
            float mean = sum(row, 0, cols) / cols;
            float variance = sumOfSquaredDeviations(row, cols, mean) / cols;
            float inv = (float) (1.0 / Math.sqrt(variance + eps));
            for (int c = 0; c < cols; c++) {
                row[c] = (row[c] - mean) * inv * gain[c] + shift[c];
            }
            out.put(r * cols, row, 0, cols);
        }
    }

    /** {@code Σ (values[i] - mean)²} over {@code [0, count)}, with four running sums. */
    private static float sumOfSquaredDeviations(float[] values, int count, float mean) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < count; i += 4) {
            float d0 = values[i] - mean;
            float d1 = values[i + 1] - mean;
            float d2 = values[i + 2] - mean;
            float d3 = values[i + 3] - mean;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < count; i++) {
            float d = values[i] - mean;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** The sum of {@code values[from, from + count)}, with four running sums. */
    private static float sum(float[] values, int from, int count) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = from;
        int end = from + count;
        for (; i + 3 < end; i += 4) {
            s0 += values[i];
            s1 += values[i + 1];
            s2 += values[i + 2];
            s3 += values[i + 3];
        }
        for (; i < end; i++) {
            s0 += values[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Softmax of {@code row[0, n)} in place. */
    static void softmax(float[] row, int n) {
        softmaxRows(row, 1, n, new float[n], new float[n]);
    }

    /**
     * Softmax of each row of a {@code [rows, n]} block in place (the rows one after another in {@code values}):
     * each value becomes {@link #exp}{@code (x - its row's maximum)} over the row's sum, with the same float
     * operations as {@link #exp}, hence the same results. The loops run over the whole block rather than row by
     * row, which the JIT compiles better for short rows; the float arithmetic (vectorized) and the exponent bits are
     * separate loops.
     *
     * @param perRow  scratch of {@code rows·n} floats (each row's maximum, then its sum's inverse, per value)
     * @param shifted scratch of {@code rows·n} floats
     */
    static void softmaxRows(float[] values, int rows, int n, float[] perRow, float[] shifted) {
        int total = rows * n;
        for (int r = 0; r < rows; r++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int j = r * n; j < (r + 1) * n; j++) {
                if (values[j] > max) { // a branch, not Math.max: no dependency chain through its NaN handling
                    max = values[j];
                }
            }
            Arrays.fill(perRow, r * n, (r + 1) * n, max);
        }
        for (int i = 0; i < total; i++) {
            float x = values[i] - perRow[i];
            float shift = x * LOG2_E + ROUNDING_SHIFT;
            shifted[i] = shift;
            values[i] = expOfRemainder(x, shift - ROUNDING_SHIFT);
        }
        for (int i = 0; i < total; i++) {
            values[i] = scaleByPowerOfTwo(values[i], shifted[i]);
        }
        for (int r = 0; r < rows; r++) {
            Arrays.fill(perRow, r * n, (r + 1) * n, 1f / sum(values, r * n, n));
        }
        for (int i = 0; i < total; i++) {
            values[i] *= perRow[i];
        }
    }

    /**
     * {@code erf(x)} in float: the rational approximation of Eigen and XLA (numerator of degree 13, denominator
     * of degree 8, argument clamped to ±4 where erf is ±1 in float), absolute error below 5e-7 (a few float ulps).
     */
    static float erf(float v) {
        float x = Math.min(4f, Math.max(-4f, v));
        float x2 = x * x;
        float p = x2 * -2.72614225801306e-10f + 2.77068142495902e-08f;
        p = x2 * p + -2.10102402082508e-06f;
        p = x2 * p + -5.69250639462346e-05f;
        p = x2 * p + -7.34990630326855e-04f;
        p = x2 * p + -2.95459980854025e-03f;
        p = x2 * p + -1.60960333262415e-02f;
        float q = x2 * -1.45660718464996e-05f + -2.13374055278905e-04f;
        q = x2 * q + -1.68282697438203e-03f;
        q = x2 * q + -7.37332916720468e-03f;
        q = x2 * q + -1.42647390514189e-02f;
        return x * p / q;
    }

    private static final float LOG2_E = 1.44269504088896341f;
    /** {@code 1.5·2^23}: adding it rounds a float of magnitude below {@code 2^22} to an integer (half to even). */
    private static final float ROUNDING_SHIFT = 12582912f;
    /** The bits of {@link #ROUNDING_SHIFT}: the bits of {@code n + ROUNDING_SHIFT} minus these are n. */
    private static final int ROUNDING_SHIFT_BITS = 0x4B400000;

    /**
     * {@code e^x} in float for {@code x <= 0} (softmax arguments): Cephes' {@code expf} (x = n·ln2 + r, a degree 5
     * polynomial for {@code e^r}, 2^n from the exponent bits), relative error about 2e-7 down to -87; 0 from
     * n = -127 (x below about -87.7) on. The rounding of {@code x·log2(e)} to n is an addition of
     * {@link #ROUNDING_SHIFT}, so that a loop of these float operations vectorizes
     * ({@link #softmaxRows}).
     */
    static float exp(float x) {
        float shifted = x * LOG2_E + ROUNDING_SHIFT;
        return scaleByPowerOfTwo(expOfRemainder(x, shifted - ROUNDING_SHIFT), shifted);
    }

    /** {@code e^r} for {@code r = x - n·ln2} (ln2 in two parts), by Cephes' polynomial. */
    private static float expOfRemainder(float x, float n) {
        float r = x - n * 0.693359375f - n * -2.12194440e-4f;
        float p = 1.9875691500e-4f;
        p = p * r + 1.3981999507e-3f;
        p = p * r + 8.3334519073e-3f;
        p = p * r + 4.1665795894e-2f;
        p = p * r + 1.6666665459e-1f;
        p = p * r + 5.0000001201e-1f;
        return p * r * r + r + 1f;
    }

    /**
     * {@code y·2^n} from {@code shifted = n + ROUNDING_SHIFT}: {@code n + 127} is the exponent of {@code 2^n}; 0 when
     * that is not positive (below the normal floats) or when shifted lies below the rounding range (x far below,
     * or -∞). Compared as bits, which order non-negative floats; negative floats have negative bits.
     */
    private static float scaleByPowerOfTwo(float y, float shifted) {
        int bits = Float.floatToRawIntBits(shifted);
        return bits >= ROUNDING_SHIFT_BITS - 127 ? y * Float.intBitsToFloat((bits - ROUNDING_SHIFT_BITS + 127) << 23) : 0f;
    }
}
