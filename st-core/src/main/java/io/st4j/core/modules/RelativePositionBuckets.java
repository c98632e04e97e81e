package io.st4j.core.modules;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MPNet's relative position buckets (transformers' {@code MPNetEncoder.relative_position_bucket} with its
 * defaults: 32 buckets, max distance 128): half the buckets for keys before or at the query, half for keys
 * after it; exact up to distance 7, then logarithmic up to 128.
 */
final class RelativePositionBuckets {

    /** The buckets {@code compute_position_bias} uses, whatever the table size. */
    static final int BUCKETS = 32;
    private static final int MAX_DISTANCE = 128;

    private RelativePositionBuckets() {
    }

    /** The bucket of a key at {@code keyMinusQuery} positions from the query. */
    static int bucket(int keyMinusQuery) {
        int half = BUCKETS / 2;
        int n = -keyMinusQuery;
        int bucket = n < 0 ? half : 0;
        n = Math.abs(n);
        int maxExact = half / 2;
        if (n < maxExact) {
            return bucket + n;
        }
        // float32 arithmetic as in the PyTorch original, truncated toward zero.
        float scaled = (float) Math.log(n / (float) maxExact) / (float) Math.log((double) MAX_DISTANCE / maxExact)
                * (half - maxExact);
        return bucket + Math.min(half - 1, maxExact + (int) scaled);
    }

    /**
     * The one-hot bucket matrix {@code [rows, length * length]}: column {@code i * length + j} has a 1 in the row of
     * the bucket of key {@code j} seen from query {@code i}. Multiplied with the {@code [rows, heads]} bias table
     * (transposed), it gives every head's bias without a gather.
     */
    static INDArray oneHot(int length, int rows) {
        int columns = length * length;
        float[] data = new float[rows * columns];
        for (int i = 0; i < length; i++) {
            for (int j = 0; j < length; j++) {
                data[bucket(j - i) * columns + i * length + j] = 1f;
            }
        }
        return Nd4j.create(data, new long[] {rows, columns}, 'c');
    }
}
