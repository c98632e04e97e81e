package io.st4j.core.modules;

/**
 * Tokenized texts padded on the right to the longest one: row-major {@code [size, length]} arrays.
 *
 * @param size          number of texts
 * @param length        tokens per row after padding
 * @param inputIds      token ids
 * @param attentionMask 1 for a real token, 0 for padding
 * @param tokenTypeIds  segment ids (0 for single texts)
 */
public record TokenBatch(int size, int length, int[] inputIds, int[] attentionMask, int[] tokenTypeIds) {

    public TokenBatch {
        int n = size * length;
        if (inputIds.length != n || attentionMask.length != n || tokenTypeIds.length != n) {
            throw new IllegalArgumentException("token arrays must hold size * length = " + n + " entries");
        }
    }

    /** The number of real (unpadded) tokens of row {@code row}. */
    public int tokenCount(int row) {
        int count = 0;
        for (int t = 0; t < length; t++) {
            count += attentionMask[row * length + t];
        }
        return count;
    }
}
