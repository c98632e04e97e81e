package io.st4j.data;

import java.util.List;

/** One typed, immutable column of a {@link Dataset}. */
public sealed interface Column permits TextColumn, IntegerColumn, FloatColumn, FloatVectorColumn {

    /** The type of this column's values. */
    ColumnType type();

    /** Number of rows. */
    int size();

    /**
     * The value at {@code row} as a Java object: {@code String}, {@code Long}, {@code Double} or
     * {@code float[]} (a copy).
     */
    Object get(int row);

    /** A new column holding the rows at {@code rows}, in that order (rows may repeat). */
    Column select(int[] rows);

    /** The value at {@code row} as Python's {@code str()} would print it (the key that duplicate checks compare). */
    String valueString(int row);

    /** Concatenates columns of one type, promoting INTEGER to FLOAT when both occur. */
    static Column concat(List<Column> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        ColumnType type = parts.get(0).type();
        for (Column part : parts) {
            if (part.type() != type) {
                if (isNumeric(type) && isNumeric(part.type())) {
                    type = ColumnType.FLOAT;
                } else {
                    throw new IllegalArgumentException(
                            "cannot concatenate a " + part.type() + " column with a " + type + " column");
                }
            }
        }
        return switch (type) {
            case TEXT -> TextColumn.concat(parts.stream().map(TextColumn.class::cast).toList());
            case INTEGER -> IntegerColumn.concat(parts.stream().map(IntegerColumn.class::cast).toList());
            case FLOAT -> FloatColumn.concat(parts.stream().map(Column::asFloat).toList());
            case FLOAT_VECTOR -> FloatVectorColumn.concat(parts.stream().map(FloatVectorColumn.class::cast).toList());
        };
    }

    private static boolean isNumeric(ColumnType type) {
        return type == ColumnType.INTEGER || type == ColumnType.FLOAT;
    }

    private static FloatColumn asFloat(Column column) {
        return column instanceof IntegerColumn ints ? ints.toFloat() : (FloatColumn) column;
    }
}
