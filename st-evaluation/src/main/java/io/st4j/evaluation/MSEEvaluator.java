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
public final class MSEEvaluator extends EncodingEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(MSEEvaluator.class);

    private final List<String> targetSentences;
    private final float[][] sourceEmbeddings;

    private MSEEvaluator(Builder b) {
        super(b);
        List<String> source = Checks.texts("sourceSentences", b.sourceSentences);
        this.targetSentences = Checks.texts("targetSentences", b.targetSentences);
        Checks.sameSize("sourceSentences", source.size(), "targetSentences", targetSentences.size());
        Checks.nonEmpty("the evaluation set (sourceSentences)", source);
        if (b.teacherModel == null) {
            throw new IllegalArgumentException("teacherModel must not be null");
        }
        this.sourceEmbeddings = b.teacherModel.encode(source, encodeOptions().build());
    }

    public static Builder builder(List<String> sourceSentences, List<String> targetSentences, SentenceEncoder teacherModel) {
        return new Builder(sourceSentences, targetSentences, teacherModel);
    }

    public String csvFile() {
        return "mse_evaluation_" + name() + "_results.csv";
    }

    @Override
    public Map<String, Double> evaluate(SentenceEncoder model, Path outputPath, int epoch, int steps) {
        float[][] target = model.encode(targetSentences, encodeOptions().build());
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
        LOG.info("MSE evaluation (lower = better) on the {} dataset{}:", name(), when(epoch, steps));
        LOG.info("MSE (*100):\t{}", String.format(Locale.ROOT, "%4f", mse));
        if (writesCsv(outputPath)) {
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
    public static final class Builder extends EncodingEvaluator.Builder<Builder> {
        private final List<String> sourceSentences;
        private final List<String> targetSentences;
        private final SentenceEncoder teacherModel;

        private Builder(List<String> sourceSentences, List<String> targetSentences, SentenceEncoder teacherModel) {
            super(32);
            this.sourceSentences = sourceSentences;
            this.targetSentences = targetSentences;
            this.teacherModel = teacherModel;
        }

        /** Encodes the source sentences with the teacher model now, as sentence-transformers does. */
        public MSEEvaluator build() {
            return new MSEEvaluator(this);
        }
    }
}
