package io.st4j.evaluation;

import io.st4j.core.EncodeOptions;
import io.st4j.core.SentenceEncoder;
import io.st4j.core.SimilarityFunction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sentence-transformers' {@code RerankingEvaluator}: each query's positives and negatives are ranked by
 * similarity. Metrics {@code map} (scikit-learn average precision), {@code mrr@k}, {@code ndcg@k}
 * (scikit-learn, ties averaged); primary {@code ndcg@k}. Samples without positives or negatives are dropped.
 * CSV {@code RerankingEvaluator[_name]_results_@k.csv}. Exactly tied scores rank by document position for MRR.
 */
public final class RerankingEvaluator extends EncodingEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(RerankingEvaluator.class);

    private final List<RerankingSample> samples;
    private final int atK;
    private final SimilarityFunction similarityFct;
    private final boolean useBatchedEncoding;

    private RerankingEvaluator(Builder b) {
        super(b);
        if (b.samples == null) {
            throw new IllegalArgumentException("samples must not be null");
        }
        this.samples = b.samples.stream().filter(s -> !s.positive().isEmpty() && !s.negative().isEmpty()).toList();
        Checks.nonEmpty("the evaluation set (samples with at least one positive and one negative)", samples);
        this.atK = Checks.positive("atK", b.atK);
        this.similarityFct = b.similarityFct;
        this.useBatchedEncoding = b.useBatchedEncoding;
    }

    public static Builder builder(List<RerankingSample> samples) {
        return new Builder(samples);
    }

    public String csvFile() {
        return "RerankingEvaluator" + (name().isEmpty() ? "" : "_" + name()) + "_results_@" + atK + ".csv";
    }

    @Override
    public Map<String, Double> evaluate(SentenceEncoder model, Path outputPath, int epoch, int steps) {
        LOG.info("RerankingEvaluator: Evaluating the model on the {} dataset{}:", name(), when(epoch, steps));
        double[] ap = new double[samples.size()];
        double[] mrr = new double[samples.size()];
        double[] ndcg = new double[samples.size()];
        EncodeOptions options = encodeOptions().build();
        float[][] queryEmbeddings = null;
        float[][] docEmbeddings = null;
        if (useBatchedEncoding) {
            queryEmbeddings = model.encodeQuery(samples.stream().map(RerankingSample::query).toList(), options);
            List<String> docs = new ArrayList<>();
            samples.forEach(s -> {
                docs.addAll(s.positive());
                docs.addAll(s.negative());
            });
            docEmbeddings = model.encodeDocument(docs, options);
        }
        int docOffset = 0;
        for (int s = 0; s < samples.size(); s++) {
            RerankingSample sample = samples.get(s);
            int numPos = sample.positive().size();
            int numDocs = numPos + sample.negative().size();
            float[] query;
            float[][] docs;
            if (useBatchedEncoding) {
                query = queryEmbeddings[s];
                docs = Arrays.copyOfRange(docEmbeddings, docOffset, docOffset + numDocs);
                docOffset += numDocs;
            } else {
                EncodeOptions single = options.toBuilder().showProgressBar(false).build();
                query = model.encodeQuery(List.of(sample.query()), single)[0];
                List<String> texts = new ArrayList<>(sample.positive());
                texts.addAll(sample.negative());
                docs = model.encodeDocument(texts, single);
            }
            float[] predicted = similarityFct.matrix(new float[][] {query}, docs)[0];
            double[] scores = new double[numDocs];
            int[] relevant = new int[numDocs];
            for (int d = 0; d < numDocs; d++) {
                scores[d] = predicted[d];
                relevant[d] = d < numPos ? 1 : 0;
            }
            Integer[] order = new Integer[numDocs];
            for (int d = 0; d < numDocs; d++) {
                order[d] = d;
            }
            Arrays.sort(order, (a, c) -> Double.compare(scores[c], scores[a]));
            for (int rank = 0; rank < Math.min(atK, numDocs); rank++) {
                if (relevant[order[rank]] == 1) {
                    mrr[s] = 1.0 / (rank + 1);
                    break;
                }
            }
            ndcg[s] = Statistics.ndcg(relevant, scores, atK);
            ap[s] = Statistics.averagePrecision(relevant, scores);
        }
        double meanAp = Statistics.mean(ap);
        double meanMrr = Statistics.mean(mrr);
        double meanNdcg = Statistics.mean(ndcg);
        LOG.info("Queries: {}", samples.size());
        LOG.info("MAP: {}", String.format(Locale.ROOT, "%.2f", meanAp * 100));
        LOG.info("MRR@{}: {}", atK, String.format(Locale.ROOT, "%.2f", meanMrr * 100));
        LOG.info("NDCG@{}: {}", atK, String.format(Locale.ROOT, "%.2f", meanNdcg * 100));

        if (writesCsv(outputPath)) {
            CsvResults.append(outputPath, csvFile(), List.of("epoch", "steps", "MAP", "MRR@" + atK, "NDCG@" + atK),
                    List.of(epoch, steps, meanAp, meanMrr, meanNdcg), CsvResults.Style.CSV_WRITER);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("map", meanAp);
        metrics.put("mrr@" + atK, meanMrr);
        metrics.put("ndcg@" + atK, meanNdcg);
        return prefixed(metrics);
    }

    @Override
    public String primaryMetric() {
        return prefixed("ndcg@" + atK);
    }

    /** Builder with sentence-transformers' defaults (k 10, cosine, batch size 64, batched encoding). */
    public static final class Builder extends EncodingEvaluator.Builder<Builder> {
        private final List<RerankingSample> samples;
        private int atK = 10;
        private SimilarityFunction similarityFct = SimilarityFunction.COSINE;
        private boolean useBatchedEncoding = true;

        private Builder(List<RerankingSample> samples) {
            super(64);
            this.samples = samples;
        }

        public Builder atK(int atK) {
            this.atK = atK;
            return this;
        }

        public Builder similarityFct(SimilarityFunction fn) {
            this.similarityFct = fn;
            return this;
        }

        /** Encode all queries and documents at once (default) or sample by sample, to save memory. */
        public Builder useBatchedEncoding(boolean batched) {
            this.useBatchedEncoding = batched;
            return this;
        }

        public RerankingEvaluator build() {
            return new RerankingEvaluator(this);
        }
    }
}
