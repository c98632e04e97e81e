package io.st4j.data.sampler;

import io.st4j.data.Column;
import io.st4j.data.ColumnRoles;
import io.st4j.data.Dataset;
import io.st4j.data.Permutations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code GROUP_BY_LABEL}: batches for in-batch triplet mining, each holding at least two labels with at
 * least two rows each. As sentence-transformers: labels with fewer than two rows are left out and every
 * label keeps an even number of rows (its first ones); each epoch shuffles the rows within each label,
 * then labels take turns, in an order reshuffled every round, to emit two rows each, until fewer than
 * two labels have rows left; the stream is cut into batches, and a short last batch is kept (unless
 * {@code dropLast}) when it has at least four rows.
 *
 * <p>One addition: a round never starts with the label that ended the previous round, so that two
 * consecutive pairs always differ in label; without it a batch of four could hold one label only.
 */
public final class GroupByLabelBatchSampler implements BatchSampler {

    private final int batchSize;
    private final boolean dropLast;
    private final long seed;
    private final List<int[]> groups;
    private final int streamLength;

    /**
     * @param dataset   the rows to batch; its label column is found as {@link ColumnRoles} does
     * @param batchSize rows per batch, even and at least 4
     * @param dropLast  whether to drop the short last batch
     * @param seed      seed; epoch {@code e} shuffles with {@code seed + e}
     */
    public GroupByLabelBatchSampler(Dataset dataset, int batchSize, boolean dropLast, long seed) {
        if (batchSize < 4 || batchSize % 2 == 1) {
            throw new IllegalArgumentException("GROUP_BY_LABEL needs an even batch size >= 4, got " + batchSize);
        }
        this.batchSize = batchSize;
        this.dropLast = dropLast;
        this.seed = seed;
        String labelName = ColumnRoles.of(dataset).label().orElseThrow(() -> new IllegalArgumentException(
                "GROUP_BY_LABEL needs a label column named one of " + ColumnRoles.LABEL_COLUMN_NAMES
                        + " but the dataset has only " + dataset.columnNames()));
        Column labels = dataset.column(labelName);
        Map<String, List<Integer>> byLabel = new LinkedHashMap<>();
        for (int row = 0; row < dataset.numRows(); row++) {
            byLabel.computeIfAbsent(labels.valueString(row), k -> new ArrayList<>()).add(row);
        }
        this.groups = new ArrayList<>();
        for (List<Integer> rows : byLabel.values()) {
            if (rows.size() >= 2) {
                groups.add(rows.subList(0, rows.size() / 2 * 2).stream().mapToInt(Integer::intValue).toArray());
            }
        }
        if (groups.size() < 2) {
            throw new IllegalArgumentException("GROUP_BY_LABEL needs at least 2 labels with at least 2 rows each in"
                    + " column '" + labelName + "', but only " + groups.size() + " qualified");
        }
        int[] pairs = groups.stream().mapToInt(g -> g.length / 2).sorted().toArray();
        int cap = pairs[pairs.length - 2];
        this.streamLength = 2 * Arrays.stream(pairs).map(p -> Math.min(p, cap)).sum();
    }

    @Override
    public int numBatches() {
        int batches = streamLength / batchSize;
        return !dropLast && streamLength % batchSize >= 4 ? batches + 1 : batches;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public Iterator<int[]> batches(int epoch, long fromStep) {
        return BatchSampler.skip(epochBatches(epoch).iterator(), fromStep);
    }

    private List<int[]> epochBatches(int epoch) {
        SplittableRandom random = EpochRandom.of(seed, epoch);
        List<int[]> queues = new ArrayList<>();
        for (int[] group : groups) {
            int[] order = Permutations.random(group.length, random);
            int[] queue = new int[group.length];
            for (int i = 0; i < queue.length; i++) {
                queue[i] = group[order[i]];
            }
            queues.add(queue);
        }
        int[] taken = new int[queues.size()];
        List<Integer> remaining = new ArrayList<>();
        for (int i = 0; i < queues.size(); i++) {
            remaining.add(i);
        }
        List<int[]> batches = new ArrayList<>();
        int[] batch = new int[batchSize];
        int size = 0;
        int lastLabel = -1;
        while (remaining.size() >= 2) {
            int[] order = Permutations.random(remaining.size(), random);
            List<Integer> round = new ArrayList<>();
            for (int i : order) {
                round.add(remaining.get(i));
            }
            if (round.get(0) == lastLabel) {
                round.set(0, round.get(round.size() - 1));
                round.set(round.size() - 1, lastLabel);
            }
            for (int label : round) {
                batch[size++] = queues.get(label)[taken[label]++];
                batch[size++] = queues.get(label)[taken[label]++];
                if (size == batchSize) {
                    batches.add(batch);
                    batch = new int[batchSize];
                    size = 0;
                }
            }
            lastLabel = round.get(round.size() - 1);
            remaining.removeIf(label -> taken[label] == queues.get(label).length);
        }
        if (!dropLast && size >= 4) {
            batches.add(Arrays.copyOf(batch, size));
        }
        return batches;
    }
}
