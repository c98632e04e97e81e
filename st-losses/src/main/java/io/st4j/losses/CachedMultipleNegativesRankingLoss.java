package io.st4j.losses;

import io.st4j.core.train.CachedLoss;
import java.util.Map;
import java.util.OptionalInt;

/**
 * MultipleNegativesRankingLoss computed with GradCache (see {@link CachedLoss}): the same value and
 * gradients at any batch size, with memory bounded by the mini-batch.
 */
public class CachedMultipleNegativesRankingLoss extends MultipleNegativesRankingLoss implements CachedLoss {

    private final int miniBatchSize;

    /** The MNRL defaults with mini-batches of 32. */
    public CachedMultipleNegativesRankingLoss() {
        this(builder(), 32);
    }

    /** The given MNRL options (directions, hardness, ...) with the given mini-batch size. */
    public CachedMultipleNegativesRankingLoss(MultipleNegativesRankingLoss.Builder options, int miniBatchSize) {
        super(options);
        if (miniBatchSize < 1) {
            throw new IllegalArgumentException("mini_batch_size must be positive, got " + miniBatchSize);
        }
        this.miniBatchSize = miniBatchSize;
    }

    @Override
    public OptionalInt miniBatchSize() {
        return OptionalInt.of(miniBatchSize);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = super.config();
        config.put("mini_batch_size", miniBatchSize);
        config.put("mini_batch_num_tokens", null);
        return config;
    }

    @Override
    public String citation() {
        return Citations.GRAD_CACHE;
    }
}
