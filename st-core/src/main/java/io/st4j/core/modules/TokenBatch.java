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

    /** Rows {@code [from, to)} as a batch of their own, keeping this batch's padded length. */
    public TokenBatch rows(int from, int to) {
        if (from < 0 || to > size || from >= to) {
            throw new IllegalArgumentException("row range [" + from + ", " + to + ") outside a batch of " + size);
        }
        int a = from * length;
        int b = to * length;
        return new TokenBatch(to - from, length, java.util.Arrays.copyOfRange(inputIds, a, b),
                java.util.Arrays.copyOfRange(attentionMask, a, b), java.util.Arrays.copyOfRange(tokenTypeIds, a, b));
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
