package io.st4j.evaluation;

import io.st4j.core.SentenceEncoder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sentence-transformers' {@code MSEEvaluator}: the mean squared error (x100, in float32 as numpy gives it)
 * between the teacher's embeddings of the source sentences, computed once at construction, and the evaluated
 * model's embeddings of the target sentences. Metric {@code negative_mse} (primary, higher is better).
 * CSV {@code mse_evaluation_<name>_results.csv} (the underscore is there even without a name, as in Python).
 */
public final class MSEEvaluator extends AbstractEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(MSEEvaluator.class);

    private final List<String> targetSentences;
    private final float[][] sourceEmbeddings;
    private final boolean showProgressBar;
    private final int batchSize;
    private final boolean writeCsv;
    private final Integer truncateDim;

    private MSEEvaluator(Builder b) {
        super(b.name);
        List<String> source = Checks.texts("sourceSentences", b.sourceSentences);
        this.targetSentences = Checks.texts("targetSentences", b.targetSentences);
        Checks.sameSize("sourceSentences", source.size(), "targetSentences", targetSentences.size());
        Checks.nonEmpty("the evaluation set (sourceSentences)", source);
        if (b.teacherModel == null) {
            throw new IllegalArgumentException("teacherModel must not be null");
        }
        this.showProgressBar = b.showProgressBar;
        this.batchSize = Checks.positive("batchSize", b.batchSize);
        this.writeCsv = b.writeCsv;
        this.truncateDim = b.truncateDim;
        this.sourceEmbeddings = b.teacherModel.encode(source, options(batchSize, showProgressBar, truncateDim).build());
    }

    public static Builder builder(List<String> sourceSentences, List<String> targetSentences, SentenceEncoder teacherModel) {
        return new Builder(sourceSentences, targetSentences, teacherModel);
    }

    public String csvFile() {
        return "mse_evaluation_" + name() + "_results.csv";
    }

    @Override
    public Map<String, Double> evaluate(SentenceEncoder model, Path outputPath, int epoch, int steps) {
        float[][] target = model.encode(targetSentences, options(batchSize, showProgressBar, truncateDim).build());
        double sum = 0;
        long count = 0;
        for (int i = 0; i < target.length; i++) {
            if (target[i].length != sourceEmbeddings[i].length) {
                throw new IllegalStateException("student embedding " + i + " has " + target[i].length
                        + " dimensions, the teacher's " + sourceEmbeddings[i].length);
            }
            for (int d = 0; d < target[i].length; d++) {
                float diff = sourceEmbeddings[i][d] - target[i][d];
                sum += diff * diff;
                count++;
            }
        }
        float mse = (float) (sum / count) * 100f;
        LOG.info("MSE evaluation (lower = better) on the {} dataset{}:", name(), when(epoch, steps, truncateDim));
        LOG.info("MSE (*100):\t{}", String.format(Locale.ROOT, "%4f", mse));
        if (outputPath != null && writeCsv) {
            CsvResults.append(outputPath, csvFile(), List.of("epoch", "steps", "MSE"), List.of(epoch, steps, mse),
                    CsvResults.Style.CSV_WRITER);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("negative_mse", -(double) mse);
        return prefixed(metrics);
    }

    @Override
    public String primaryMetric() {
        return prefixed("negative_mse");
    }

    /** Builder with sentence-transformers' defaults (batch size 32, CSV on). */
    public static final class Builder {
        private final List<String> sourceSentences;
        private final List<String> targetSentences;
        private final SentenceEncoder teacherModel;
        private boolean showProgressBar;
        private int batchSize = 32;
        private String name = "";
        private boolean writeCsv = true;
        private Integer truncateDim;

        private Builder(List<String> sourceSentences, List<String> targetSentences, SentenceEncoder teacherModel) {
            this.sourceSentences = sourceSentences;
            this.targetSentences = targetSentences;
            this.teacherModel = teacherModel;
        }

        public Builder showProgressBar(boolean show) {
            this.showProgressBar = show;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder writeCsv(boolean writeCsv) {
            this.writeCsv = writeCsv;
            return this;
        }

        public Builder truncateDim(Integer truncateDim) {
            this.truncateDim = truncateDim;
            return this;
        }

        /** Encodes the source sentences with the teacher model now, as sentence-transformers does. */
        public MSEEvaluator build() {
            return new MSEEvaluator(this);
        }
    }
}
