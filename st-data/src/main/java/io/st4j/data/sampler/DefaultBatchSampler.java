package io.st4j.data.sampler;

import io.st4j.data.Permutations;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** {@code BATCH_SAMPLER}: all rows in a random order per epoch, cut into batches; the last one is dropped if short and {@code dropLast}. */
public final class DefaultBatchSampler implements BatchSampler {

    private final int numRows;
    private final int batchSize;
    private final boolean dropLast;
    private final long seed;

    /**
     * @param numRows   rows of the dataset
     * @param batchSize rows per batch
     * @param dropLast  whether to drop the last batch when it is short
     * @param seed      seed; epoch {@code e} shuffles with {@code seed + e}
     */
    public DefaultBatchSampler(int numRows, int batchSize, boolean dropLast, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.numRows = numRows;
        this.batchSize = batchSize;
        this.dropLast = dropLast;
        this.seed = seed;
    }

    @Override
    public int numBatches() {
        return dropLast ? numRows / batchSize : (numRows + batchSize - 1) / batchSize;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public Iterator<int[]> batches(int epoch, long fromStep) {
        int[] order = Permutations.random(numRows, EpochRandom.of(seed, epoch));
        int batches = numBatches();
        return new Iterator<>() {
            private long step = Math.min(fromStep, batches);

            @Override
            public boolean hasNext() {
                return step < batches;
            }

            @Override
            public int[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int from = (int) (step++ * batchSize);
                return Arrays.copyOfRange(order, from, Math.min(from + batchSize, numRows));
            }
        };
    }
}
