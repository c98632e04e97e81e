package io.st4j.data.sampler;

import io.st4j.data.DatasetDict;
import java.util.LinkedHashMap;
import java.util.Map;

/** The multi-dataset samplers of sentence-transformers' {@code MultiDatasetBatchSamplers}. */
public enum MultiDatasetBatchSamplers {
    /** One batch per dataset in turn until one runs out ({@link RoundRobinBatchSampler}). */
    ROUND_ROBIN,
    /** Every batch of every dataset once, datasets chosen in proportion to their size ({@link ProportionalBatchSampler}); the default. */
    PROPORTIONAL;

    /** This kind over already built per-dataset samplers, by dataset name in map order. */
    public MultiDatasetBatchSampler create(Map<String, BatchSampler> samplers, long seed) {
        return switch (this) {
            case ROUND_ROBIN -> new RoundRobinBatchSampler(samplers);
            case PROPORTIONAL -> new ProportionalBatchSampler(samplers, seed);
        };
    }

    /** This kind over the datasets of {@code datasets}, each sampled by a {@code kind} sampler with the same seed. */
    public MultiDatasetBatchSampler create(DatasetDict datasets, BatchSamplers kind, int batchSize, boolean dropLast,
                                           long seed) {
        Map<String, BatchSampler> samplers = new LinkedHashMap<>();
        datasets.asMap().forEach((name, dataset) -> samplers.put(name, kind.create(dataset, batchSize, dropLast, seed)));
        return create(samplers, seed);
    }
}
