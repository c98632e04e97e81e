package io.st4j.data;

/**
 * What a consumer of a dataset (a loss, usually) needs from its columns: how many input (text)
 * columns, and what kind of label column.
 *
 * @param minInputs the fewest input columns accepted
 * @param maxInputs the most input columns accepted ({@link Integer#MAX_VALUE} for "any number")
 * @param label     the label the consumer needs, {@link LabelType#NONE} for no label column
 */
public record ColumnRequirements(int minInputs, int maxInputs, LabelType label) {

    public ColumnRequirements {
        if (minInputs < 1 || maxInputs < minInputs) {
            throw new IllegalArgumentException(
                    "input column range must satisfy 1 <= min <= max, got " + minInputs + ".." + maxInputs);
        }
        if (label == null) {
            throw new IllegalArgumentException("label type must not be null (use LabelType.NONE)");
        }
    }

    /** Exactly {@code inputs} input columns. */
    public static ColumnRequirements exactly(int inputs, LabelType label) {
        return new ColumnRequirements(inputs, inputs, label);
    }

    /** At least {@code inputs} input columns. */
    public static ColumnRequirements atLeast(int inputs, LabelType label) {
        return new ColumnRequirements(inputs, Integer.MAX_VALUE, label);
    }
}
