package io.st4j.evaluation;

import io.st4j.core.SentenceEncoder;
import io.st4j.core.SimilarityFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sentence-transformers' {@code NanoBEIREvaluator}: an {@link InformationRetrievalEvaluator} per NanoBEIR set
 * (named {@code Nano<Set>}), their metrics per set ({@code NanoSciFact_cosine_ndcg@10}) and aggregated over the
 * sets ({@code NanoBEIR_mean_cosine_ndcg@10}, primary). CSV {@code NanoBEIR_evaluation_<aggregate key>_results.csv}
 * plus each set's own IR file.
 *
 * <p>The sets are read from a local folder: {@code <root>/Nano<Set>/} (or {@code <root>/<set name>/}) holding
 * {@code corpus}, {@code queries} and {@code qrels} as {@code .jsonl} (BEIR) or {@code .tsv} files (see
 * {@link BeirData}). As in sentence-transformers, document titles are not used and empty texts are dropped.
 */
public final class NanoBEIREvaluator extends AbstractEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(NanoBEIREvaluator.class);

    /** The NanoBEIR sets: name as sentence-transformers accepts it to the human-readable suffix. */
    public static final Map<String, String> DATASETS = datasets();

    private final List<String> datasetNames;
    private final List<InformationRetrievalEvaluator> evaluators = new ArrayList<>();
    private final Function<double[], Double> aggregateFn;
    private final String aggregateKey;
    private final boolean writeCsv;
    private final Integer truncateDim;
    private final SimilarityFunction mainScoreFunction;
    private final List<Integer> mrrAtK;
    private final List<Integer> ndcgAtK;
    private final List<Integer> accuracyAtK;
    private final List<Integer> precisionRecallAtK;
    private final List<Integer> mapAtK;
    private List<String> scoreFunctionNames;
    private String primaryMetric;

    private NanoBEIREvaluator(Builder b) {
        super("NanoBEIR_" + b.aggregateKey + (b.truncateDim == null ? "" : "_" + b.truncateDim));
        this.datasetNames = b.datasetNames == null ? new ArrayList<>(DATASETS.keySet()) : List.copyOf(b.datasetNames);
        if (datasetNames.isEmpty()) {
            throw new IllegalArgumentException("datasetNames cannot be empty; use null to evaluate on all datasets");
        }
        List<String> unknown = datasetNames.stream().filter(n -> !DATASETS.containsKey(n.toLowerCase(Locale.ROOT))).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Dataset(s) " + unknown + " not found in the NanoBEIR collection. "
                    + "Valid dataset names are: " + DATASETS.keySet());
        }
        List<String> missingPrompts = new ArrayList<>();
        datasetNames.stream().filter(n -> b.queryPrompts != null && !b.queryPrompts.containsKey(n))
                .forEach(n -> missingPrompts.add("query prompt for " + n));
        datasetNames.stream().filter(n -> b.corpusPrompts != null && !b.corpusPrompts.containsKey(n))
                .forEach(n -> missingPrompts.add("corpus prompt for " + n));
        if (!missingPrompts.isEmpty()) {
            throw new IllegalArgumentException("missing " + missingPrompts);
        }
        this.aggregateFn = b.aggregateFn;
        this.aggregateKey = b.aggregateKey;
        this.writeCsv = b.writeCsv;
        this.truncateDim = b.truncateDim;
        this.mainScoreFunction = b.mainScoreFunction;
        this.mrrAtK = b.mrrAtK;
        this.ndcgAtK = b.ndcgAtK;
        this.accuracyAtK = b.accuracyAtK;
        this.precisionRecallAtK = b.precisionRecallAtK;
        this.mapAtK = b.mapAtK;
        this.scoreFunctionNames = b.scoreFunctions == null || b.scoreFunctions.isEmpty() ? null
                : new ArrayList<>(new TreeSet<>(b.scoreFunctions.keySet()));
        for (String dataset : datasetNames) {
            Path folder = folder(b.root, dataset);
            Map<String, String> queries = withoutEmpty(BeirData.readQueries(file(folder, "queries")));
            Map<String, String> corpus = withoutEmpty(BeirData.readCorpus(file(folder, "corpus"), false));
            evaluators.add(InformationRetrievalEvaluator.builder(queries, corpus,
                            BeirData.readQrels(file(folder, "qrels"), queries, corpus))
                    .name(humanReadableName(dataset))
                    .mrrAtK(mrrAtK).ndcgAtK(ndcgAtK).accuracyAtK(accuracyAtK)
                    .precisionRecallAtK(precisionRecallAtK).mapAtK(mapAtK)
                    .showProgressBar(b.showProgressBar).batchSize(b.batchSize).writeCsv(writeCsv)
                    .truncateDim(truncateDim).scoreFunctions(b.scoreFunctions).mainScoreFunction(mainScoreFunction)
                    .queryPrompt(b.queryPrompts == null ? b.queryPrompt : b.queryPrompts.get(dataset))
                    .corpusPrompt(b.corpusPrompts == null ? b.corpusPrompt : b.corpusPrompts.get(dataset))
                    .writePredictions(b.writePredictions)
                    .build());
        }
    }

    /** @param root the folder holding one sub-folder per NanoBEIR set */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    public String csvFile() {
        return "NanoBEIR_evaluation_" + aggregateKey + "_results.csv";
    }

    @Override
    public Map<String, Double> evaluate(SentenceEncoder model, Path outputPath, int epoch, int steps) {
        LOG.info("NanoBEIR Evaluation of the model on {} dataset{}:", datasetNames, when(epoch, steps, truncateDim));
        if (scoreFunctionNames == null) {
            scoreFunctionNames = List.of(model.similarityFunction().pythonName());
        }
        Map<String, List<Double>> perMetric = new LinkedHashMap<>();
        Map<String, Double> results = new LinkedHashMap<>();
        for (InformationRetrievalEvaluator evaluator : evaluators) {
            LOG.info("Evaluating {}", evaluator.name());
            Map<String, Double> evaluation = evaluator.evaluate(model, outputPath, epoch, steps);
            evaluation.forEach((key, value) -> {
                String[] parts = key.split("_", truncateDim == null ? 2 : 3);
                String metric = parts[parts.length - 1];
                perMetric.computeIfAbsent(metric, m -> new ArrayList<>()).add(value);
                results.put(parts[0] + "_" + metric, value);
            });
        }
        Map<String, Double> aggregated = new LinkedHashMap<>();
        perMetric.forEach((metric, values) -> aggregated.put(metric,
                aggregateFn.apply(values.stream().mapToDouble(Double::doubleValue).toArray())));

        if (outputPath != null && writeCsv) {
            List<Object> row = new ArrayList<>(List.of(epoch, steps));
            List<String> header = new ArrayList<>(List.of("epoch", "steps"));
            for (String fn : scoreFunctionNames) {
                accuracyAtK.forEach(k -> column(header, row, aggregated, fn + "-Accuracy@" + k, fn + "_accuracy@" + k));
                precisionRecallAtK.forEach(k -> {
                    column(header, row, aggregated, fn + "-Precision@" + k, fn + "_precision@" + k);
                    column(header, row, aggregated, fn + "-Recall@" + k, fn + "_recall@" + k);
                });
                mrrAtK.forEach(k -> column(header, row, aggregated, fn + "-MRR@" + k, fn + "_mrr@" + k));
                ndcgAtK.forEach(k -> column(header, row, aggregated, fn + "-NDCG@" + k, fn + "_ndcg@" + k));
                mapAtK.forEach(k -> column(header, row, aggregated, fn + "-MAP@" + k, fn + "_map@" + k));
            }
            CsvResults.append(outputPath, csvFile(), header, row, CsvResults.Style.PLAIN_JOIN);
        }

        int maxNdcg = ndcgAtK.stream().mapToInt(Integer::intValue).max().orElseThrow();
        if (primaryMetric == null) {
            String best = mainScoreFunction != null ? mainScoreFunction.pythonName() : scoreFunctionNames.get(0);
            if (mainScoreFunction == null) {
                for (String fn : scoreFunctionNames) {
                    if (aggregated.get(fn + "_ndcg@" + maxNdcg) > aggregated.get(best + "_ndcg@" + maxNdcg)) {
                        best = fn;
                    }
                }
            }
            primaryMetric = best + "_ndcg@" + maxNdcg;
        }
        results.putAll(prefixed(aggregated));
        return results;
    }

    /**
     * The primary metric, fixed at the first evaluation as in sentence-transformers: the main score function's
     * mean nDCG at the largest k, or that of the function scoring best then. Before it, the main function, the
     * first named function or (none named) cosine is assumed.
     */
    @Override
    public String primaryMetric() {
        if (primaryMetric != null) {
            return prefixed(primaryMetric);
        }
        String fn = mainScoreFunction != null ? mainScoreFunction.pythonName()
                : scoreFunctionNames == null ? SimilarityFunction.COSINE.pythonName() : scoreFunctionNames.get(0);
        return prefixed(fn + "_ndcg@" + ndcgAtK.stream().mapToInt(Integer::intValue).max().orElseThrow());
    }

    /** The per-set evaluators, in the order of the dataset names. */
    public List<InformationRetrievalEvaluator> evaluators() {
        return List.copyOf(evaluators);
    }

    private static void column(List<String> header, List<Object> row, Map<String, Double> aggregated, String title, String key) {
        header.add(title);
        row.add(aggregated.get(key));
    }

    private String humanReadableName(String dataset) {
        return "Nano" + DATASETS.get(dataset.toLowerCase(Locale.ROOT)) + (truncateDim == null ? "" : "_" + truncateDim);
    }

    private static Path folder(Path root, String dataset) {
        String key = dataset.toLowerCase(Locale.ROOT);
        for (Path candidate : List.of(root.resolve("Nano" + DATASETS.get(key)), root.resolve(key))) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("no folder for NanoBEIR set '" + dataset + "' under " + root + " (looked for Nano"
                + DATASETS.get(key) + "/ and " + key + "/)");
    }

    private static Path file(Path folder, String stem) {
        for (String extension : List.of(".jsonl", ".tsv")) {
            Path file = folder.resolve(stem + extension);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalArgumentException("no " + stem + ".jsonl or " + stem + ".tsv in " + folder);
    }

    private static Map<String, String> withoutEmpty(Map<String, String> texts) {
        Map<String, String> out = new LinkedHashMap<>();
        texts.forEach((id, text) -> {
            if (!text.isEmpty()) {
                out.put(id, text);
            }
        });
        return out;
    }

    private static Map<String, String> datasets() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("climatefever", "ClimateFEVER");
        m.put("dbpedia", "DBPedia");
        m.put("fever", "FEVER");
        m.put("fiqa2018", "FiQA2018");
        m.put("hotpotqa", "HotpotQA");
        m.put("msmarco", "MSMARCO");
        m.put("nfcorpus", "NFCorpus");
        m.put("nq", "NQ");
        m.put("quoraretrieval", "QuoraRetrieval");
        m.put("scidocs", "SCIDOCS");
        m.put("arguana", "ArguAna");
        m.put("scifact", "SciFact");
        m.put("touche2020", "Touche2020");
        return Collections.unmodifiableMap(m);
    }

    /** Builder with sentence-transformers' defaults (all 13 sets, mean aggregation). */
    public static final class Builder {
        private final Path root;
        private List<String> datasetNames;
        private List<Integer> mrrAtK = List.of(10);
        private List<Integer> ndcgAtK = List.of(10);
        private List<Integer> accuracyAtK = List.of(1, 3, 5, 10);
        private List<Integer> precisionRecallAtK = List.of(1, 3, 5, 10);
        private List<Integer> mapAtK = List.of(100);
        private boolean showProgressBar;
        private int batchSize = 32;
        private boolean writeCsv = true;
        private Integer truncateDim;
        private Map<String, SimilarityFunction> scoreFunctions;
        private SimilarityFunction mainScoreFunction;
        private Function<double[], Double> aggregateFn = Statistics::mean;
        private String aggregateKey = "mean";
        private String queryPrompt;
        private Map<String, String> queryPrompts;
        private String corpusPrompt;
        private Map<String, String> corpusPrompts;
        private boolean writePredictions;

        private Builder(Path root) {
            if (root == null) {
                throw new IllegalArgumentException("root must not be null");
            }
            this.root = root;
        }

        /** Which sets (e.g. {@code scifact}, {@code nfcorpus}); null means all 13. */
        public Builder datasetNames(List<String> names) {
            this.datasetNames = names;
            return this;
        }

        public Builder mrrAtK(List<Integer> ks) {
            this.mrrAtK = Checks.ks("mrrAtK", ks);
            return this;
        }

        public Builder ndcgAtK(List<Integer> ks) {
            this.ndcgAtK = Checks.ks("ndcgAtK", ks);
            return this;
        }

        public Builder accuracyAtK(List<Integer> ks) {
            this.accuracyAtK = Checks.ks("accuracyAtK", ks);
            return this;
        }

        public Builder precisionRecallAtK(List<Integer> ks) {
            this.precisionRecallAtK = Checks.ks("precisionRecallAtK", ks);
            return this;
        }

        public Builder mapAtK(List<Integer> ks) {
            this.mapAtK = Checks.ks("mapAtK", ks);
            return this;
        }

        public Builder showProgressBar(boolean show) {
            this.showProgressBar = show;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
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

        public Builder scoreFunctions(Map<String, SimilarityFunction> functions) {
            this.scoreFunctions = functions;
            return this;
        }

        public Builder mainScoreFunction(SimilarityFunction fn) {
            this.mainScoreFunction = fn;
            return this;
        }

        /** How per-set values are combined (default: the mean), under {@code aggregateKey} in the name. */
        public Builder aggregate(String aggregateKey, Function<double[], Double> aggregateFn) {
            this.aggregateKey = aggregateKey;
            this.aggregateFn = aggregateFn;
            return this;
        }

        /** The same query prompt for every set. */
        public Builder queryPrompt(String prompt) {
            this.queryPrompt = prompt;
            return this;
        }

        /** A query prompt per set name; every evaluated set must have one. */
        public Builder queryPrompts(Map<String, String> prompts) {
            this.queryPrompts = prompts;
            return this;
        }

        /** The same corpus prompt for every set. */
        public Builder corpusPrompt(String prompt) {
            this.corpusPrompt = prompt;
            return this;
        }

        /** A corpus prompt per set name; every evaluated set must have one. */
        public Builder corpusPrompts(Map<String, String> prompts) {
            this.corpusPrompts = prompts;
            return this;
        }

        /** Also write each set's ranked hits (see {@link InformationRetrievalEvaluator.Builder#writePredictions}). */
        public Builder writePredictions(boolean write) {
            this.writePredictions = write;
            return this;
        }

        /** Reads every set from the root folder. */
        public NanoBEIREvaluator build() {
            return new NanoBEIREvaluator(this);
        }
    }
}
