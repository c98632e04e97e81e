package io.st4j.losses;

import io.st4j.core.train.Loss;
import io.st4j.data.ColumnRequirements;
import io.st4j.data.LabelType;
import java.util.List;

/**
 * Checks that a dataset's columns fit a loss before training starts, and explains a mismatch by
 * naming the loss, the columns it got and what it needs.
 */
public final class LossRequirements {

    private LossRequirements() {
    }

    /**
     * Fails when the dataset's columns do not fit {@code loss}.
     *
     * @param loss         the loss to train with
     * @param inputColumns the dataset's input (text) columns, in order
     * @param labelColumn  the label column's name, or null when the dataset has none
     * @param labelType    the label column's type ({@link LabelType#NONE} when there is none)
     * @throws IllegalArgumentException naming the loss, the columns given and what the loss needs
     */
    public static void check(Loss loss, List<String> inputColumns, String labelColumn, LabelType labelType) {
        ColumnRequirements needs = loss.requirements();
        LabelType given = labelColumn == null ? LabelType.NONE : labelType;
        String problem = null;
        int inputs = inputColumns.size();
        if (inputs < needs.minInputs() || inputs > needs.maxInputs()) {
            problem = "it needs " + describeInputs(needs) + " but got " + inputs;
        } else if (!labelFits(needs.label(), given)) {
            problem = "it needs " + describeLabel(needs.label()) + " but got "
                    + (given == LabelType.NONE ? "no label column" : "label column '" + labelColumn + "' of type " + given);
        }
        if (problem != null) {
            throw new IllegalArgumentException(loss.name() + " cannot train on input columns " + inputColumns
                    + (labelColumn == null ? " without a label column" : " with label column '" + labelColumn + "' (" + given + ")")
                    + ": " + problem + ". It needs " + describeInputs(needs) + " and " + describeLabel(needs.label()) + ".");
        }
    }

    /** Fails inside {@link Loss#compute} when the graph was handed the wrong number of embeddings or no labels. */
    static void checkCompute(Loss loss, int embeddings, boolean hasLabels) {
        ColumnRequirements needs = loss.requirements();
        if (embeddings < needs.minInputs() || embeddings > needs.maxInputs()) {
            throw new IllegalArgumentException(loss.name() + " needs " + describeInputs(needs) + " but got " + embeddings + " embedding columns");
        }
        if (needs.label() != LabelType.NONE && !hasLabels) {
            throw new IllegalArgumentException(loss.name() + " needs " + describeLabel(needs.label()) + " but got no labels");
        }
    }

    private static boolean labelFits(LabelType needed, LabelType given) {
        switch (needed) {
            case NONE:
                // as in sentence-transformers, a label column a loss does not use is ignored
                return true;
            case ANY:
                return given != LabelType.NONE;
            case FLOAT:
                return given == LabelType.FLOAT || given == LabelType.INTEGER;
            default:
                return given == needed;
        }
    }

    private static String describeInputs(ColumnRequirements needs) {
        if (needs.minInputs() == needs.maxInputs()) {
            return needs.minInputs() + " input column" + (needs.minInputs() == 1 ? "" : "s");
        }
        if (needs.maxInputs() == Integer.MAX_VALUE) {
            return "at least " + needs.minInputs() + " input column" + (needs.minInputs() == 1 ? "" : "s");
        }
        return needs.minInputs() + " to " + needs.maxInputs() + " input columns";
    }

    private static String describeLabel(LabelType label) {
        switch (label) {
            case NONE:
                return "no label column";
            case FLOAT:
                return "a float score label column";
            case INTEGER:
                return "an integer class label column";
            case FLOAT_VECTOR:
                return "a float vector label column";
            case ANY:
                return "a label column";
            default:
                throw new AssertionError(label);
        }
    }
}
