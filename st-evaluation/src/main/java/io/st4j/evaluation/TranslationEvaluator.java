package io.st4j.evaluation;

import io.st4j.core.EncodeOptions;
import io.st4j.core.SentenceEncoder;
import io.st4j.core.SimilarityFunction;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sentence-transformers' {@code TranslationEvaluator}: with target i the translation of source i, the share of
 * sources whose most cosine-similar target is their own translation, and the reverse. Metrics
 * {@code src2trg_accuracy}, {@code trg2src_accuracy}, {@code mean_accuracy} (primary).
 * CSV {@code translation_evaluation[_name]_results.csv}.
 */
public final class TranslationEvaluator extends EncodingEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(TranslationEvaluator.class);

    private final List<String> sourceSentences;
    private final List<String> targetSentences;
    private final boolean printWrongMatches;

    private TranslationEvaluator(Builder b) {
        super(b);
        this.sourceSentences = Checks.texts("sourceSentences", b.sourceSentences);
        this.targetSentences = Checks.texts("targetSentences", b.targetSentences);
        Checks.sameSize("sourceSentences", sourceSentences.size(), "targetSentences", targetSentences.size());
        Checks.nonEmpty("the evaluation set (sourceSentences)", sourceSentences);
        this.printWrongMatches = b.printWrongMatches;
    }

    public static Builder builder(List<String> sourceSentences, List<String> targetSentences) {
        return new Builder(sourceSentences, targetSentences);
    }

    public String csvFile() {
        return "translation_evaluation" + (name().isEmpty() ? "" : "_" + name()) + "_results.csv";
    }

    @Override
    public Map<String, Double> evaluate(SentenceEncoder model, Path outputPath, int epoch, int steps) {
        LOG.info("Evaluating translation matching Accuracy of the model on the {} dataset{}:", name(),
                when(epoch, steps));
        EncodeOptions options = encodeOptions().build();
        float[][] source = model.encode(sourceSentences, options);
        float[][] target = model.encode(targetSentences, options);
        float[][] cosSims = SimilarityFunction.COSINE.matrix(source, target);
        int n = cosSims.length;
        int correctSrc2Trg = 0;
        int correctTrg2Src = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < n; j++) {
                if (cosSims[i][j] > cosSims[i][best]) {
                    best = j;
                }
            }
            if (best == i) {
                correctSrc2Trg++;
            } else if (printWrongMatches) {
                LOG.info("Incorrect: source {} is most similar to target {} instead of target {}\nSource: {}\n"
                        + "Pred Target: {} (Score: {})\nTrue Target: {} (Score: {})", i, best, i, sourceSentences.get(i),
                        targetSentences.get(best), String.format(Locale.ROOT, "%.4f", cosSims[i][best]), targetSentences.get(i),
                        String.format(Locale.ROOT, "%.4f", cosSims[i][i]));
            }
            int bestSource = 0;
            for (int j = 1; j < n; j++) {
                if (cosSims[j][i] > cosSims[bestSource][i]) {
                    bestSource = j;
                }
            }
            if (bestSource == i) {
                correctTrg2Src++;
            }
        }
        double src2trg = (double) correctSrc2Trg / n;
        double trg2src = (double) correctTrg2Src / n;
        LOG.info("Accuracy src2trg: {}", String.format(Locale.ROOT, "%.2f", src2trg * 100));
        LOG.info("Accuracy trg2src: {}", String.format(Locale.ROOT, "%.2f", trg2src * 100));
        if (writesCsv(outputPath)) {
            CsvResults.append(outputPath, csvFile(), List.of("epoch", "steps", "src2trg", "trg2src"),
                    List.of(epoch, steps, src2trg, trg2src), CsvResults.Style.CSV_WRITER);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("src2trg_accuracy", src2trg);
        metrics.put("trg2src_accuracy", trg2src);
        metrics.put("mean_accuracy", (src2trg + trg2src) / 2);
        return prefixed(metrics);
    }

    @Override
    public String primaryMetric() {
        return prefixed("mean_accuracy");
    }

    /** Builder with sentence-transformers' defaults (batch size 16, CSV on). */
    public static final class Builder extends EncodingEvaluator.Builder<Builder> {
        private final List<String> sourceSentences;
        private final List<String> targetSentences;
        private boolean printWrongMatches;

        private Builder(List<String> sourceSentences, List<String> targetSentences) {
            super(16);
            this.sourceSentences = sourceSentences;
            this.targetSentences = targetSentences;
        }

        /** Log each source whose best match is not its translation. */
        public Builder printWrongMatches(boolean print) {
            this.printWrongMatches = print;
            return this;
        }

        public TranslationEvaluator build() {
            return new TranslationEvaluator(this);
        }
    }
}
