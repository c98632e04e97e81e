package io.st4j.data.sampler;

import io.st4j.data.Permutations;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * {@code PROPORTIONAL} (the default): every batch of every dataset is used once per epoch, datasets
 * chosen in a random order in which each dataset appears as many times as it has batches, so larger
 * datasets are sampled more often. As sentence-transformers: the order is a random permutation of the
 * dataset indices repeated by their batch counts; a turn whose dataset has no batch left (a sampler that
 * skipped rows) is passed over.
 */
public final class ProportionalBatchSampler implements MultiDatasetBatchSampler {

    private final List<String> names;
    private final List<BatchSampler> samplers;
    private final long seed;

    /** Proportional sampling over the samplers, by dataset name; the order of turns is drawn from {@code seed}. */
    public ProportionalBatchSampler(Map<String, BatchSampler> samplers, long seed) {
        if (samplers.isEmpty()) {
            throw new IllegalArgumentException("no dataset to sample from");
        }
        Map<String, BatchSampler> copy = new LinkedHashMap<>(samplers);
        this.names = List.copyOf(copy.keySet());
        this.samplers = List.copyOf(copy.values());
        this.seed = seed;
    }

    @Override
    public int numBatches() {
        return samplers.stream().mapToInt(BatchSampler::numBatches).sum();
    }

    @Override
    public Iterator<DatasetBatch> batches(int epoch, long fromStep) {
        int[] turns = new int[numBatches()];
        int at = 0;
        for (int dataset = 0; dataset < samplers.size(); dataset++) {
            for (int i = 0; i < samplers.get(dataset).numBatches(); i++) {
                turns[at++] = dataset;
            }
        }
        int[] order = Permutations.random(turns.length, EpochRandom.of(seed, epoch));
        List<Iterator<int[]>> iterators = new ArrayList<>();
        for (BatchSampler sampler : samplers) {
            iterators.add(sampler.batches(epoch));
        }
        Iterator<DatasetBatch> batches = new Iterator<>() {
            private int position;

            @Override
            public boolean hasNext() {
                while (position < order.length && !iterators.get(turns[order[position]]).hasNext()) {
                    position++;
                }
                return position < order.length;
            }

            @Override
            public DatasetBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int dataset = turns[order[position++]];
                return new DatasetBatch(names.get(dataset), iterators.get(dataset).next());
            }
        };
        return BatchSampler.skip(batches, fromStep);
    }
}
