package io.st4j.core.util;

import io.st4j.core.Precision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sentence-transformers' {@code quantize_embeddings}, by the rule of release 5.1.2 (which produced
 * st4j's reference values), in float32 arithmetic as numpy does it:
 * <ul>
 *   <li>int8 / uint8: per-dimension ranges {@code [min; max]} come from {@code ranges}, else from
 *       {@code calibrationEmbeddings}, else from the embeddings themselves; {@code step = (max - min) / 255};
 *       uint8 = {@code trunc((x - min) / step)}, int8 = {@code trunc((x - min) / step - 128)} (truncation
 *       toward zero, so int8 is not always uint8 - 128);</li>
 *   <li>ubinary: the bits {@code x > 0} packed eight to a byte, first dimension in the highest bit;
 *       binary = ubinary - 128 as a signed byte.</li>
 * </ul>
 * Where 5.1.2's numpy casts are undefined, st4j follows sentence-transformers 6: values outside the ranges
 * saturate at the ends of the byte range, a dimension whose range is a single value gets step 1, and each
 * row of a (u)binary result is packed on its own, its last byte padded with zero bits.
 */
public final class Quantization {

    private static final Logger LOG = LoggerFactory.getLogger(Quantization.class);

    private Quantization() {
    }

    /** Quantizes with ranges taken from the embeddings themselves (for int8 and uint8). */
    public static QuantizedEmbeddings quantizeEmbeddings(float[][] embeddings, Precision precision) {
        return quantizeEmbeddings(embeddings, precision, null, null);
    }

    /**
     * Quantizes {@code embeddings} to {@code precision}.
     *
     * @param ranges                {@code [2][dim]}: per-dimension minimum and maximum, or null (int8/uint8 only)
     * @param calibrationEmbeddings rows to take the ranges from when {@code ranges} is null, or null to take
     *                              them from {@code embeddings} (int8/uint8 only)
     */
    public static QuantizedEmbeddings quantizeEmbeddings(float[][] embeddings, Precision precision, float[][] ranges,
                                                         float[][] calibrationEmbeddings) {
        int dim = Math.max(Matrices.requireMatrix(embeddings, "embeddings"), 0);
        if (precision == null) {
            throw new IllegalArgumentException("precision must not be null");
        }
        switch (precision) {
            case FLOAT32:
                return QuantizedEmbeddings.ofFloats(dim, copy(embeddings));
            case INT8:
            case UINT8:
                return scalar(embeddings, dim, precision, ranges, calibrationEmbeddings);
            case BINARY:
            case UBINARY:
                return QuantizedEmbeddings.ofBytes(precision, dim, packBits(embeddings, dim, precision));
            default:
                throw new AssertionError(precision);
        }
    }

    /** The per-dimension {@code [min row, max row]} of {@code embeddings}, as numpy's min/max over axis 0. */
    public static float[][] ranges(float[][] embeddings) {
        int dim = Matrices.requireMatrix(embeddings, "embeddings");
        if (dim < 0) {
            throw new IllegalArgumentException("cannot compute quantization ranges from 0 embeddings");
        }
        float[] min = embeddings[0].clone();
        float[] max = embeddings[0].clone();
        for (float[] row : embeddings) {
            for (int k = 0; k < dim; k++) {
                min[k] = Math.min(min[k], row[k]);
                max[k] = Math.max(max[k], row[k]);
            }
        }
        return new float[][] {min, max};
    }

    private static QuantizedEmbeddings scalar(float[][] embeddings, int dim, Precision precision, float[][] ranges,
                                              float[][] calibration) {
        byte[][] out = new byte[embeddings.length][dim];
        if (embeddings.length == 0) {
            return QuantizedEmbeddings.ofBytes(precision, dim, out);
        }
        float[][] r = resolveRanges(embeddings, dim, precision, ranges, calibration);
        float[] starts = r[0];
        float[] steps = new float[dim];
        for (int k = 0; k < dim; k++) {
            float step = (r[1][k] - starts[k]) / 255f;
            steps[k] = step == 0f ? 1f : step;
        }
        boolean int8 = precision == Precision.INT8;
        for (int i = 0; i < embeddings.length; i++) {
            for (int k = 0; k < dim; k++) {
                float bucket = (embeddings[i][k] - starts[k]) / steps[k];
                // (long) truncates toward zero as numpy's astype does; the clamp replaces its undefined overflow.
                out[i][k] = int8
                        ? (byte) clamp((long) (bucket - 128f), -128, 127)
                        : (byte) clamp((long) bucket, 0, 255);
            }
        }
        return QuantizedEmbeddings.ofBytes(precision, dim, out);
    }

    private static float[][] resolveRanges(float[][] embeddings, int dim, Precision precision, float[][] ranges,
                                           float[][] calibration) {
        if (ranges != null) {
            Matrices.requireMatrix(ranges, "ranges");
            if (ranges.length != 2 || ranges[0].length != dim) {
                throw new IllegalArgumentException("ranges must have shape (2, " + dim + "): a row of minima and a"
                        + " row of maxima per dimension; got (" + ranges.length + ", "
                        + (ranges.length == 0 ? 0 : ranges[0].length) + ")");
            }
            return ranges;
        }
        if (calibration != null) {
            int calibrationDim = Matrices.requireMatrix(calibration, "calibrationEmbeddings");
            if (calibrationDim < 0) {
                throw new IllegalArgumentException("calibrationEmbeddings must have at least one row");
            }
            if (calibrationDim != dim) {
                throw new IllegalArgumentException("calibrationEmbeddings has dimension " + calibrationDim
                        + " but embeddings has " + dim);
            }
            return ranges(calibration);
        }
        if (embeddings.length < 100) {
            LOG.warn("Computing {} quantization buckets based on {} embedding{}. {} quantization is more stable"
                            + " with ranges calculated from more embeddings or calibrationEmbeddings.",
                    precision.pythonName(), embeddings.length, embeddings.length == 1 ? "" : "s",
                    precision.pythonName());
        }
        return ranges(embeddings);
    }

    private static byte[][] packBits(float[][] embeddings, int dim, Precision precision) {
        int offset = precision == Precision.BINARY ? 0x80 : 0;
        byte[][] out = new byte[embeddings.length][(dim + 7) / 8];
        for (int i = 0; i < embeddings.length; i++) {
            for (int k = 0; k < dim; k++) {
                if (embeddings[i][k] > 0) {
                    out[i][k >>> 3] |= (byte) (0x80 >>> (k & 7));
                }
            }
            for (int b = 0; b < out[i].length; b++) {
                out[i][b] ^= (byte) offset; // binary = ubinary - 128, i.e. the top bit flipped
            }
        }
        return out;
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }

    private static float[][] copy(float[][] m) {
        float[][] out = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i].clone();
        }
        return out;
    }
}
