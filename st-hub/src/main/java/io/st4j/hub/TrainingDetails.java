package io.st4j.hub;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a training run adds to the model card (sentence-transformers' "Evaluation" and "Training Details"
 * sections), as {@link ModelCardCallback} collects it.
 *
 * @param trainDatasets the training datasets, in the trainer's order
 * @param evalDatasets the evaluation datasets
 * @param nonDefaultHyperparameters the training arguments that differ from their defaults, by snake_case name
 * @param allHyperparameters every training argument, by snake_case name, as Python prints its value
 * @param trainingLogs one row per logged step: {@code Epoch}, {@code Step}, then {@code Training Loss},
 *     {@code Validation Loss} and evaluators' primary metrics where that step has them
 * @param evaluations the last metrics of each evaluator
 * @param widget the front matter's {@code widget}: examples drawn from the evaluation (else training) data
 * @param predictExample the texts of the card's usage example, from the same draw; empty: the default texts
 */
public record TrainingDetails(List<DatasetDetails> trainDatasets, List<DatasetDetails> evalDatasets,
        Map<String, String> nonDefaultHyperparameters, Map<String, String> allHyperparameters,
        List<Map<String, Object>> trainingLogs, List<EvaluationDetails> evaluations, List<WidgetExample> widget,
        List<String> predictExample) {

    public TrainingDetails {
        trainDatasets = List.copyOf(trainDatasets);
        evalDatasets = List.copyOf(evalDatasets);
        nonDefaultHyperparameters = Collections.unmodifiableMap(new LinkedHashMap<>(nonDefaultHyperparameters));
        allHyperparameters = Collections.unmodifiableMap(new LinkedHashMap<>(allHyperparameters));
        trainingLogs = List.copyOf(trainingLogs);
        evaluations = List.copyOf(evaluations);
        widget = List.copyOf(widget);
        predictExample = List.copyOf(predictExample);
    }

    /** One example of the Hub's sentence-similarity widget: a text and the texts compared with it. */
    public record WidgetExample(String sourceSentence, List<String> sentences) {
        public WidgetExample {
            sentences = List.copyOf(sentences);
        }
    }

    /**
     * A dataset and its loss.
     *
     * @param name the dataset's name, or null
     * @param hubId the dataset's Hub id, or null
     * @param revision the Hub dataset's commit, or null
     * @param statistics per column, its type and details over the first 1000 rows
     * @param samples the first rows, each value as text
     * @param lossConfig the loss's {@code config()}
     * @param lossCitation the loss's BibTeX, or null
     */
    public record DatasetDetails(String name, String hubId, String revision, int size, List<String> columns,
            List<ColumnStatistics> statistics, List<List<String>> samples, String lossName,
            Map<String, Object> lossConfig, String lossCitation) {
    }

    /**
     * The metrics of one evaluator.
     *
     * @param evaluatorClass the evaluator's fully qualified class name
     * @param description what it measures, as sentence-transformers' {@code description}, e.g. {@code Semantic Similarity}
     * @param name the evaluator's name (prefix of its metric keys)
     * @param metrics its metrics without the {@code eval_} and name prefixes, in its order
     * @param primaryMetric the primary metric's key without prefixes
     */
    public record EvaluationDetails(String evaluatorClass, String description, String name,
            Map<String, Double> metrics, String primaryMetric) {
    }
}
