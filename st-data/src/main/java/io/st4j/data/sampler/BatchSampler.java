package io.st4j.data.sampler;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Draws the batches of one epoch as arrays of row indices of a dataset. The batches depend only on the
 * sampler's seed and the epoch, so a run resumed at a step sees the same batches as one that never stopped.
 */
public interface BatchSampler {

    /** The number of batches per epoch; for samplers that may skip rows, an upper bound (Python's {@code len}). */
    int numBatches();

    /** The batch size. */
    int batchSize();

    /** The batches of {@code epoch}, starting after the first {@code fromStep} batches. */
    Iterator<int[]> batches(int epoch, long fromStep);

    /** The batches of {@code epoch}. */
    default Iterator<int[]> batches(int epoch) {
        return batches(epoch, 0);
    }

    /** All batches of {@code epoch}, as a list. */
    default List<int[]> epoch(int epoch) {
        List<int[]> out = new ArrayList<>();
        batches(epoch).forEachRemaining(out::add);
        return out;
    }

    /** Advances {@code batches} past {@code steps} batches (fewer if it ends first) and returns it. */
    static <T> Iterator<T> skip(Iterator<T> batches, long steps) {
        for (long i = 0; i < steps && batches.hasNext(); i++) {
            batches.next();
        }
        return batches;
    }
}
