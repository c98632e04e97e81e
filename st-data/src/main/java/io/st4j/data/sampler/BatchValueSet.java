package io.st4j.data.sampler;

/**
 * The values already in the batch being built, as an open-addressing hash table keyed by 64-bit
 * hashes. In exact mode a hash match is confirmed by comparing the values themselves; in hashed mode
 * equal hashes count as equal values (as sentence-transformers' precomputed-hash variant).
 */
final class BatchValueSet {

    private final RowValues values;
    private final boolean exact;
    private final long[] hashes;
    private final int[] columns;
    private final int[] rows;
    private final boolean[] used;
    private final int[] usedSlots;
    private final int mask;
    private int size;

    BatchValueSet(RowValues values, boolean exact, int maxEntries) {
        this.values = values;
        this.exact = exact;
        int capacity = Integer.highestOneBit(Math.max(4, maxEntries) * 4 - 1) << 1;
        this.hashes = new long[capacity];
        this.columns = new int[capacity];
        this.rows = new int[capacity];
        this.used = new boolean[capacity];
        this.usedSlots = new int[capacity];
        this.mask = capacity - 1;
    }

    /** Whether a value equal to ({@code column}, {@code row}) with hash {@code hash} is in the set. */
    boolean contains(long hash, int column, int row) {
        for (int slot = slot(hash); used[slot]; slot = (slot + 1) & mask) {
            if (hashes[slot] == hash && (!exact || values.equal(columns[slot], rows[slot], column, row))) {
                return true;
            }
        }
        return false;
    }

    /** Adds the value ({@code column}, {@code row}) with hash {@code hash}, unless an equal one is there. */
    void add(long hash, int column, int row) {
        if (contains(hash, column, row)) {
            return;
        }
        if (size * 2 >= hashes.length) {
            throw new IllegalStateException("batch value set is full");
        }
        int slot = slot(hash);
        while (used[slot]) {
            slot = (slot + 1) & mask;
        }
        used[slot] = true;
        hashes[slot] = hash;
        columns[slot] = column;
        rows[slot] = row;
        usedSlots[size++] = slot;
    }

    void clear() {
        for (int i = 0; i < size; i++) {
            used[usedSlots[i]] = false;
        }
        size = 0;
    }

    private int slot(long hash) {
        long mixed = hash * 0x9E3779B97F4A7C15L;
        return (int) (mixed >>> 40) & mask;
    }
}
