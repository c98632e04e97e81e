package io.st4j.data.sampler;

import io.st4j.data.Dataset;

/** The batch samplers of sentence-transformers' {@code BatchSamplers}, by the same names. */
public enum BatchSamplers {
    /** Shuffled rows cut into batches ({@link DefaultBatchSampler}); the default. */
    BATCH_SAMPLER,
    /** No value repeated within a batch, compared exactly ({@link NoDuplicatesBatchSampler}). */
    NO_DUPLICATES,
    /** No value repeated within a batch, compared by precomputed 64-bit hashes ({@link NoDuplicatesBatchSampler}). */
    NO_DUPLICATES_HASHED,
    /** At least two labels with at least two rows each per batch ({@link GroupByLabelBatchSampler}). */
    GROUP_BY_LABEL;

    /** This kind of sampler over {@code dataset}. */
    public BatchSampler create(Dataset dataset, int batchSize, boolean dropLast, long seed) {
        return switch (this) {
            case BATCH_SAMPLER -> new DefaultBatchSampler(dataset.numRows(), batchSize, dropLast, seed);
            case NO_DUPLICATES -> new NoDuplicatesBatchSampler(dataset, batchSize, dropLast, seed, false);
            case NO_DUPLICATES_HASHED -> new NoDuplicatesBatchSampler(dataset, batchSize, dropLast, seed, true);
            case GROUP_BY_LABEL -> new GroupByLabelBatchSampler(dataset, batchSize, dropLast, seed);
        };
    }
}
