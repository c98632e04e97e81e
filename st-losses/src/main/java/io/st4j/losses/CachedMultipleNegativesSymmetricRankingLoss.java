package io.st4j.losses;

import io.st4j.core.SimilarityFunction;
import io.st4j.core.train.CachedLoss;
import java.util.Map;
import java.util.OptionalInt;

/** MultipleNegativesSymmetricRankingLoss computed with GradCache (see {@link CachedLoss}). */
public class CachedMultipleNegativesSymmetricRankingLoss extends MultipleNegativesSymmetricRankingLoss implements CachedLoss {

    private final int miniBatchSize;

    /** Scale 20, cosine similarity, mini-batches of 32. */
    public CachedMultipleNegativesSymmetricRankingLoss() {
        this(20.0, SimilarityFunction.COSINE, 32);
    }

    public CachedMultipleNegativesSymmetricRankingLoss(double scale, SimilarityFunction similarity, int miniBatchSize) {
        super(scale, similarity);
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
        return config;
    }

    @Override
    public String citation() {
        return Citations.GRAD_CACHE;
    }
}
