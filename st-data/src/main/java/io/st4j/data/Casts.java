package io.st4j.data;

/** Column type conversions for {@link Dataset#castColumn}. */
final class Casts {

    private Casts() {
    }

    static Column cast(String name, Column column, ColumnType type) {
        if (column.type() == type) {
            return column;
        }
        int rows = column.size();
        switch (type) {
            case TEXT -> {
                if (column.type() == ColumnType.FLOAT_VECTOR) {
                    break;
                }
                TextColumn.Builder builder = TextColumn.builder();
                for (int i = 0; i < rows; i++) {
                    builder.add(column.valueString(i));
                }
                return builder.build();
            }
            case FLOAT -> {
                if (column instanceof IntegerColumn ints) {
                    return ints.toFloat();
                }
                if (column instanceof TextColumn texts) {
                    double[] out = new double[rows];
                    for (int i = 0; i < rows; i++) {
                        out[i] = parseDouble(name, i, texts.get(i));
                    }
                    return new FloatColumn(out);
                }
            }
            case INTEGER -> {
                long[] out = new long[rows];
                if (column instanceof TextColumn texts) {
                    for (int i = 0; i < rows; i++) {
                        out[i] = parseLong(name, i, texts.get(i));
                    }
                    return new IntegerColumn(out);
                }
                if (column instanceof FloatColumn floats) {
                    for (int i = 0; i < rows; i++) {
                        double value = floats.getDouble(i);
                        if (value != Math.rint(value) || Double.isInfinite(value)) {
                            throw new IllegalArgumentException("column '" + name + "' row " + i + ": " + value
                                    + " is not an integer");
                        }
                        out[i] = (long) value;
                    }
                    return new IntegerColumn(out);
                }
            }
            default -> {
            }
        }
        throw new IllegalArgumentException("cannot cast column '" + name + "' from " + column.type() + " to " + type);
    }

    static double parseDouble(String column, int row, String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("column '" + column + "' row " + row + ": '" + text
                    + "' is not a number", e);
        }
    }

    static long parseLong(String column, int row, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("column '" + column + "' row " + row + ": '" + text
                    + "' is not an integer", e);
        }
    }
}
