package io.st4j.core.train;

import io.st4j.core.modules.InputModule;
import io.st4j.core.modules.TokenBatch;
import io.st4j.data.Column;
import io.st4j.data.ColumnRoles;
import io.st4j.data.Dataset;
import io.st4j.data.FloatColumn;
import io.st4j.data.FloatVectorColumn;
import io.st4j.data.IntegerColumn;
import io.st4j.data.TextColumn;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns a batch of rows into the model's inputs, as sentence-transformers' data collator: each input
 * column (with its prompt, if any) tokenized and padded to its own longest text, the label column as floats.
 */
final class Collator {

    /** One batch: texts and tokens per input column, labels ({@code [batch]} or {@code [batch, k]}) or null. */
    record Collated(List<List<String>> texts, List<TokenBatch> columns, INDArray labels) {
    }

    private final InputModule input;
    private final TrainingPrompts prompts;

    Collator(InputModule input, TrainingPrompts prompts) {
        this.input = input;
        this.prompts = prompts;
    }

    Collated collate(String datasetName, Dataset dataset, ColumnRoles roles, int[] rows) {
        List<List<String>> allTexts = new ArrayList<>();
        List<TokenBatch> columns = new ArrayList<>();
        for (String name : roles.inputs()) {
            TextColumn column = dataset.column(name, TextColumn.class);
            String prompt = prompts.promptFor(datasetName, name);
            List<String> texts = new ArrayList<>(rows.length);
            for (int row : rows) {
                String text = column.get(row);
                texts.add(prompt == null ? text : prompt + text);
            }
            allTexts.add(texts);
            columns.add(input.tokenize(texts));
        }
        INDArray labels = roles.label().map(name -> labels(dataset.column(name), rows)).orElse(null);
        return new Collated(allTexts, columns, labels);
    }

    private static INDArray labels(Column column, int[] rows) {
        if (column instanceof FloatVectorColumn vectors) {
            float[][] values = new float[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                values[i] = vectors.get(rows[i]);
            }
            return Nd4j.createFromArray(values);
        }
        float[] values = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            if (column instanceof FloatColumn f) {
                values[i] = (float) f.getDouble(rows[i]);
            } else if (column instanceof IntegerColumn n) {
                values[i] = (float) n.getLong(rows[i]);
            } else {
                throw new IllegalArgumentException("label column of type " + column.type()
                        + " cannot be a training label; expected float, integer or float vector values");
            }
        }
        return Nd4j.createFromArray(values);
    }
}
