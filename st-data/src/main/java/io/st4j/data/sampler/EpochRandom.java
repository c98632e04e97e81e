package io.st4j.data.sampler;

import java.util.SplittableRandom;

/** The random generator of one epoch: seeded with {@code seed + epoch}, as sentence-transformers reseeds. */
final class EpochRandom {

    private EpochRandom() {
    }

    static SplittableRandom of(long seed, int epoch) {
        return new SplittableRandom(seed + epoch);
    }
}
