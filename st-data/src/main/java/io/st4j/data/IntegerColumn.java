package io.st4j.data;

import java.util.List;

/** A column of 64-bit integers. */
public final class IntegerColumn implements Column {

    private final long[] values;

    /** Wraps {@code values} (not copied: the caller gives up the array). */
    public IntegerColumn(long[] values) {
        this.values = values;
    }

    @Override
    public ColumnType type() {
        return ColumnType.INTEGER;
    }

    @Override
    public int size() {
        return values.length;
    }

    /** The value at {@code row}. */
    public long getLong(int row) {
        return values[row];
    }

    @Override
    public Long get(int row) {
        return values[row];
    }

    @Override
    public String valueString(int row) {
        return Long.toString(values[row]);
    }

    @Override
    public IntegerColumn select(int[] rows) {
        long[] out = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return new IntegerColumn(out);
    }

    /** The same values as floats. */
    public FloatColumn toFloat() {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return new FloatColumn(out);
    }

    static IntegerColumn concat(List<IntegerColumn> parts) {
        long[] out = new long[parts.stream().mapToInt(IntegerColumn::size).sum()];
        int at = 0;
        for (IntegerColumn part : parts) {
            System.arraycopy(part.values, 0, out, at, part.values.length);
            at += part.values.length;
        }
        return new IntegerColumn(out);
    }
}
