package io.st4j.hub;

import io.st4j.core.io.Json;
import io.st4j.core.modules.InputModule;
import io.st4j.core.modules.TokenBatch;
import io.st4j.data.Column;
import io.st4j.data.Dataset;
import io.st4j.data.FloatColumn;
import io.st4j.data.FloatVectorColumn;
import io.st4j.data.IntegerColumn;
import io.st4j.data.TextColumn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A dataset column as the model card's "Approximate statistics based on the first 1000 samples" shows it:
 * its type ({@code string}, {@code int}, {@code float}, {@code list}) and details (tokens per text after
 * the model's tokenizer, the share of each of fewer than 10 integer values, or min/mean/max).
 *
 * @param details HTML list, e.g. {@code <ul><li>min: 7 tokens</li><li>mean: 10.46 tokens</li><li>max: 46 tokens</li></ul>}
 */
public record ColumnStatistics(String type, String details) {

    /** sentence-transformers looks at this many rows. */
    static final int ROWS = 1000;

    /** The statistics of every column of {@code dataset}, tokenizing texts with {@code tokenizer}. */
    static List<ColumnStatistics> of(Dataset dataset, InputModule tokenizer) {
        int rows = Math.min(ROWS, dataset.numRows());
        List<ColumnStatistics> out = new ArrayList<>();
        for (String name : dataset.columnNames()) {
            out.add(of(dataset.column(name), rows, tokenizer));
        }
        return out;
    }

    private static ColumnStatistics of(Column column, int rows, InputModule tokenizer) {
        if (rows == 0) {
            return new ColumnStatistics(column.type().toString().toLowerCase(Locale.ROOT), "");
        }
        if (column instanceof TextColumn texts) {
            List<String> sample = new ArrayList<>(rows);
            for (int i = 0; i < rows; i++) {
                sample.add(texts.get(i));
            }
            TokenBatch batch = tokenizer.tokenize(sample);
            double[] lengths = new double[rows];
            for (int i = 0; i < rows; i++) {
                lengths[i] = batch.tokenCount(i);
            }
            return new ColumnStatistics("string", list("min: " + (long) min(lengths) + " tokens",
                    "mean: " + twoDecimals(mean(lengths)) + " tokens", "max: " + (long) max(lengths) + " tokens"));
        }
        if (column instanceof IntegerColumn integers) {
            Map<Long, Integer> counts = new TreeMap<>();
            double[] values = new double[rows];
            for (int i = 0; i < rows; i++) {
                values[i] = integers.getLong(i);
                counts.merge(integers.getLong(i), 1, Integer::sum);
            }
            if (counts.size() >= 10) {
                return new ColumnStatistics("int", list("min: " + (long) min(values),
                        "mean: " + twoDecimals(mean(values)), "max: " + (long) max(values)));
            }
            List<String> shares = new ArrayList<>();
            counts.forEach((value, count) -> shares.add(value + ": ~" + twoDecimals(count * 100.0 / rows) + "%"));
            return new ColumnStatistics("int", list(shares.toArray(String[]::new)));
        }
        if (column instanceof FloatColumn floats) {
            double[] values = new double[rows];
            for (int i = 0; i < rows; i++) {
                values[i] = floats.getDouble(i);
            }
            return new ColumnStatistics("float", list("min: " + Json.dumps(min(values)),
                    "mean: " + twoDecimals(mean(values)), "max: " + Json.dumps(max(values))));
        }
        FloatVectorColumn vectors = (FloatVectorColumn) column;
        return new ColumnStatistics("list", list("size: " + vectors.length(0) + " elements"));
    }

    private static String list(String... items) {
        StringBuilder html = new StringBuilder("<ul>");
        for (String item : items) {
            html.append("<li>").append(item).append("</li>");
        }
        return html.append("</ul>").toString();
    }

    private static String twoDecimals(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElseThrow();
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }
}
