package io.st4j.core.train;

import java.util.Random;

/**
 * {@link java.util.Random}'s exact sequence (the same 48-bit linear congruential generator, so every
 * {@code next*} method returns what {@code new Random(seed)} would) without its atomic seed update, which
 * made drawing a step's dropout masks (about 20 million floats for 32 MNRL pairs of all-MiniLM-L6-v2) twice
 * as slow. For one thread at a time.
 */
final class DropoutRandom extends Random {

    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long ADDEND = 0xBL;
    private static final long MASK = (1L << 48) - 1;

    /** Set by {@link #setSeed}, which Random's constructor calls. */
    private long state;

    DropoutRandom(long seed) {
        super(seed);
    }

    @Override
    public void setSeed(long seed) {
        state = (seed ^ MULTIPLIER) & MASK;
        super.setSeed(seed); // resets nextGaussian's cached value
    }

    @Override
    protected int next(int bits) {
        state = (state * MULTIPLIER + ADDEND) & MASK;
        return (int) (state >>> (48 - bits));
    }
}
