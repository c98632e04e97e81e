package io.st4j.data;

import java.util.List;

/** A column of 64-bit floating point numbers. */
public final class FloatColumn implements Column {

    private final double[] values;

    /** Wraps {@code values} (not copied: the caller gives up the array). */
    public FloatColumn(double[] values) {
        this.values = values;
    }

    @Override
    public ColumnType type() {
        return ColumnType.FLOAT;
    }

    @Override
    public int size() {
        return values.length;
    }

    /** The value at {@code row}. */
    public double getDouble(int row) {
        return values[row];
    }

    @Override
    public Double get(int row) {
        return values[row];
    }

    @Override
    public String valueString(int row) {
        return PythonRepr.ofDouble(values[row]);
    }

    @Override
    public FloatColumn select(int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return new FloatColumn(out);
    }

    static FloatColumn concat(List<FloatColumn> parts) {
        double[] out = new double[parts.stream().mapToInt(FloatColumn::size).sum()];
        int at = 0;
        for (FloatColumn part : parts) {
            System.arraycopy(part.values, 0, out, at, part.values.length);
            at += part.values.length;
        }
        return new FloatColumn(out);
    }
}
