package io.st4j.data.sampler;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Draws the batches of one epoch from several datasets, each batch from one dataset. */
public interface MultiDatasetBatchSampler {

    /** The number of batches per epoch (an upper bound when a dataset's sampler may skip rows). */
    int numBatches();

    /** The batches of {@code epoch}, starting after the first {@code fromStep} batches. */
    Iterator<DatasetBatch> batches(int epoch, long fromStep);

    /** All batches of {@code epoch}, as a list. */
    default List<DatasetBatch> epoch(int epoch) {
        List<DatasetBatch> out = new ArrayList<>();
        batches(epoch, 0).forEachRemaining(out::add);
        return out;
    }
}
