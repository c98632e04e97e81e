package io.st4j.data.load;

import io.st4j.data.Column;
import io.st4j.data.ColumnType;
import io.st4j.data.FloatColumn;
import io.st4j.data.FloatVectorColumn;
import io.st4j.data.IntegerColumn;
import io.st4j.data.TextColumn;
import java.util.Arrays;

/**
 * Collects one column's JSON values straight into compact storage; the first value fixes the type
 * (strings TEXT, integers INTEGER, other numbers FLOAT, arrays FLOAT_VECTOR), except that integers and
 * floats together make FLOAT.
 */
final class JsonValuesAccumulator {

    private final String name;
    private ColumnType type;
    private TextColumn.Builder texts;
    private long[] integers;
    private double[] floats;
    private float[] vectorData;
    private int[] vectorOffsets;
    private int vectorValues;
    private int rows;

    JsonValuesAccumulator(String name) {
        this.name = name;
    }

    /** Adds a String, Long, Double or float[]; throws a {@link DatasetLoadException} if it does not fit the column. */
    void add(Object value) {
        ColumnType valueType = value instanceof String ? ColumnType.TEXT
                : value instanceof Long ? ColumnType.INTEGER
                : value instanceof Double ? ColumnType.FLOAT : ColumnType.FLOAT_VECTOR;
        if (type == null) {
            start(valueType);
        } else if (type == ColumnType.INTEGER && valueType == ColumnType.FLOAT) {
            floats = new double[integers.length];
            for (int i = 0; i < rows; i++) {
                floats[i] = integers[i];
            }
            integers = null;
            type = ColumnType.FLOAT;
        } else if (type != valueType && !(type == ColumnType.FLOAT && valueType == ColumnType.INTEGER)) {
            throw new DatasetLoadException("column '" + name + "' holds " + type + " values but here "
                    + valueType + " " + (value instanceof float[] v ? Arrays.toString(v) : value));
        }
        grow();
        switch (type) {
            case TEXT -> texts.add((String) value);
            case INTEGER -> integers[rows] = (Long) value;
            case FLOAT -> floats[rows] = ((Number) value).doubleValue();
            case FLOAT_VECTOR -> addVector((float[]) value);
        }
        rows++;
    }

    private void start(ColumnType first) {
        type = first;
        switch (first) {
            case TEXT -> texts = TextColumn.builder();
            case INTEGER -> integers = new long[1024];
            case FLOAT -> floats = new double[1024];
            case FLOAT_VECTOR -> {
                vectorData = new float[1024];
                vectorOffsets = new int[1024];
            }
        }
    }

    private void grow() {
        if (integers != null && rows == integers.length) {
            integers = Arrays.copyOf(integers, rows * 2);
        }
        if (floats != null && rows == floats.length) {
            floats = Arrays.copyOf(floats, rows * 2);
        }
        if (vectorOffsets != null && rows + 1 >= vectorOffsets.length) {
            vectorOffsets = Arrays.copyOf(vectorOffsets, vectorOffsets.length * 2);
        }
    }

    private void addVector(float[] vector) {
        if (vectorValues + vector.length > vectorData.length) {
            vectorData = Arrays.copyOf(vectorData, Math.max(vectorData.length * 2, vectorValues + vector.length));
        }
        System.arraycopy(vector, 0, vectorData, vectorValues, vector.length);
        vectorOffsets[rows] = vectorValues;
        vectorValues += vector.length;
    }

    Column build() {
        return switch (type) {
            case TEXT -> texts.build();
            case INTEGER -> new IntegerColumn(Arrays.copyOf(integers, rows));
            case FLOAT -> new FloatColumn(Arrays.copyOf(floats, rows));
            case FLOAT_VECTOR -> {
                int[] offsets = Arrays.copyOf(vectorOffsets, rows + 1);
                offsets[rows] = vectorValues;
                yield new FloatVectorColumn(Arrays.copyOf(vectorData, vectorValues), offsets);
            }
        };
    }
}
