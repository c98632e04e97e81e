package io.st4j.data;

import java.util.LinkedHashMap;
import java.util.Map;

/** A read-only view of one row of a {@link Dataset}. */
public final class Row {

    private final Dataset dataset;
    private final int index;

    Row(Dataset dataset, int index) {
        this.dataset = dataset;
        this.index = index;
    }

    /** This row's position in its dataset. */
    public int index() {
        return index;
    }

    /** The value of a column, as {@link Column#get(int)} gives it. */
    public Object get(String column) {
        return dataset.column(column).get(index);
    }

    /** The text in a TEXT column. */
    public String text(String column) {
        return dataset.column(column, TextColumn.class).get(index);
    }

    /** The value in an INTEGER column. */
    public long integer(String column) {
        return dataset.column(column, IntegerColumn.class).getLong(index);
    }

    /** The value in a FLOAT column (an INTEGER column's value is widened). */
    public double real(String column) {
        Column values = dataset.column(column);
        if (values instanceof IntegerColumn ints) {
            return ints.getLong(index);
        }
        return dataset.column(column, FloatColumn.class).getDouble(index);
    }

    /** The vector in a FLOAT_VECTOR column (a copy). */
    public float[] vector(String column) {
        return dataset.column(column, FloatVectorColumn.class).get(index);
    }

    /** All values by column name, in column order. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : dataset.columnNames()) {
            out.put(name, get(name));
        }
        return out;
    }

    @Override
    public String toString() {
        return toMap().toString();
    }
}
