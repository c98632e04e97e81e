package io.st4j.data.load;

import io.st4j.data.Column;
import io.st4j.data.ColumnType;
import io.st4j.data.FloatColumn;
import io.st4j.data.IntegerColumn;
import io.st4j.data.TextColumn;
import java.util.Arrays;

/**
 * Collects one column's values read as text (from CSV/TSV) and decides its type at the end, as pandas
 * does: INTEGER if every value is an integer, FLOAT if every value is a number, TEXT otherwise; or the
 * type the user asked for, checked on every value.
 */
final class TextValuesAccumulator {

    private final String name;
    private final ColumnType requested;
    private final TextColumn.Builder texts;
    private long[] integers = new long[1024];
    private double[] floats = new double[1024];
    private boolean allIntegers = true;
    private boolean allNumbers = true;
    private int rows;

    TextValuesAccumulator(String name, ColumnType requested) {
        if (requested == ColumnType.FLOAT_VECTOR) {
            throw new IllegalArgumentException("column '" + name + "': text files cannot hold FLOAT_VECTOR columns");
        }
        this.name = name;
        this.requested = requested;
        this.texts = requested == null || requested == ColumnType.TEXT ? TextColumn.builder() : null;
    }

    /** Adds a value; throws a {@link DatasetLoadException} (to be prefixed with the place) if it does not fit. */
    void add(String value) {
        if (floats != null && rows == floats.length) {
            integers = allIntegers ? Arrays.copyOf(integers, rows * 2) : integers;
            floats = Arrays.copyOf(floats, rows * 2);
        }
        if (texts != null) {
            texts.add(value);
        }
        if (requested == ColumnType.TEXT) {
            rows++;
            return;
        }
        if (allIntegers) {
            allIntegers = parseInteger(value, rows);
            if (!allIntegers && requested == ColumnType.INTEGER) {
                throw new DatasetLoadException("column '" + name + "' is INTEGER but holds '" + value + "'");
            }
        }
        if (allNumbers && !allIntegers) {
            allNumbers = parseFloat(value, rows);
            if (!allNumbers && requested == ColumnType.FLOAT) {
                throw new DatasetLoadException("column '" + name + "' is FLOAT but holds '" + value
                        + "', which is not a number");
            }
        }
        if (!allNumbers && requested == null) {
            integers = null;
            floats = null;
        }
        rows++;
    }

    private boolean parseInteger(String value, int row) {
        int length = value.length();
        if (length == 0 || length > 18) {
            return false;
        }
        int start = value.charAt(0) == '-' || value.charAt(0) == '+' ? 1 : 0;
        if (start == length) {
            return false;
        }
        long result = 0;
        for (int i = start; i < length; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            result = result * 10 + (c - '0');
        }
        integers[row] = start == 1 && value.charAt(0) == '-' ? -result : result;
        floats[row] = integers[row];
        return true;
    }

    private boolean parseFloat(String value, int row) {
        if (value.isEmpty() || !looksNumeric(value)) {
            return false;
        }
        try {
            floats[row] = Double.parseDouble(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean looksNumeric(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return false;
            }
        }
        return true;
    }

    /** The finished column. */
    Column build() {
        if (requested == ColumnType.TEXT || (requested == null && (!allNumbers || rows == 0))) {
            return texts.build();
        }
        if ((requested == null && allIntegers) || requested == ColumnType.INTEGER) {
            return new IntegerColumn(Arrays.copyOf(integers, rows));
        }
        return new FloatColumn(Arrays.copyOf(floats, rows));
    }
}
