package io.st4j.evaluation;

import io.st4j.core.EncodeOptions;
import io.st4j.core.SentenceEncoder;
import io.st4j.core.SimilarityFunction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sentence-transformers' {@code TripletEvaluator}: the share of (anchor, positive, negative) triplets where
 * {@code sim(anchor, positive) > sim(anchor, negative) + margin}. Metrics {@code <fn>_accuracy} (a float32 mean,
 * as torch computes it) and {@code max_accuracy} over several functions; primary {@code <main fn>_accuracy},
 * {@code max_accuracy} or the only function's. CSV {@code triplet_evaluation[_name]_results.csv}.
 */
public final class TripletEvaluator extends EncodingEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(TripletEvaluator.class);

    private final List<String> anchors;
    private final List<String> positives;
    private final List<String> negatives;
    private final SimilarityFunction mainSimilarityFunction;
    private final Map<SimilarityFunction, Double> margin;
    private final SimilarityFunctions functions;

    private TripletEvaluator(Builder b) {
        super(b);
        this.anchors = Checks.texts("anchors", b.anchors);
        this.positives = Checks.texts("positives", b.positives);
        this.negatives = Checks.texts("negatives", b.negatives);
        Checks.sameSize("anchors", anchors.size(), "positives", positives.size());
        Checks.sameSize("anchors", anchors.size(), "negatives", negatives.size());
        Checks.nonEmpty("the evaluation set (anchors)", anchors);
        this.mainSimilarityFunction = b.mainSimilarityFunction;
        this.margin = new EnumMap<>(SimilarityFunction.class);
        for (SimilarityFunction fn : SimilarityFunction.values()) {
            margin.put(fn, Checks.finite("margin for " + fn.pythonName(), b.margin.getOrDefault(fn, 0.0)));
        }
        this.functions = new SimilarityFunctions(b.similarityFnNames);
    }

    public static Builder builder(List<String> anchors, List<String> positives, List<String> negatives) {
        return new Builder(anchors, positives, negatives);
    }

    public String csvFile() {
        return "triplet_evaluation" + (name().isEmpty() ? "" : "_" + name()) + "_results.csv";
    }

    @Override
    public Map<String, Double> evaluate(SentenceEncoder model, Path outputPath, int epoch, int steps) {
        LOG.info("TripletEvaluator: Evaluating the model on the {} dataset{}:", name(), when(epoch, steps));
        EncodeOptions options = encodeOptions().build();
        float[][] a = model.encode(anchors, options);
        float[][] p = model.encode(positives, options);
        float[][] n = model.encode(negatives, options);
        List<SimilarityFunction> fns = functions.resolve(model);

        Map<String, Double> metrics = new LinkedHashMap<>();
        for (SimilarityFunction fn : fns) {
            float[] positiveScores = Scores.pairwise(fn, a, p);
            float[] negativeScores = Scores.pairwise(fn, a, n);
            float fnMargin = (float) (double) margin.get(fn);
            int correct = 0;
            for (int i = 0; i < positiveScores.length; i++) {
                if (positiveScores[i] > negativeScores[i] + fnMargin) {
                    correct++;
                }
            }
            double accuracy = (float) correct / (float) positiveScores.length;
            metrics.put(fn.pythonName() + "_accuracy", accuracy);
            LOG.info("Accuracy {} Similarity:\t{}%", EmbeddingSimilarityEvaluator.capitalize(fn.pythonName()),
                    String.format(Locale.ROOT, "%.2f", accuracy * 100));
        }
        if (writesCsv(outputPath)) {
            List<Object> row = new ArrayList<>(List.of(epoch, steps));
            row.addAll(metrics.values());
            List<String> header = new ArrayList<>(List.of("epoch", "steps"));
            fns.forEach(fn -> header.add("accuracy_" + fn.pythonName()));
            CsvResults.append(outputPath, csvFile(), header, row, CsvResults.Style.CSV_WRITER);
        }
        if (fns.size() > 1) {
            metrics.put("max_accuracy", metrics.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        }
        return prefixed(metrics);
    }

    /**
     * The primary metric. With no similarity functions configured it depends on the model's, which the first
     * evaluation fixes (as in sentence-transformers); before that, cosine (the default) is assumed.
     */
    @Override
    public String primaryMetric() {
        if (mainSimilarityFunction != null) {
            return prefixed(mainSimilarityFunction.pythonName() + "_accuracy");
        }
        List<SimilarityFunction> fns = functions.current();
        return prefixed(fns.size() > 1 ? "max_accuracy" : fns.get(0).pythonName() + "_accuracy");
    }

    /** Builder with sentence-transformers' defaults (batch size 16, margins 0, CSV on). */
    public static final class Builder extends EncodingEvaluator.Builder<Builder> {
        private final List<String> anchors;
        private final List<String> positives;
        private final List<String> negatives;
        private SimilarityFunction mainSimilarityFunction;
        private final Map<SimilarityFunction, Double> margin = new EnumMap<>(SimilarityFunction.class);
        private List<SimilarityFunction> similarityFnNames;

        private Builder(List<String> anchors, List<String> positives, List<String> negatives) {
            super(16);
            this.anchors = anchors;
            this.positives = positives;
            this.negatives = negatives;
        }

        public Builder mainSimilarityFunction(SimilarityFunction fn) {
            this.mainSimilarityFunction = fn;
            return this;
        }

        /** The same margin for every similarity function. */
        public Builder margin(double margin) {
            for (SimilarityFunction fn : SimilarityFunction.values()) {
                this.margin.put(fn, margin);
            }
            return this;
        }

        /** Margins per function; functions not named keep 0. */
        public Builder margin(Map<SimilarityFunction, Double> margins) {
            this.margin.clear();
            this.margin.putAll(margins);
            return this;
        }

        /** The functions to score with; none means the model's {@code similarity_fn_name}. */
        public Builder similarityFnNames(List<SimilarityFunction> names) {
            this.similarityFnNames = names;
            return this;
        }

        public TripletEvaluator build() {
            return new TripletEvaluator(this);
        }
    }
}
