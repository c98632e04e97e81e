package io.st4j.core.modules;

/**
 * The float stream of {@code new java.util.Random(seed).nextFloat()} (the linear congruential generator its
 * Javadoc specifies), with {@link #skip} jumping over values in logarithmic time: the lean training pass draws
 * exactly the dropout masks {@link Transformer#trainingInputs} draws for the padded batch, but only the
 * entries of real tokens.
 */
final class DropoutStream {

    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long ADDEND = 0xBL;
    private static final long MASK = (1L << 48) - 1;
    /** Below this many values a skip steps through them one by one. */
    private static final long STEP_LIMIT = 48;

    private long state;

    DropoutStream(long seed) {
        state = (seed ^ MULTIPLIER) & MASK;
    }

    /** The next value of {@code Random.nextFloat()}. */
    float nextFloat() {
        state = (state * MULTIPLIER + ADDEND) & MASK;
        return (int) (state >>> 24) / (float) (1 << 24);
    }

    /** Advances past {@code count} values. */
    void skip(long count) {
        if (count < STEP_LIMIT) {
            for (long i = 0; i < count; i++) {
                state = (state * MULTIPLIER + ADDEND) & MASK;
            }
            return;
        }
        // The composition of count steps s -> m·s + a, by squaring the step.
        long m = MULTIPLIER;
        long a = ADDEND;
        long totalM = 1;
        long totalA = 0;
        for (long k = count; k > 0; k >>>= 1) {
            if ((k & 1) != 0) {
                totalM = (totalM * m) & MASK;
                totalA = (totalA * m + a) & MASK;
            }
            a = (a * (m + 1)) & MASK;
            m = (m * m) & MASK;
        }
        state = (state * totalM + totalA) & MASK;
    }

    /**
     * Fills {@code mask[from, from + count)} with the next {@code count} draws as {@link Transformer} turns them
     * into a dropout mask: 0 where the draw is below {@code probability}, else {@code 1 / (1 - probability)}.
     */
    void fill(float[] mask, int from, int count, double probability) {
        float keep = (float) (1.0 / (1.0 - probability));
        for (int i = from; i < from + count; i++) {
            mask[i] = nextFloat() < probability ? 0f : keep;
        }
    }
}
