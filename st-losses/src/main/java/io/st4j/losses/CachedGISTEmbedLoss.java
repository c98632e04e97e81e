package io.st4j.losses;

import io.st4j.core.train.CachedLoss;
import io.st4j.data.ColumnRequirements;
import io.st4j.data.LabelType;
import java.util.Map;
import java.util.OptionalInt;

/** GISTEmbedLoss computed with GradCache (see {@link CachedLoss}); accepts any number of negative columns. */
public class CachedGISTEmbedLoss extends GISTEmbedLoss implements CachedLoss {

    private final int miniBatchSize;

    /** The GIST defaults with mini-batches of 32. */
    public CachedGISTEmbedLoss(String guide) {
        this(guide, 0.01, MarginStrategy.ABSOLUTE, 0.0, true, true, 32);
    }

    public CachedGISTEmbedLoss(String guide, double temperature, MarginStrategy marginStrategy, double margin,
            boolean contrastAnchors, boolean contrastPositives, int miniBatchSize) {
        super(guide, temperature, marginStrategy, margin, contrastAnchors, contrastPositives);
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
    public ColumnRequirements requirements() {
        return ColumnRequirements.atLeast(2, LabelType.NONE);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = super.config();
        config.put("mini_batch_size", miniBatchSize);
        return config;
    }
}
