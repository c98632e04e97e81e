package io.st4j.evaluation;

import io.st4j.core.EncodeOptions;
import io.st4j.core.SentenceEncoder;
import io.st4j.core.SimilarityFunction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sentence-transformers' {@code InformationRetrievalEvaluator}: every query is scored against the whole corpus,
 * encoded and scored chunk by chunk ({@code corpusChunkSize} documents at a time, keeping only each query's
 * best {@code max k} hits), and the ranking is measured against the relevant documents. Per score function:
 * {@code accuracy@k}, {@code precision@k}, {@code recall@k}, {@code ndcg@k}, {@code mrr@k}, {@code map@k}.
 * Primary {@code <fn>_ndcg@<max k>} (the main function's, or the best function's at the first evaluation).
 * CSV {@code Information-Retrieval_evaluation[_name]_results.csv}.
 *
 * <p>Queries without relevant documents are left out, as in sentence-transformers. Unlike it, relevant
 * documents or queries that do not exist are rejected: they would silently cap recall. Hits with exactly equal
 * scores are ordered by corpus id, highest first (Python's order among exact ties depends on {@code torch.topk}).
 */
public final class InformationRetrievalEvaluator extends EncodingEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(InformationRetrievalEvaluator.class);
    private static final int QUERY_BLOCK = 256;

    private final List<String> queryIds;
    private final List<String> queries;
    private final List<String> corpusIds;
    private final List<String> corpus;
    private final Map<String, Set<String>> relevantDocs;
    private final int corpusChunkSize;
    private final List<Integer> mrrAtK;
    private final List<Integer> ndcgAtK;
    private final List<Integer> accuracyAtK;
    private final List<Integer> precisionRecallAtK;
    private final List<Integer> mapAtK;
    private Map<String, SimilarityFunction> scoreFunctions;
    private final SimilarityFunction mainScoreFunction;
    private final String queryPrompt;
    private final String queryPromptName;
    private final String corpusPrompt;
    private final String corpusPromptName;
    private final boolean writePredictions;
    private String primaryMetric;

    private InformationRetrievalEvaluator(Builder b) {
        super(b);
        if (b.queries == null || b.corpus == null || b.relevantDocs == null) {
            throw new IllegalArgumentException("queries, corpus and relevantDocs must not be null");
        }
        for (Map.Entry<String, ? extends Collection<String>> entry : b.relevantDocs.entrySet()) {
            if (!b.queries.containsKey(entry.getKey())) {
                throw new IllegalArgumentException("relevantDocs names query id '" + entry.getKey()
                        + "', which is not among the " + b.queries.size() + " queries");
            }
            for (String docId : entry.getValue()) {
                if (!b.corpus.containsKey(docId)) {
                    throw new IllegalArgumentException("relevantDocs names corpus id '" + docId + "' for query '"
                            + entry.getKey() + "', which is not in the corpus of " + b.corpus.size() + " documents");
                }
            }
        }
        this.queryIds = new ArrayList<>();
        this.queries = new ArrayList<>();
        this.relevantDocs = new LinkedHashMap<>();
        b.queries.forEach((id, text) -> {
            Collection<String> relevant = b.relevantDocs.get(id);
            if (relevant != null && !relevant.isEmpty()) {
                if (text == null) {
                    throw new IllegalArgumentException("query '" + id + "' has no text");
                }
                queryIds.add(id);
                queries.add(text);
                relevantDocs.put(id, Set.copyOf(relevant));
            }
        });
        Checks.nonEmpty("the evaluation set (queries with at least one relevant document)", queryIds);
        this.corpusIds = new ArrayList<>(b.corpus.keySet());
        this.corpus = new ArrayList<>();
        for (String id : corpusIds) {
            String text = b.corpus.get(id);
            if (text == null) {
                throw new IllegalArgumentException("corpus document '" + id + "' has no text");
            }
            corpus.add(text);
        }
        Checks.nonEmpty("the corpus", corpus);
        this.corpusChunkSize = Checks.positive("corpusChunkSize", b.corpusChunkSize);
        this.mrrAtK = distinct("mrrAtK", b.mrrAtK);
        this.ndcgAtK = distinct("ndcgAtK", b.ndcgAtK);
        this.accuracyAtK = distinct("accuracyAtK", b.accuracyAtK);
        this.precisionRecallAtK = distinct("precisionRecallAtK", b.precisionRecallAtK);
        this.mapAtK = distinct("mapAtK", b.mapAtK);
        this.scoreFunctions = b.scoreFunctions == null || b.scoreFunctions.isEmpty() ? null : new LinkedHashMap<>(b.scoreFunctions);
        this.mainScoreFunction = b.mainScoreFunction;
        if (b.queryPrompt != null && b.queryPromptName != null) {
            throw new IllegalArgumentException("give either queryPrompt or queryPromptName, not both");
        }
        if (b.corpusPrompt != null && b.corpusPromptName != null) {
            throw new IllegalArgumentException("give either corpusPrompt or corpusPromptName, not both");
        }
        this.queryPrompt = b.queryPrompt;
        this.queryPromptName = b.queryPromptName;
        this.corpusPrompt = b.corpusPrompt;
        this.corpusPromptName = b.corpusPromptName;
        this.writePredictions = b.writePredictions;
    }

    /**
     * @param queries      query id to text, in order
     * @param corpus       document id to text, in order
     * @param relevantDocs query id to the ids of its relevant documents
     */
    public static Builder builder(Map<String, String> queries, Map<String, String> corpus,
                                  Map<String, ? extends Collection<String>> relevantDocs) {
        return new Builder(queries, corpus, relevantDocs);
    }

    public String csvFile() {
        return "Information-Retrieval_evaluation" + (name().isEmpty() ? "" : "_" + name()) + "_results.csv";
    }

    /** The predictions file of one score function, written when {@code writePredictions} is on. */
    public String predictionsFile(String scoreFunction) {
        return "Information-Retrieval_evaluation" + (name().isEmpty() ? "" : "_" + name()) + "_predictions_"
                + scoreFunction + ".jsonl";
    }

    /** The queries evaluated (those with relevant documents), in order. */
    public int queryCount() {
        return queries.size();
    }

    /** The number of corpus documents. */
    public int corpusSize() {
        return corpus.size();
    }

    @Override
    public Map<String, Double> evaluate(SentenceEncoder model, Path outputPath, int epoch, int steps) {
        LOG.info("Information Retrieval Evaluation of the model on the {} dataset{}:", name(), when(epoch, steps));
        if (scoreFunctions == null) {
            SimilarityFunction fn = model.similarityFunction();
            scoreFunctions = new LinkedHashMap<>(Map.of(fn.pythonName(), fn));
        }
        Map<String, Map<String, Map<Integer, Double>>> scores = computeScores(model, outputPath);
        List<String> sortedNames = new ArrayList<>(new TreeSet<>(scoreFunctions.keySet()));

        if (writesCsv(outputPath)) {
            List<Object> row = new ArrayList<>(List.of(epoch, steps));
            for (String fn : sortedNames) {
                Map<String, Map<Integer, Double>> s = scores.get(fn);
                accuracyAtK.forEach(k -> row.add(s.get("accuracy@k").get(k)));
                precisionRecallAtK.forEach(k -> {
                    row.add(s.get("precision@k").get(k));
                    row.add(s.get("recall@k").get(k));
                });
                mrrAtK.forEach(k -> row.add(s.get("mrr@k").get(k)));
                ndcgAtK.forEach(k -> row.add(s.get("ndcg@k").get(k)));
                mapAtK.forEach(k -> row.add(s.get("map@k").get(k)));
            }
            CsvResults.append(outputPath, csvFile(), csvHeader(sortedNames), row, CsvResults.Style.PLAIN_JOIN);
        }

        int maxNdcg = maxK(ndcgAtK);
        if (primaryMetric == null) {
            if (mainScoreFunction != null) {
                primaryMetric = mainScoreFunction.pythonName() + "_ndcg@" + maxNdcg;
            } else {
                String best = sortedNames.get(0);
                for (String fn : sortedNames) {
                    if (scores.get(fn).get("ndcg@k").get(maxNdcg) > scores.get(best).get("ndcg@k").get(maxNdcg)) {
                        best = fn;
                    }
                }
                primaryMetric = best + "_ndcg@" + maxNdcg;
            }
        }

        Map<String, Double> metrics = new LinkedHashMap<>();
        scores.forEach((fn, byMetric) -> byMetric.forEach((metric, byK) -> byK.forEach(
                (k, value) -> metrics.put(fn + "_" + metric.replace("@k", "@" + k), value))));
        return prefixed(metrics);
    }

    /**
     * The primary metric, fixed at the first evaluation as in sentence-transformers: the main score function's
     * nDCG at the largest k, or that of the function scoring best then. Before it, the main function, the first
     * named function or (none named) cosine is assumed.
     */
    @Override
    public String primaryMetric() {
        if (primaryMetric != null) {
            return prefixed(primaryMetric);
        }
        String fn = mainScoreFunction != null ? mainScoreFunction.pythonName()
                : scoreFunctions == null ? SimilarityFunction.COSINE.pythonName()
                : new TreeSet<>(scoreFunctions.keySet()).first();
        return prefixed(fn + "_ndcg@" + maxK(ndcgAtK));
    }

    /** Per score function: metric name ({@code accuracy@k}, ...) to k to value, in sentence-transformers' order. */
    private Map<String, Map<String, Map<Integer, Double>>> computeScores(SentenceEncoder model, Path outputPath) {
        int maxK = Math.max(Math.max(maxK(mrrAtK), maxK(ndcgAtK)),
                Math.max(Math.max(maxK(accuracyAtK), maxK(precisionRecallAtK)), maxK(mapAtK)));
        long start = System.nanoTime();
        EncodeOptions.Builder queryOptions = encodeOptions()
                .prompt(queryPrompt).promptName(queryPromptName);
        float[][] queryEmbeddings = model.encodeQuery(queries, queryOptions.build());
        long encodeNanos = System.nanoTime() - start;
        long scoreNanos = 0;

        Map<String, List<PriorityQueue<Hit>>> topHits = new LinkedHashMap<>();
        for (String fn : scoreFunctions.keySet()) {
            List<PriorityQueue<Hit>> perQuery = new ArrayList<>();
            for (int q = 0; q < queries.size(); q++) {
                perQuery.add(new PriorityQueue<>(Hit.ASCENDING));
            }
            topHits.put(fn, perQuery);
        }
        EncodeOptions corpusOptions = encodeOptions().showProgressBar(false)
                .prompt(corpusPrompt).promptName(corpusPromptName).build();
        for (int chunkStart = 0; chunkStart < corpus.size(); chunkStart += corpusChunkSize) {
            int chunkEnd = Math.min(chunkStart + corpusChunkSize, corpus.size());
            long t0 = System.nanoTime();
            float[][] chunkEmbeddings = model.encodeDocument(corpus.subList(chunkStart, chunkEnd), corpusOptions);
            long t1 = System.nanoTime();
            encodeNanos += t1 - t0;
            for (Map.Entry<String, SimilarityFunction> fn : scoreFunctions.entrySet()) {
                List<PriorityQueue<Hit>> perQuery = topHits.get(fn.getKey());
                // Queries in blocks, so that a large chunk never needs a queries x chunk matrix at once.
                for (int blockStart = 0; blockStart < queries.size(); blockStart += QUERY_BLOCK) {
                    float[][] block = Arrays.copyOfRange(queryEmbeddings, blockStart,
                            Math.min(blockStart + QUERY_BLOCK, queries.size()));
                    float[][] pairScores = fn.getValue().matrix(block, chunkEmbeddings);
                    for (int q = 0; q < pairScores.length; q++) {
                        keepBest(perQuery.get(blockStart + q), pairScores[q], chunkStart, maxK);
                    }
                }
            }
            scoreNanos += System.nanoTime() - t1;
        }
        LOG.info("Queries: {}", queries.size());
        LOG.info("Corpus: {}", corpus.size());
        LOG.info("Encoding took {} ms, scoring {} ms", encodeNanos / 1_000_000, scoreNanos / 1_000_000);

        Map<String, Map<String, Map<Integer, Double>>> scores = new LinkedHashMap<>();
        topHits.forEach((fn, perQuery) -> {
            List<List<Hit>> ranked = new ArrayList<>();
            for (PriorityQueue<Hit> heap : perQuery) {
                List<Hit> hits = new ArrayList<>(heap);
                hits.sort(Hit.ASCENDING.reversed());
                ranked.add(hits);
            }
            if (writePredictions && outputPath != null) {
                PredictionsFile.write(outputPath.resolve(predictionsFile(fn)), queryIds, queries, ranked.stream()
                        .map(hits -> hits.stream().map(h -> new PredictionsFile.Result(h.corpusId, h.score)).toList())
                        .toList());
            }
            scores.put(fn, metrics(ranked));
        });
        return scores;
    }

    /** Python's heap of {@code (score, corpus_id)}: keeps the {@code maxK} largest hits. */
    private void keepBest(PriorityQueue<Hit> heap, float[] scores, int chunkStart, int maxK) {
        for (int d = 0; d < scores.length; d++) {
            float score = scores[d];
            if (heap.size() >= maxK && score < heap.peek().score) {
                continue;
            }
            Hit hit = new Hit(score, corpusIds.get(chunkStart + d));
            if (heap.size() < maxK) {
                heap.add(hit);
            } else if (Hit.ASCENDING.compare(hit, heap.peek()) > 0) {
                heap.poll();
                heap.add(hit);
            }
        }
    }

    private Map<String, Map<Integer, Double>> metrics(List<List<Hit>> ranked) {
        int n = ranked.size();
        Map<Integer, Double> accuracy = new LinkedHashMap<>();
        Map<Integer, Double> precision = new LinkedHashMap<>();
        Map<Integer, Double> recall = new LinkedHashMap<>();
        Map<Integer, Double> ndcg = new LinkedHashMap<>();
        Map<Integer, Double> mrr = new LinkedHashMap<>();
        Map<Integer, Double> map = new LinkedHashMap<>();
        for (int k : accuracyAtK) {
            int hits = 0;
            for (int q = 0; q < n; q++) {
                if (firstRelevantRank(q, ranked.get(q), k) >= 0) {
                    hits++;
                }
            }
            accuracy.put(k, (double) hits / n);
        }
        for (int k : precisionRecallAtK) {
            double[] p = new double[n];
            double[] r = new double[n];
            for (int q = 0; q < n; q++) {
                int correct = relevantInTop(q, ranked.get(q), k);
                p[q] = (double) correct / k;
                r[q] = (double) correct / relevantDocs.get(queryIds.get(q)).size();
            }
            precision.put(k, Statistics.mean(p));
            recall.put(k, Statistics.mean(r));
        }
        for (int k : mrrAtK) {
            double sum = 0;
            for (int q = 0; q < n; q++) {
                int rank = firstRelevantRank(q, ranked.get(q), k);
                if (rank >= 0) {
                    sum += 1.0 / (rank + 1);
                }
            }
            mrr.put(k, sum / n);
        }
        for (int k : ndcgAtK) {
            double[] values = new double[n];
            for (int q = 0; q < n; q++) {
                Set<String> relevant = relevantDocs.get(queryIds.get(q));
                List<Hit> hits = ranked.get(q);
                double dcg = 0;
                for (int i = 0; i < Math.min(k, hits.size()); i++) {
                    if (relevant.contains(hits.get(i).corpusId)) {
                        dcg += 1 / Statistics.log2(i + 2);
                    }
                }
                double ideal = 0;
                for (int i = 0; i < Math.min(k, relevant.size()); i++) {
                    ideal += 1 / Statistics.log2(i + 2);
                }
                values[q] = dcg / ideal;
            }
            ndcg.put(k, Statistics.mean(values));
        }
        for (int k : mapAtK) {
            double[] values = new double[n];
            for (int q = 0; q < n; q++) {
                Set<String> relevant = relevantDocs.get(queryIds.get(q));
                List<Hit> hits = ranked.get(q);
                int correct = 0;
                double sumPrecisions = 0;
                for (int i = 0; i < Math.min(k, hits.size()); i++) {
                    if (relevant.contains(hits.get(i).corpusId)) {
                        correct++;
                        sumPrecisions += (double) correct / (i + 1);
                    }
                }
                values[q] = sumPrecisions / Math.min(k, relevant.size());
            }
            map.put(k, Statistics.mean(values));
        }
        Map<String, Map<Integer, Double>> out = new LinkedHashMap<>();
        out.put("accuracy@k", accuracy);
        out.put("precision@k", precision);
        out.put("recall@k", recall);
        out.put("ndcg@k", ndcg);
        out.put("mrr@k", mrr);
        out.put("map@k", map);
        return out;
    }

    private int firstRelevantRank(int q, List<Hit> hits, int k) {
        Set<String> relevant = relevantDocs.get(queryIds.get(q));
        for (int i = 0; i < Math.min(k, hits.size()); i++) {
            if (relevant.contains(hits.get(i).corpusId)) {
                return i;
            }
        }
        return -1;
    }

    private int relevantInTop(int q, List<Hit> hits, int k) {
        Set<String> relevant = relevantDocs.get(queryIds.get(q));
        int correct = 0;
        for (int i = 0; i < Math.min(k, hits.size()); i++) {
            if (relevant.contains(hits.get(i).corpusId)) {
                correct++;
            }
        }
        return correct;
    }

    private List<String> csvHeader(List<String> sortedNames) {
        List<String> header = new ArrayList<>(List.of("epoch", "steps"));
        for (String fn : sortedNames) {
            accuracyAtK.forEach(k -> header.add(fn + "-Accuracy@" + k));
            precisionRecallAtK.forEach(k -> {
                header.add(fn + "-Precision@" + k);
                header.add(fn + "-Recall@" + k);
            });
            mrrAtK.forEach(k -> header.add(fn + "-MRR@" + k));
            ndcgAtK.forEach(k -> header.add(fn + "-NDCG@" + k));
            mapAtK.forEach(k -> header.add(fn + "-MAP@" + k));
        }
        return header;
    }

    private static int maxK(List<Integer> ks) {
        return ks.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    private static List<Integer> distinct(String what, List<Integer> ks) {
        List<Integer> checked = Checks.ks(what, ks);
        if (new HashSet<>(checked).size() != checked.size()) {
            throw new IllegalArgumentException(what + " repeats a value: " + ks);
        }
        return checked;
    }

    /** A retrieved document; ordered as Python's heap orders {@code (score, corpus_id)} tuples. */
    private record Hit(float score, String corpusId) {
        static final Comparator<Hit> ASCENDING =
                Comparator.comparingDouble((Hit h) -> h.score).thenComparing(h -> h.corpusId);
    }

    /** Builder with sentence-transformers' defaults. */
    public static final class Builder extends EncodingEvaluator.Builder<Builder> {
        private final Map<String, String> queries;
        private final Map<String, String> corpus;
        private final Map<String, ? extends Collection<String>> relevantDocs;
        private int corpusChunkSize = 50000;
        private List<Integer> mrrAtK = List.of(10);
        private List<Integer> ndcgAtK = List.of(10);
        private List<Integer> accuracyAtK = List.of(1, 3, 5, 10);
        private List<Integer> precisionRecallAtK = List.of(1, 3, 5, 10);
        private List<Integer> mapAtK = List.of(100);
        private Map<String, SimilarityFunction> scoreFunctions;
        private SimilarityFunction mainScoreFunction;
        private String queryPrompt;
        private String queryPromptName;
        private String corpusPrompt;
        private String corpusPromptName;
        private boolean writePredictions;

        private Builder(Map<String, String> queries, Map<String, String> corpus,
                        Map<String, ? extends Collection<String>> relevantDocs) {
            super(32);
            this.queries = queries;
            this.corpus = corpus;
            this.relevantDocs = relevantDocs;
        }

        public Builder corpusChunkSize(int size) {
            this.corpusChunkSize = size;
            return this;
        }

        public Builder mrrAtK(List<Integer> ks) {
            this.mrrAtK = ks;
            return this;
        }

        public Builder ndcgAtK(List<Integer> ks) {
            this.ndcgAtK = ks;
            return this;
        }

        public Builder accuracyAtK(List<Integer> ks) {
            this.accuracyAtK = ks;
            return this;
        }

        public Builder precisionRecallAtK(List<Integer> ks) {
            this.precisionRecallAtK = ks;
            return this;
        }

        public Builder mapAtK(List<Integer> ks) {
            this.mapAtK = ks;
            return this;
        }

        /** Metric-name prefix to function, e.g. {@code {"cosine": COSINE, "dot": DOT}}; none means the model's. */
        public Builder scoreFunctions(Map<String, SimilarityFunction> functions) {
            this.scoreFunctions = functions == null ? null : new LinkedHashMap<>(functions);
            return this;
        }

        public Builder mainScoreFunction(SimilarityFunction fn) {
            this.mainScoreFunction = fn;
            return this;
        }

        public Builder queryPrompt(String prompt) {
            this.queryPrompt = prompt;
            return this;
        }

        public Builder queryPromptName(String promptName) {
            this.queryPromptName = promptName;
            return this;
        }

        public Builder corpusPrompt(String prompt) {
            this.corpusPrompt = prompt;
            return this;
        }

        public Builder corpusPromptName(String promptName) {
            this.corpusPromptName = promptName;
            return this;
        }

        /** Also write each query's ranked hits to a JSON-lines file per score function. */
        public Builder writePredictions(boolean write) {
            this.writePredictions = write;
            return this;
        }

        public InformationRetrievalEvaluator build() {
            return new InformationRetrievalEvaluator(this);
        }
    }
}
