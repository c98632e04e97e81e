package io.st4j.hub;

import io.st4j.data.Dataset;
import io.st4j.data.TextColumn;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The widget examples of the model card's front matter, drawn as sentence-transformers'
 * {@code set_widget_examples} draws them: 5 examples spread over the datasets at random; from each dataset
 * up to 1000 random rows, sorted by the length of their texts, the shortest ones as examples, each filled
 * up to 4 texts from the next shortest rows (their second text when they have several); the first text is
 * the widget's source sentence, the others, shuffled, its sentences. The texts of the last example are the
 * card's usage example. The draw follows the run's seed (Python's differs: it uses Python's generator).
 */
final class WidgetExamples {

    private static final int EXAMPLES = 5;
    private static final int ROWS = 1000;
    private static final int TEXTS = 4;
    /** A column that names each row's dataset, not a text to show. */
    private static final String DATASET_NAME_COLUMN = "dataset_name";

    /** The widget and the usage example's texts (empty when no row had enough text). */
    record Draw(List<TrainingDetails.WidgetExample> widget, List<String> predictExample) {
    }

    private WidgetExamples() {
    }

    static Draw draw(List<Dataset> datasets, Random random) {
        List<TrainingDetails.WidgetExample> widget = new ArrayList<>();
        List<String> predictExample = List.of();
        if (datasets.isEmpty()) {
            return new Draw(widget, predictExample);
        }
        Map<Integer, Integer> examplesPerDataset = new LinkedHashMap<>();
        for (int i = 0; i < EXAMPLES; i++) {
            examplesPerDataset.merge(random.nextInt(datasets.size()), 1, Integer::sum);
        }
        for (Map.Entry<Integer, Integer> entry : examplesPerDataset.entrySet()) {
            Dataset dataset = datasets.get(entry.getKey());
            List<TextColumn> texts = dataset.columnNames().stream().filter(c -> !c.equals(DATASET_NAME_COLUMN))
                    .map(dataset::column).filter(TextColumn.class::isInstance).map(TextColumn.class::cast).toList();
            if (texts.isEmpty() || dataset.numRows() == 0) {
                continue;
            }
            List<Integer> rows = sample(dataset.numRows(), Math.min(ROWS, dataset.numRows()), random);
            rows.sort(Comparator.comparingInt(row -> length(texts, row)));
            int examples = Math.min(entry.getValue(), rows.size());
            List<Integer> backups = new ArrayList<>(rows.subList(examples, rows.size()));
            Collections.reverse(backups);
            for (int row : rows.subList(0, examples)) {
                List<String> sentences = new ArrayList<>();
                texts.forEach(column -> sentences.add(column.get(row)));
                while (sentences.size() < TEXTS && !backups.isEmpty()) {
                    int backup = backups.remove(backups.size() - 1);
                    sentences.add(texts.get(texts.size() == 1 ? 0 : 1).get(backup));
                }
                if (sentences.size() < TEXTS) {
                    continue;
                }
                List<String> others = new ArrayList<>(sentences.subList(1, sentences.size()));
                Collections.shuffle(others, random);
                widget.add(new TrainingDetails.WidgetExample(sentences.get(0), others));
                predictExample = List.copyOf(sentences.subList(0, 3));
            }
        }
        return new Draw(widget, predictExample);
    }

    /** {@code count} distinct row indices of {@code size}, in random order. */
    private static List<Integer> sample(int size, int count, Random random) {
        List<Integer> all = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            all.add(i);
        }
        Collections.shuffle(all, random);
        return new ArrayList<>(all.subList(0, count));
    }

    /** The row's characters over all text columns, counted as Python counts them (code points). */
    private static int length(List<TextColumn> texts, int row) {
        return texts.stream().mapToInt(c -> c.get(row).codePointCount(0, c.get(row).length())).sum();
    }
}
