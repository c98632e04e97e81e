package io.st4j.data.sampler;

import io.st4j.data.Column;
import io.st4j.data.ColumnRoles;
import io.st4j.data.Dataset;
import io.st4j.data.Permutations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * {@code NO_DUPLICATES}: batches in which no value occurs twice, across all columns except the label
 * columns ({@link ColumnRoles#LABEL_COLUMN_NAMES}) and {@code dataset_name}, for losses that use the
 * other rows of a batch as negatives. As sentence-transformers: rows are visited in a random order per
 * epoch; a row that repeats a value already in the batch is deferred to a later batch, keeping its
 * place; when the remaining rows cannot fill a batch, it is emitted short (or dropped with
 * {@code dropLast}) and the next batch starts again from the first remaining row.
 *
 * <p>The hashed variant ({@code NO_DUPLICATES_HASHED}) precomputes one xxHash64 per value (8 bytes per
 * value of memory) and treats equal hashes as equal values; the exact variant compares the values.
 */
public final class NoDuplicatesBatchSampler implements BatchSampler {

    private final int numRows;
    private final RowValues values;
    private final int batchSize;
    private final boolean dropLast;
    private final long seed;
    private final boolean hashed;
    private long[] precomputedHashes;

    /**
     * @param dataset   the rows to batch
     * @param batchSize rows per batch
     * @param dropLast  whether to drop batches that could not be filled
     * @param seed      seed; epoch {@code e} shuffles with {@code seed + e}
     * @param hashed    compare precomputed 64-bit hashes instead of the values
     */
    public NoDuplicatesBatchSampler(Dataset dataset, int batchSize, boolean dropLast, long seed, boolean hashed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        List<Column> compared = new ArrayList<>();
        for (String name : dataset.columnNames()) {
            if (!ColumnRoles.LABEL_COLUMN_NAMES.contains(name) && !name.equals("dataset_name")) {
                compared.add(dataset.column(name));
            }
        }
        this.numRows = dataset.numRows();
        this.values = new RowValues(compared);
        this.batchSize = batchSize;
        this.dropLast = dropLast;
        this.seed = seed;
        this.hashed = hashed;
    }

    @Override
    public int numBatches() {
        return dropLast ? numRows / batchSize : (numRows + batchSize - 1) / batchSize;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    private synchronized long[] precomputedHashes() {
        if (precomputedHashes == null) {
            int width = values.width();
            long[] out = new long[Math.multiplyExact(numRows, width)];
            for (int row = 0; row < numRows; row++) {
                for (int column = 0; column < width; column++) {
                    out[row * width + column] = values.hash(column, row);
                }
            }
            precomputedHashes = out;
        }
        return precomputedHashes;
    }

    @Override
    public Iterator<int[]> batches(int epoch, long fromStep) {
        return BatchSampler.skip(new Batches(epoch), fromStep);
    }

    /** The batches of one epoch, built lazily. */
    private final class Batches implements Iterator<int[]> {

        private final int[] order;
        private final int[] nextPosition;
        private final long[] hashes = hashed ? precomputedHashes() : null;
        private final BatchValueSet batchValues;
        private final long[] rowHashes = new long[values.width()];
        private int head;
        private int[] pending;

        Batches(int epoch) {
            order = Permutations.random(numRows, EpochRandom.of(seed, epoch));
            nextPosition = new int[numRows];
            for (int i = 0; i < numRows; i++) {
                nextPosition[i] = i + 1 < numRows ? i + 1 : -1;
            }
            head = numRows == 0 ? -1 : 0;
            batchValues = new BatchValueSet(values, !hashed, batchSize * Math.max(1, values.width()));
        }

        @Override
        public boolean hasNext() {
            while (pending == null && head != -1) {
                pending = buildBatch();
            }
            return pending != null;
        }

        @Override
        public int[] next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int[] out = pending;
            pending = null;
            return out;
        }

        /** The next batch, or null when a short batch is dropped. */
        private int[] buildBatch() {
            batchValues.clear();
            int[] batch = new int[batchSize];
            int size = 0;
            int previous = -1;
            int current = head;
            while (current != -1) {
                int following = nextPosition[current];
                int row = order[current];
                if (overlaps(row)) {
                    previous = current;
                    current = following;
                    continue;
                }
                batch[size++] = row;
                if (previous == -1) {
                    head = following;
                } else {
                    nextPosition[previous] = following;
                }
                if (size == batchSize) {
                    return batch;
                }
                addValues(row);
                current = following;
            }
            return dropLast ? null : Arrays.copyOf(batch, size);
        }

        private boolean overlaps(int row) {
            int width = rowHashes.length;
            for (int column = 0; column < width; column++) {
                long hash = hashes != null ? hashes[row * width + column] : values.hash(column, row);
                rowHashes[column] = hash;
                if (batchValues.contains(hash, column, row)) {
                    return true;
                }
            }
            return false;
        }

        /** Adds the values of {@code row}, whose hashes {@link #overlaps} just left in {@code rowHashes}. */
        private void addValues(int row) {
            for (int column = 0; column < rowHashes.length; column++) {
                batchValues.add(rowHashes[column], column, row);
            }
        }
    }
}
