package io.st4j.evaluation;

import io.st4j.core.EncodeOptions;
import io.st4j.core.Precision;
import io.st4j.core.SentenceEncoder;
import io.st4j.core.SimilarityFunction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sentence-transformers' {@code EmbeddingSimilarityEvaluator}: the Pearson and Spearman correlation between gold
 * scores and the similarity of each pair's embeddings. Metrics {@code pearson_<fn>}, {@code spearman_<fn>} per
 * similarity function (plus {@code pearson_max}, {@code spearman_max} for several); primary
 * {@code spearman_<main or only fn>} or {@code spearman_max}. CSV {@code similarity_evaluation[_name][_precision]_results.csv}.
 */
public final class EmbeddingSimilarityEvaluator extends EncodingEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingSimilarityEvaluator.class);

    private final List<String> sentences1;
    private final List<String> sentences2;
    private final double[] scores;
    private final SimilarityFunction mainSimilarity;
    private final SimilarityFunctions functions;
    private final Precision precision;

    private EmbeddingSimilarityEvaluator(Builder b) {
        super(b);
        this.sentences1 = Checks.texts("sentences1", b.sentences1);
        this.sentences2 = Checks.texts("sentences2", b.sentences2);
        if (b.scores == null) {
            throw new IllegalArgumentException("scores must not be null");
        }
        Checks.sameSize("sentences1", sentences1.size(), "sentences2", sentences2.size());
        Checks.sameSize("sentences1", sentences1.size(), "scores", b.scores.size());
        Checks.nonEmpty("the evaluation set (sentences1)", sentences1);
        this.scores = new double[b.scores.size()];
        for (int i = 0; i < scores.length; i++) {
            if (b.scores.get(i) == null) {
                throw new IllegalArgumentException("scores[" + i + "] is null");
            }
            scores[i] = Checks.finite("scores[" + i + "]", b.scores.get(i));
        }
        if (scores.length < 2 || Statistics.isConstant(scores)) {
            throw new IllegalArgumentException("the gold scores need at least two different values to correlate with, got "
                    + b.scores);
        }
        this.mainSimilarity = b.mainSimilarity;
        List<SimilarityFunction> names = b.similarityFnNames;
        if ((names == null || names.isEmpty()) && mainSimilarity != null) {
            names = List.of(mainSimilarity);
        }
        this.functions = new SimilarityFunctions(names);
        this.precision = b.precision;
    }

    public static Builder builder(List<String> sentences1, List<String> sentences2, List<Double> scores) {
        return new Builder(sentences1, sentences2, scores);
    }

    /** The CSV file name sentence-transformers uses. */
    public String csvFile() {
        return "similarity_evaluation" + (name().isEmpty() ? "" : "_" + name())
                + (precision == null ? "" : "_" + precision.pythonName()) + "_results.csv";
    }

    @Override
    public Map<String, Double> evaluate(SentenceEncoder model, Path outputPath, int epoch, int steps) {
        LOG.info("EmbeddingSimilarityEvaluator: Evaluating the model on the {} dataset{}:", name(),
                when(epoch, steps));
        float[][] embeddings1 = embed(model, sentences1);
        float[][] embeddings2 = embed(model, sentences2);
        List<SimilarityFunction> fns = functions.resolve(model);

        Map<String, Double> metrics = new LinkedHashMap<>();
        List<Object> row = new ArrayList<>(List.of(epoch, steps));
        for (SimilarityFunction fn : fns) {
            double[] predicted = toDouble(Scores.pairwise(fn, embeddings1, embeddings2));
            double pearson = Statistics.pearson(scores, predicted, fn.pythonName());
            double spearman = Statistics.spearman(scores, predicted, fn.pythonName());
            metrics.put("pearson_" + fn.pythonName(), pearson);
            metrics.put("spearman_" + fn.pythonName(), spearman);
            row.add(pearson);
            row.add(spearman);
            LOG.info("{}-Similarity:\tPearson: {}\tSpearman: {}", capitalize(fn.pythonName()),
                    String.format(Locale.ROOT, "%.4f", pearson), String.format(Locale.ROOT, "%.4f", spearman));
        }
        if (writesCsv(outputPath)) {
            CsvResults.append(outputPath, csvFile(), csvHeader(fns), row, CsvResults.Style.CSV_WRITER);
        }
        if (fns.size() > 1) {
            metrics.put("pearson_max", fns.stream().mapToDouble(f -> metrics.get("pearson_" + f.pythonName())).max().orElseThrow());
            metrics.put("spearman_max", fns.stream().mapToDouble(f -> metrics.get("spearman_" + f.pythonName())).max().orElseThrow());
        }
        return prefixed(metrics);
    }

    /**
     * The primary metric. With no similarity functions configured it depends on the model's, which the first
     * evaluation fixes (as in sentence-transformers); before that, cosine (the default) is assumed.
     */
    @Override
    public String primaryMetric() {
        if (mainSimilarity != null) {
            return prefixed("spearman_" + mainSimilarity.pythonName());
        }
        List<SimilarityFunction> fns = functions.current();
        return prefixed(fns.size() > 1 ? "spearman_max" : "spearman_" + fns.get(0).pythonName());
    }

    private float[][] embed(SentenceEncoder model, List<String> texts) {
        EncodeOptions.Builder options = encodeOptions();
        if (precision != null) {
            options.precision(precision).normalizeEmbeddings(true);
        }
        float[][] embeddings = model.encode(texts, options.build());
        return precision == Precision.BINARY || precision == Precision.UBINARY
                ? unpackBits(embeddings, precision == Precision.BINARY ? 128 : 0)
                : embeddings;
    }

    /** numpy's {@code unpackbits(axis=1)} of packed bytes (binary embeddings are offset by -128). */
    private static float[][] unpackBits(float[][] packed, int offset) {
        float[][] out = new float[packed.length][];
        for (int i = 0; i < packed.length; i++) {
            out[i] = new float[packed[i].length * 8];
            for (int j = 0; j < packed[i].length; j++) {
                int value = (int) packed[i][j] + offset;
                if (value < 0 || value > 255 || value - offset != packed[i][j]) {
                    throw new IllegalStateException("embedding " + i + " holds " + packed[i][j]
                            + " at " + j + ", not a packed " + (offset == 0 ? "ubinary" : "binary") + " byte");
                }
                for (int bit = 0; bit < 8; bit++) {
                    out[i][j * 8 + bit] = (value >> (7 - bit)) & 1;
                }
            }
        }
        return out;
    }

    private static List<String> csvHeader(List<SimilarityFunction> fns) {
        List<String> header = new ArrayList<>(List.of("epoch", "steps"));
        for (SimilarityFunction fn : fns) {
            header.add(fn.pythonName() + "_pearson");
            header.add(fn.pythonName() + "_spearman");
        }
        return header;
    }

    static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Builder with sentence-transformers' defaults (batch size 16, CSV on). */
    public static final class Builder extends EncodingEvaluator.Builder<Builder> {
        private final List<String> sentences1;
        private final List<String> sentences2;
        private final List<Double> scores;
        private SimilarityFunction mainSimilarity;
        private List<SimilarityFunction> similarityFnNames;
        private Precision precision;

        private Builder(List<String> sentences1, List<String> sentences2, List<Double> scores) {
            super(16);
            this.sentences1 = sentences1;
            this.sentences2 = sentences2;
            this.scores = scores;
        }

        /** The function whose Spearman is primary. */
        public Builder mainSimilarity(SimilarityFunction mainSimilarity) {
            this.mainSimilarity = mainSimilarity;
            return this;
        }

        /** The functions to score with; none means the model's {@code similarity_fn_name}. */
        public Builder similarityFnNames(List<SimilarityFunction> names) {
            this.similarityFnNames = names;
            return this;
        }

        /** Quantize the (normalized) embeddings to this precision before scoring; null for plain float32. */
        public Builder precision(Precision precision) {
            this.precision = precision;
            return this;
        }

        public EmbeddingSimilarityEvaluator build() {
            return new EmbeddingSimilarityEvaluator(this);
        }
    }
}
