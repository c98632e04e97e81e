package io.st4j.evaluation;

import io.st4j.core.EncodeOptions;
import io.st4j.core.SentenceEncoder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sentence-transformers' {@code LabelAccuracyEvaluator}: the accuracy of a classifier on top of the model (the
 * {@code SoftmaxLoss} head, given as a {@link PairClassifier}) on labelled sentence pairs; the predicted label is
 * the first index of the largest logit. Metric {@code accuracy} (primary).
 * CSV {@code accuracy_evaluation[_name]_results.csv}.
 */
public final class LabelAccuracyEvaluator extends AbstractEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(LabelAccuracyEvaluator.class);

    private final List<String> sentences1;
    private final List<String> sentences2;
    private final int[] labels;
    private final PairClassifier softmaxModel;
    private final boolean writeCsv;
    private final int batchSize;

    private LabelAccuracyEvaluator(Builder b) {
        super(b.name);
        this.sentences1 = Checks.texts("sentences1", b.sentences1);
        this.sentences2 = Checks.texts("sentences2", b.sentences2);
        if (b.labels == null || b.softmaxModel == null) {
            throw new IllegalArgumentException("labels and softmaxModel must not be null");
        }
        Checks.sameSize("sentences1", sentences1.size(), "sentences2", sentences2.size());
        Checks.sameSize("sentences1", sentences1.size(), "labels", b.labels.size());
        Checks.nonEmpty("the evaluation set (sentences1)", sentences1);
        this.labels = new int[b.labels.size()];
        for (int i = 0; i < labels.length; i++) {
            Integer label = b.labels.get(i);
            if (label == null || label < 0) {
                throw new IllegalArgumentException("labels[" + i + "] is " + label + "; labels are class indices >= 0");
            }
            labels[i] = label;
        }
        this.softmaxModel = b.softmaxModel;
        this.writeCsv = b.writeCsv;
        this.batchSize = Checks.positive("batchSize", b.batchSize);
    }

    public static Builder builder(List<String> sentences1, List<String> sentences2, List<Integer> labels,
                                  PairClassifier softmaxModel) {
        return new Builder(sentences1, sentences2, labels, softmaxModel);
    }

    public String csvFile() {
        return "accuracy_evaluation" + (name().isEmpty() ? "" : "_" + name()) + "_results.csv";
    }

    @Override
    public Map<String, Double> evaluate(SentenceEncoder model, Path outputPath, int epoch, int steps) {
        LOG.info("Evaluation on the {} dataset{}", name(), epoch == -1 ? ":" : when(epoch, steps, null) + ":");
        EncodeOptions options = EncodeOptions.builder().batchSize(batchSize).build();
        int correct = 0;
        for (int start = 0; start < labels.length; start += batchSize) {
            int end = Math.min(start + batchSize, labels.length);
            float[][] u = model.encode(sentences1.subList(start, end), options);
            float[][] v = model.encode(sentences2.subList(start, end), options);
            float[][] logits = softmaxModel.logits(u, v);
            if (logits.length != end - start) {
                throw new IllegalStateException("the classifier returned " + logits.length + " rows for " + (end - start) + " pairs");
            }
            for (int i = 0; i < logits.length; i++) {
                int label = labels[start + i];
                if (label >= logits[i].length) {
                    throw new IllegalArgumentException("labels[" + (start + i) + "] is " + label + " but the classifier has "
                            + logits[i].length + " classes");
                }
                int predicted = 0;
                for (int c = 1; c < logits[i].length; c++) {
                    if (logits[i][c] > logits[i][predicted]) {
                        predicted = c;
                    }
                }
                if (predicted == label) {
                    correct++;
                }
            }
        }
        double accuracy = (double) correct / labels.length;
        LOG.info("Accuracy: {} ({}/{})", String.format(Locale.ROOT, "%.4f", accuracy), correct, labels.length);
        if (outputPath != null && writeCsv) {
            CsvResults.append(outputPath, csvFile(), List.of("epoch", "steps", "accuracy"), List.of(epoch, steps, accuracy),
                    CsvResults.Style.CSV_WRITER);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", accuracy);
        return prefixed(metrics);
    }

    @Override
    public String primaryMetric() {
        return prefixed("accuracy");
    }

    /** Builder; pairs are encoded {@code batchSize} at a time (the Python data loader's batch size). */
    public static final class Builder {
        private final List<String> sentences1;
        private final List<String> sentences2;
        private final List<Integer> labels;
        private final PairClassifier softmaxModel;
        private String name = "";
        private boolean writeCsv = true;
        private int batchSize = 32;

        private Builder(List<String> sentences1, List<String> sentences2, List<Integer> labels, PairClassifier softmaxModel) {
            this.sentences1 = sentences1;
            this.sentences2 = sentences2;
            this.labels = labels;
            this.softmaxModel = softmaxModel;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder writeCsv(boolean writeCsv) {
            this.writeCsv = writeCsv;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public LabelAccuracyEvaluator build() {
            return new LabelAccuracyEvaluator(this);
        }
    }
}
