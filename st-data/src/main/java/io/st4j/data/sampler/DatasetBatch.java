package io.st4j.data.sampler;

/**
 * A batch drawn from one of several datasets.
 *
 * @param dataset the name of the dataset the rows belong to
 * @param rows    row indices within that dataset
 */
public record DatasetBatch(String dataset, int[] rows) {
}
