package io.st4j.evaluation;

import io.st4j.core.SentenceEncoder;
import io.st4j.core.SimilarityFunction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sentence-transformers' {@code BinaryClassificationEvaluator}: how well a similarity threshold separates pairs
 * labelled 1 (similar) from 0. Per similarity function: {@code accuracy}, {@code accuracy_threshold}, {@code f1},
 * {@code f1_threshold}, {@code precision}, {@code recall}, {@code ap}, {@code mcc} (plus {@code max_*} over
 * several functions). Primary {@code <fn>_ap} or {@code max_ap}. Thresholds are float32 midpoints between
 * neighbouring scores, as numpy computes them. CSV {@code binary_classification_evaluation[_name]_results.csv}.
 */
public final class BinaryClassificationEvaluator extends EncodingEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(BinaryClassificationEvaluator.class);
    private static final List<String> CSV_METRICS =
            List.of("accuracy", "accuracy_threshold", "f1", "precision", "recall", "f1_threshold", "ap", "mcc");

    private final List<String> sentences1;
    private final List<String> sentences2;
    private final int[] labels;
    private final SimilarityFunctions functions;

    private BinaryClassificationEvaluator(Builder b) {
        super(b);
        this.sentences1 = Checks.texts("sentences1", b.sentences1);
        this.sentences2 = Checks.texts("sentences2", b.sentences2);
        if (b.labels == null) {
            throw new IllegalArgumentException("labels must not be null");
        }
        Checks.sameSize("sentences1", sentences1.size(), "sentences2", sentences2.size());
        Checks.sameSize("sentences1", sentences1.size(), "labels", b.labels.size());
        Checks.nonEmpty("the evaluation set (sentences1)", sentences1);
        this.labels = new int[b.labels.size()];
        boolean anyPositive = false;
        for (int i = 0; i < labels.length; i++) {
            Integer label = b.labels.get(i);
            if (label == null || (label != 0 && label != 1)) {
                throw new IllegalArgumentException("labels[" + i + "] is " + label + "; labels must be 0 or 1");
            }
            labels[i] = label;
            anyPositive |= label == 1;
        }
        if (!anyPositive) {
            throw new IllegalArgumentException("labels hold no 1 (similar pair): precision, recall and AP are undefined");
        }
        this.functions = new SimilarityFunctions(b.similarityFnNames);
    }

    public static Builder builder(List<String> sentences1, List<String> sentences2, List<Integer> labels) {
        return new Builder(sentences1, sentences2, labels);
    }

    public String csvFile() {
        return "binary_classification_evaluation" + (name().isEmpty() ? "" : "_" + name()) + "_results.csv";
    }

    @Override
    public Map<String, Double> evaluate(SentenceEncoder model, Path outputPath, int epoch, int steps) {
        LOG.info("Binary Accuracy Evaluation of the model on the {} dataset{}:", name(), when(epoch, steps));
        List<SimilarityFunction> fns = functions.resolve(model);

        // Each distinct text is embedded once.
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(concat(sentences1, sentences2)));
        float[][] embeddings = model.encode(unique, encodeOptions().build());
        Map<String, float[]> byText = new HashMap<>();
        for (int i = 0; i < unique.size(); i++) {
            byText.put(unique.get(i), embeddings[i]);
        }
        float[][] embeddings1 = sentences1.stream().map(byText::get).toArray(float[][]::new);
        float[][] embeddings2 = sentences2.stream().map(byText::get).toArray(float[][]::new);

        Map<SimilarityFunction, Map<String, Double>> byFunction = new LinkedHashMap<>();
        for (SimilarityFunction fn : fns) {
            byFunction.put(fn, classify(Scores.pairwise(fn, embeddings1, embeddings2), higherIsSimilar(fn)));
        }

        if (writesCsv(outputPath)) {
            List<Object> row = new ArrayList<>(List.of(epoch, steps));
            // As in sentence-transformers, only header names with a single "_" get a value, so the threshold
            // columns stay empty and the row is shorter than the header.
            for (SimilarityFunction fn : fns) {
                for (String metric : CSV_METRICS) {
                    if (!metric.contains("_")) {
                        row.add(byFunction.get(fn).get(metric));
                    }
                }
            }
            CsvResults.append(outputPath, csvFile(), csvHeader(fns), row, CsvResults.Style.CSV_WRITER);
        }

        Map<String, Double> metrics = new LinkedHashMap<>();
        byFunction.forEach((fn, values) -> values.forEach((metric, value) -> metrics.put(fn.pythonName() + "_" + metric, value)));
        if (fns.size() > 1) {
            for (String metric : byFunction.get(fns.get(0)).keySet()) {
                metrics.put("max_" + metric, byFunction.values().stream().mapToDouble(v -> v.get(metric)).max().orElseThrow());
            }
        }
        return prefixed(metrics);
    }

    /**
     * The primary metric. With no similarity functions configured it depends on the model's, which the first
     * evaluation fixes (as in sentence-transformers); before that, cosine (the default) is assumed.
     */
    @Override
    public String primaryMetric() {
        List<SimilarityFunction> fns = functions.current();
        return prefixed(fns.size() > 1 ? "max_ap" : fns.get(0).pythonName() + "_ap");
    }

    /** sentence-transformers treats the two distances as "lower is more similar" on their negated scores. */
    private static boolean higherIsSimilar(SimilarityFunction fn) {
        return fn == SimilarityFunction.COSINE || fn == SimilarityFunction.DOT;
    }

    private Map<String, Double> classify(float[] scores, boolean higherIsSimilar) {
        Integer[] order = sortedOrder(scores, higherIsSimilar);
        int n = scores.length;

        double bestAccuracy = 0;
        float accuracyThreshold = -1;
        int positivesSoFar = 0;
        int remainingNegatives = (int) Arrays.stream(labels).filter(l -> l == 0).count();
        for (int i = 0; i < n - 1; i++) {
            if (labels[order[i]] == 1) {
                positivesSoFar++;
            } else {
                remainingNegatives--;
            }
            double accuracy = (double) (positivesSoFar + remainingNegatives) / n;
            if (accuracy > bestAccuracy) {
                bestAccuracy = accuracy;
                accuracyThreshold = (scores[order[i]] + scores[order[i + 1]]) / 2f;
            }
        }

        double bestF1 = 0;
        double bestPrecision = 0;
        double bestRecall = 0;
        float f1Threshold = 0;
        int extracted = 0;
        int correct = 0;
        int totalPositives = Arrays.stream(labels).sum();
        for (int i = 0; i < n - 1; i++) {
            extracted++;
            if (labels[order[i]] == 1) {
                correct++;
            }
            if (correct > 0) {
                double precision = (double) correct / extracted;
                double recall = (double) correct / totalPositives;
                double f1 = 2 * precision * recall / (precision + recall);
                if (f1 > bestF1) {
                    bestF1 = f1;
                    bestPrecision = precision;
                    bestRecall = recall;
                    f1Threshold = (scores[order[i]] + scores[order[i + 1]]) / 2f;
                }
            }
        }

        double[] signed = new double[n];
        boolean[] predicted = new boolean[n];
        for (int i = 0; i < n; i++) {
            signed[i] = higherIsSimilar ? scores[i] : -scores[i];
            predicted[i] = higherIsSimilar ? scores[i] >= f1Threshold : scores[i] <= f1Threshold;
        }
        double ap = Statistics.averagePrecision(labels, signed);
        double mcc = Statistics.matthews(labels, predicted);

        Map<String, Double> out = new LinkedHashMap<>();
        out.put("accuracy", bestAccuracy);
        out.put("accuracy_threshold", (double) accuracyThreshold);
        out.put("f1", bestF1);
        out.put("f1_threshold", (double) f1Threshold);
        out.put("precision", bestPrecision);
        out.put("recall", bestRecall);
        out.put("ap", ap);
        out.put("mcc", mcc);
        return out;
    }

    /** Python's stable {@code sorted(..., reverse=...)}: ties keep their input order in both directions. */
    private static Integer[] sortedOrder(float[] scores, boolean descending) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Comparator<Integer> byScore = (a, b) -> Float.compare(scores[a], scores[b]);
        Arrays.sort(order, descending ? (a, b) -> byScore.compare(b, a) : byScore);
        return order;
    }

    private static List<String> csvHeader(List<SimilarityFunction> fns) {
        List<String> header = new ArrayList<>(List.of("epoch", "steps"));
        for (SimilarityFunction fn : fns) {
            for (String metric : CSV_METRICS) {
                header.add(fn.pythonName() + "_" + metric);
            }
        }
        return header;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Builder with sentence-transformers' defaults (batch size 32, CSV on). */
    public static final class Builder extends EncodingEvaluator.Builder<Builder> {
        private final List<String> sentences1;
        private final List<String> sentences2;
        private final List<Integer> labels;
        private List<SimilarityFunction> similarityFnNames;

        private Builder(List<String> sentences1, List<String> sentences2, List<Integer> labels) {
            super(32);
            this.sentences1 = sentences1;
            this.sentences2 = sentences2;
            this.labels = labels;
        }

        /** The functions to score with; none means the model's {@code similarity_fn_name}. */
        public Builder similarityFnNames(List<SimilarityFunction> names) {
            this.similarityFnNames = names;
            return this;
        }

        public BinaryClassificationEvaluator build() {
            return new BinaryClassificationEvaluator(this);
        }
    }
}
