package io.st4j.spark;

import java.io.Serializable;
import java.util.List;

/**
 * One worker's share of a global batch: its rows' texts, column by column, and the seed of their dropout
 * masks; in the backward pass also d loss / d embedding of each of its rows, column by column.
 */
record Shard(int index, List<List<String>> columns, long seed, float[][][] upstream) implements Serializable {

    Shard withUpstream(float[][][] gradients) {
        return new Shard(index, columns, seed, gradients);
    }
}
