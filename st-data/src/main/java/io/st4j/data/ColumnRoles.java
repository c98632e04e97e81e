package io.st4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The roles of a dataset's columns, as sentence-transformers assigns them: the label is the column
 * named {@code label}, {@code labels}, {@code score} or {@code scores} (the first of these names
 * present); every other column is an input, in column order.
 *
 * @param label  the label column, if any
 * @param inputs the input columns, in order
 */
public record ColumnRoles(Optional<String> label, List<String> inputs) {

    /** Column names that make a column the label, by priority. */
    public static final List<String> LABEL_COLUMN_NAMES = List.of("label", "labels", "score", "scores");

    public ColumnRoles {
        inputs = List.copyOf(inputs);
    }

    /** The roles of {@code dataset}'s columns. */
    public static ColumnRoles of(Dataset dataset) {
        Optional<String> label = LABEL_COLUMN_NAMES.stream().filter(dataset::hasColumn).findFirst();
        List<String> inputs = new ArrayList<>(dataset.columnNames());
        label.ifPresent(inputs::remove);
        return new ColumnRoles(label, inputs);
    }

    /**
     * Checks that {@code dataset} fits what {@code consumer} (a loss, usually) needs, before training
     * starts; throws an {@link IllegalArgumentException} that names the columns found and says what to
     * change otherwise.
     */
    public static ColumnRoles validate(Dataset dataset, ColumnRequirements needs, String consumer) {
        ColumnRoles roles = of(dataset);
        List<String> problems = new ArrayList<>();
        int inputs = roles.inputs.size();
        if (inputs < needs.minInputs() || inputs > needs.maxInputs()) {
            problems.add("it needs " + describeInputs(needs) + " but the dataset has " + inputs + " "
                    + roles.inputs + "; " + fixInputs(dataset, roles, needs));
        }
        for (String input : roles.inputs) {
            Column column = dataset.column(input);
            if (column.type() != ColumnType.TEXT) {
                problems.add("input column '" + input + "' holds " + column.type() + " values, not text; remove it"
                        + " with removeColumns(\"" + input + "\") or rename it to one of " + LABEL_COLUMN_NAMES
                        + " if it is the label");
            }
        }
        checkLabel(dataset, roles, needs.label(), problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(consumer + " cannot train on a dataset with columns "
                    + describeColumns(dataset) + ": " + String.join("; ", problems) + ".");
        }
        return roles;
    }

    private static void checkLabel(Dataset dataset, ColumnRoles roles, LabelType needed, List<String> problems) {
        if (needed == LabelType.NONE) {
            roles.label.ifPresent(label -> problems.add("it takes no label but the dataset has the label column '"
                    + label + "'; remove it with removeColumns(\"" + label + "\")"));
            return;
        }
        if (roles.label.isEmpty()) {
            problems.add("it needs a " + (needed == LabelType.ANY ? "" : describe(needed) + " ")
                    + "label column named one of " + LABEL_COLUMN_NAMES
                    + " but there is none; rename the label column with renameColumn(name, \"label\")");
            return;
        }
        String label = roles.label.get();
        ColumnType actual = dataset.column(label).type();
        boolean fits = switch (needed) {
            case FLOAT -> actual == ColumnType.FLOAT || actual == ColumnType.INTEGER;
            case INTEGER -> actual == ColumnType.INTEGER;
            case FLOAT_VECTOR -> actual == ColumnType.FLOAT_VECTOR;
            case ANY, NONE -> true;
        };
        if (!fits) {
            String fix = actual == ColumnType.TEXT && needed == LabelType.INTEGER
                    ? "turn the texts into class ids with classEncodeColumn(\"" + label + "\")"
                    : "convert it with castColumn(\"" + label + "\", ColumnType." + targetType(needed) + ")";
            problems.add("its label column '" + label + "' holds " + actual + " values but it needs "
                    + describe(needed) + " labels; " + fix);
        }
    }

    private static String fixInputs(Dataset dataset, ColumnRoles roles, ColumnRequirements needs) {
        if (roles.inputs.size() > needs.maxInputs()) {
            List<String> extra = roles.inputs.subList(needs.maxInputs(), roles.inputs.size());
            return "keep the inputs it needs with selectColumns(...) or drop the others with removeColumns("
                    + extra.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", ")) + ")";
        }
        return "add input text columns, or check that the label column is named one of " + LABEL_COLUMN_NAMES;
    }

    private static String describeInputs(ColumnRequirements needs) {
        if (needs.minInputs() == needs.maxInputs()) {
            return needs.minInputs() + " input text column" + (needs.minInputs() == 1 ? "" : "s");
        }
        if (needs.maxInputs() == Integer.MAX_VALUE) {
            return "at least " + needs.minInputs() + " input text columns";
        }
        return needs.minInputs() + " to " + needs.maxInputs() + " input text columns";
    }

    private static String describeColumns(Dataset dataset) {
        return dataset.columnNames().stream()
                .map(n -> n + " (" + dataset.column(n).type().name().toLowerCase() + ")")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String describe(LabelType type) {
        return switch (type) {
            case FLOAT -> "float";
            case INTEGER -> "integer";
            case FLOAT_VECTOR -> "float vector";
            case ANY -> "";
            case NONE -> "no";
        };
    }

    private static ColumnType targetType(LabelType type) {
        return switch (type) {
            case INTEGER -> ColumnType.INTEGER;
            case FLOAT_VECTOR -> ColumnType.FLOAT_VECTOR;
            default -> ColumnType.FLOAT;
        };
    }
}
