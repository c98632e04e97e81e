package io.st4j.data.sampler;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * {@code ROUND_ROBIN}: one batch from each dataset in turn, in the given order, stopping as soon as one
 * dataset has no batch left, so every dataset is sampled equally and larger ones are not used up.
 */
public final class RoundRobinBatchSampler implements MultiDatasetBatchSampler {

    private final List<String> names;
    private final List<BatchSampler> samplers;

    /** Round robin over the samplers, by dataset name, in map order. */
    public RoundRobinBatchSampler(Map<String, BatchSampler> samplers) {
        if (samplers.isEmpty()) {
            throw new IllegalArgumentException("no dataset to sample from");
        }
        Map<String, BatchSampler> copy = new LinkedHashMap<>(samplers);
        this.names = List.copyOf(copy.keySet());
        this.samplers = List.copyOf(copy.values());
    }

    @Override
    public int numBatches() {
        return samplers.stream().mapToInt(BatchSampler::numBatches).min().orElseThrow() * samplers.size();
    }

    @Override
    public Iterator<DatasetBatch> batches(int epoch, long fromStep) {
        List<Iterator<int[]>> iterators = new ArrayList<>();
        for (BatchSampler sampler : samplers) {
            iterators.add(sampler.batches(epoch));
        }
        Iterator<DatasetBatch> batches = new Iterator<>() {
            private int turn;
            private boolean stopped;

            @Override
            public boolean hasNext() {
                stopped = stopped || !iterators.get(turn).hasNext();
                return !stopped;
            }

            @Override
            public DatasetBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                DatasetBatch batch = new DatasetBatch(names.get(turn), iterators.get(turn).next());
                turn = (turn + 1) % iterators.size();
                return batch;
            }
        };
        return BatchSampler.skip(batches, fromStep);
    }
}
