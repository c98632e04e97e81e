package io.st4j.data;

import java.util.ArrayList;
import java.util.List;

/** Builds typed columns from Java values, inferring the type as {@code Dataset.from_dict} does. */
final class Columns {

    private Columns() {
    }

    /**
     * A column from values: all texts give TEXT, all integral numbers INTEGER, numbers FLOAT, and
     * {@code float[]}, {@code double[]} or lists of numbers FLOAT_VECTOR.
     */
    static Column fromValues(String name, List<?> values) {
        ColumnType type = inferType(name, values);
        return switch (type) {
            case TEXT -> {
                TextColumn.Builder builder = TextColumn.builder();
                values.forEach(v -> builder.add(v.toString()));
                yield builder.build();
            }
            case INTEGER -> {
                long[] out = new long[values.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = ((Number) values.get(i)).longValue();
                }
                yield new IntegerColumn(out);
            }
            case FLOAT -> {
                double[] out = new double[values.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = ((Number) values.get(i)).doubleValue();
                }
                yield new FloatColumn(out);
            }
            case FLOAT_VECTOR -> {
                List<float[]> rows = new ArrayList<>(values.size());
                for (Object value : values) {
                    rows.add(toFloats(value));
                }
                yield FloatVectorColumn.of(rows);
            }
        };
    }

    private static ColumnType inferType(String name, List<?> values) {
        ColumnType type = null;
        for (int row = 0; row < values.size(); row++) {
            ColumnType valueType = typeOf(name, row, values.get(row));
            if (type == null || type == valueType) {
                type = valueType;
            } else if (isNumeric(type) && isNumeric(valueType)) {
                type = ColumnType.FLOAT;
            } else {
                throw new IllegalArgumentException("column '" + name + "' mixes " + type + " and " + valueType
                        + " values (row " + row + ": " + describe(values.get(row)) + ")");
            }
        }
        return type == null ? ColumnType.TEXT : type;
    }

    private static ColumnType typeOf(String name, int row, Object value) {
        if (value instanceof CharSequence) {
            return ColumnType.TEXT;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ColumnType.INTEGER;
        }
        if (value instanceof Double || value instanceof Float) {
            return ColumnType.FLOAT;
        }
        if (value instanceof float[] || value instanceof double[]
                || (value instanceof List<?> list && list.stream().allMatch(Number.class::isInstance))) {
            return ColumnType.FLOAT_VECTOR;
        }
        throw new IllegalArgumentException("column '" + name + "' row " + row + ": unsupported value "
                + describe(value) + " (expected text, an integer, a float or a list of floats)");
    }

    private static boolean isNumeric(ColumnType type) {
        return type == ColumnType.INTEGER || type == ColumnType.FLOAT;
    }

    private static float[] toFloats(Object value) {
        if (value instanceof float[] floats) {
            return floats.clone();
        }
        if (value instanceof double[] doubles) {
            float[] out = new float[doubles.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) doubles[i];
            }
            return out;
        }
        List<?> list = (List<?>) value;
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) list.get(i)).floatValue();
        }
        return out;
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }
}
