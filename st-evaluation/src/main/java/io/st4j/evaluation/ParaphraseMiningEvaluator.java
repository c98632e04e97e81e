package io.st4j.evaluation;

import io.st4j.core.SentenceEncoder;
import io.st4j.core.util.ParaphraseMining;
import io.st4j.core.util.ScoredPair;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sentence-transformers' {@code ParaphraseMiningEvaluator}: mines the most similar sentence pairs (cosine) and
 * compares them with the known duplicates. Metrics {@code average_precision} (primary), {@code f1},
 * {@code precision}, {@code recall}, {@code threshold}. CSV {@code paraphrase_mining_evaluation[_name]_results.csv}.
 */
public final class ParaphraseMiningEvaluator extends EncodingEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(ParaphraseMiningEvaluator.class);

    private final List<String> ids = new ArrayList<>();
    private final List<String> sentences = new ArrayList<>();
    private final Map<String, Set<String>> duplicates = new HashMap<>();
    private final int totalDuplicates;
    private final ParaphraseMining.Options mining;

    private ParaphraseMiningEvaluator(Builder b) {
        super(b);
        if (b.sentencesMap == null) {
            throw new IllegalArgumentException("sentencesMap must not be null");
        }
        b.sentencesMap.forEach((id, text) -> {
            if (text == null) {
                throw new IllegalArgumentException("sentence '" + id + "' has no text");
            }
            ids.add(id);
            sentences.add(text);
        });
        Checks.nonEmpty("sentencesMap", sentences);
        for (List<String> pair : b.duplicatesList) {
            if (pair.size() != 2) {
                throw new IllegalArgumentException("a duplicate pair must hold two ids, got " + pair);
            }
            if (b.sentencesMap.containsKey(pair.get(0)) && b.sentencesMap.containsKey(pair.get(1))) {
                link(pair.get(0), pair.get(1));
            }
        }
        b.duplicatesDict.forEach((id, others) -> others.forEach(other -> link(id, other)));
        if (b.addTransitiveClosure) {
            addTransitiveClosure();
        }
        Set<List<String>> positivePairs = new LinkedHashSet<>();
        duplicates.forEach((a, others) -> others.forEach(c -> {
            if (b.sentencesMap.containsKey(a) && b.sentencesMap.containsKey(c)) {
                positivePairs.add(a.compareTo(c) <= 0 ? List.of(a, c) : List.of(c, a));
            }
        }));
        this.totalDuplicates = positivePairs.size();
        if (totalDuplicates == 0) {
            throw new IllegalArgumentException("no duplicate pair among the sentences: average precision is undefined");
        }
        this.mining = ParaphraseMining.Options.builder().queryChunkSize(b.queryChunkSize)
                .corpusChunkSize(b.corpusChunkSize).maxPairs(b.maxPairs).topK(b.topK).build();
    }

    /** @param sentencesMap sentence id to text, in order */
    public static Builder builder(Map<String, String> sentencesMap) {
        return new Builder(sentencesMap);
    }

    public String csvFile() {
        return "paraphrase_mining_evaluation" + (name().isEmpty() ? "" : "_" + name()) + "_results.csv";
    }

    @Override
    public Map<String, Double> evaluate(SentenceEncoder model, Path outputPath, int epoch, int steps) {
        LOG.info("Paraphrase Mining Evaluation of the model on the {} dataset{}:", name(), when(epoch, steps));
        float[][] embeddings = model.encode(sentences, encodeOptions().build());
        List<ScoredPair> pairs = ParaphraseMining.paraphraseMiningEmbeddings(embeddings, mining);
        LOG.info("Number of candidate pairs: {}", pairs.size());

        int extracted = 0;
        int correct = 0;
        // Python keeps the int 0 until a duplicate is found, and writes it as "0".
        Number threshold = 0;
        Number bestF1 = 0;
        Number bestPrecision = 0;
        Number bestRecall = 0;
        double averagePrecision = 0;
        for (int idx = 0; idx < pairs.size(); idx++) {
            ScoredPair pair = pairs.get(idx);
            extracted++;
            if (isDuplicate(ids.get(pair.i()), ids.get(pair.j()))) {
                correct++;
                double precision = (double) correct / extracted;
                double recall = (double) correct / totalDuplicates;
                double f1 = 2 * precision * recall / (precision + recall);
                averagePrecision += precision;
                if (f1 > bestF1.doubleValue()) {
                    bestF1 = f1;
                    bestPrecision = precision;
                    bestRecall = recall;
                    // Python's scores are floats (doubles): their mean is taken in double.
                    threshold = ((double) pair.score() + pairs.get(Math.min(idx + 1, pairs.size() - 1)).score()) / 2;
                }
            }
        }
        averagePrecision /= totalDuplicates;
        LOG.info("Average Precision: {}", String.format(Locale.ROOT, "%.2f", averagePrecision * 100));
        LOG.info("Optimal threshold: {}", String.format(Locale.ROOT, "%.4f", threshold.doubleValue()));

        if (writesCsv(outputPath)) {
            CsvResults.append(outputPath, csvFile(),
                    List.of("epoch", "steps", "precision", "recall", "f1", "threshold", "average_precision"),
                    List.of(epoch, steps, bestPrecision, bestRecall, bestF1, threshold, averagePrecision),
                    CsvResults.Style.CSV_WRITER);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("average_precision", averagePrecision);
        metrics.put("f1", bestF1.doubleValue());
        metrics.put("precision", bestPrecision.doubleValue());
        metrics.put("recall", bestRecall.doubleValue());
        metrics.put("threshold", threshold.doubleValue());
        return prefixed(metrics);
    }

    @Override
    public String primaryMetric() {
        return prefixed("average_precision");
    }

    private boolean isDuplicate(String a, String b) {
        return duplicates.getOrDefault(a, Set.of()).contains(b) || duplicates.getOrDefault(b, Set.of()).contains(a);
    }

    private void link(String a, String b) {
        duplicates.computeIfAbsent(a, k -> new LinkedHashSet<>()).add(b);
        duplicates.computeIfAbsent(b, k -> new LinkedHashSet<>()).add(a);
    }

    /** Every two sentences connected through duplicates become duplicates. */
    private void addTransitiveClosure() {
        Set<String> visited = new LinkedHashSet<>();
        for (String start : new ArrayList<>(duplicates.keySet())) {
            if (!visited.add(start)) {
                continue;
            }
            List<String> component = new ArrayList<>(List.of(start));
            Deque<String> queue = new ArrayDeque<>(duplicates.get(start));
            while (!queue.isEmpty()) {
                String node = queue.poll();
                if (visited.add(node)) {
                    component.add(node);
                    queue.addAll(duplicates.getOrDefault(node, Set.of()));
                }
            }
            for (int i = 0; i < component.size(); i++) {
                for (int j = i + 1; j < component.size(); j++) {
                    link(component.get(i), component.get(j));
                }
            }
        }
    }

    /** Builder with sentence-transformers' defaults. */
    public static final class Builder extends EncodingEvaluator.Builder<Builder> {
        private final Map<String, String> sentencesMap;
        private final List<List<String>> duplicatesList = new ArrayList<>();
        private final Map<String, Collection<String>> duplicatesDict = new LinkedHashMap<>();
        private boolean addTransitiveClosure;
        private int queryChunkSize = 5000;
        private int corpusChunkSize = 100000;
        private int maxPairs = 500000;
        private int topK = 100;

        private Builder(Map<String, String> sentencesMap) {
            super(16);
            this.sentencesMap = sentencesMap;
        }

        /** Pairs of duplicate ids; pairs naming unknown ids are ignored, as in sentence-transformers. */
        public Builder duplicatesList(List<List<String>> pairs) {
            duplicatesList.addAll(pairs);
            return this;
        }

        /** Id to the ids it duplicates (read symmetrically). */
        public Builder duplicatesDict(Map<String, ? extends Collection<String>> dict) {
            duplicatesDict.putAll(dict);
            return this;
        }

        public Builder addTransitiveClosure(boolean add) {
            this.addTransitiveClosure = add;
            return this;
        }

        public Builder queryChunkSize(int size) {
            this.queryChunkSize = size;
            return this;
        }

        public Builder corpusChunkSize(int size) {
            this.corpusChunkSize = size;
            return this;
        }

        public Builder maxPairs(int maxPairs) {
            this.maxPairs = maxPairs;
            return this;
        }

        public Builder topK(int topK) {
            this.topK = topK;
            return this;
        }

        public ParaphraseMiningEvaluator build() {
            return new ParaphraseMiningEvaluator(this);
        }
    }
}
