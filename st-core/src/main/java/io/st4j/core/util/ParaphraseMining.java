package io.st4j.core.util;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * sentence-transformers' {@code util.paraphrase_mining_embeddings}: the highest-scoring pairs of distinct
 * rows of one embedding matrix, following the Python algorithm step by step so that its quirks carry over:
 * <ul>
 *   <li>{@code topK} applies per row and per corpus chunk, so smaller corpus chunks can add pairs;</li>
 *   <li>{@code maxPairs} bounds a min-priority queue before (i, j)/(j, i) are merged, so fewer than
 *       {@code maxPairs} pairs can come back; scores at or below -1 are never kept;</li>
 *   <li>when both (i, j) and (j, i) are found, the lower of their two scores is reported.</li>
 * </ul>
 */
public final class ParaphraseMining {

    /** Python's order of the tuples {@code (score, i, j)} (numeric, so -0.0 equals 0.0). */
    private static final Comparator<ScoredPair> QUEUE_ORDER = Comparator
            .comparing(ScoredPair::score, ParaphraseMining::compareNumeric)
            .thenComparingInt(ScoredPair::i).thenComparingInt(ScoredPair::j);

    private ParaphraseMining() {
    }

    /** {@link #paraphraseMiningEmbeddings(float[][], Options)} with {@link Options#DEFAULTS}. */
    public static List<ScoredPair> paraphraseMiningEmbeddings(float[][] embeddings) {
        return paraphraseMiningEmbeddings(embeddings, Options.DEFAULTS);
    }

    /** The mined pairs, each with {@code i < j}, highest score first. */
    public static List<ScoredPair> paraphraseMiningEmbeddings(float[][] embeddings, Options options) {
        Matrices.requireMatrix(embeddings, "embeddings");
        // Every row finds itself, which is skipped.
        int candidatesPerRow = (int) Math.min(options.topK() + 1L, Integer.MAX_VALUE);
        PriorityQueue<ScoredPair> queue = new PriorityQueue<>(QUEUE_ORDER);
        float minScore = -1;
        long added = 0;
        for (int corpusStart = 0; corpusStart < embeddings.length; corpusStart += options.corpusChunkSize()) {
            float[][] corpusChunk = Matrices.rows(embeddings, corpusStart, options.corpusChunkSize());
            for (int queryStart = 0; queryStart < embeddings.length; queryStart += options.queryChunkSize()) {
                float[][] queryChunk = Matrices.rows(embeddings, queryStart, options.queryChunkSize());
                float[][] scores = Matrices.score(options.scoreFunction(), queryChunk, corpusChunk);
                for (int q = 0; q < queryChunk.length; q++) {
                    for (int c : TopK.indices(scores[q], candidatesPerRow)) {
                        int i = queryStart + q;
                        int j = corpusStart + c;
                        float score = scores[q][c];
                        if (i != j && score > minScore) {
                            queue.add(new ScoredPair(score, i, j));
                            if (++added >= options.maxPairs()) {
                                minScore = queue.poll().score();
                            }
                        }
                    }
                }
            }
        }
        Set<Long> seen = new HashSet<>();
        List<ScoredPair> pairs = new ArrayList<>(queue.size());
        while (!queue.isEmpty()) {
            ScoredPair p = queue.poll();
            int i = Math.min(p.i(), p.j());
            int j = Math.max(p.i(), p.j());
            if (seen.add(((long) i << 32) | j)) {
                pairs.add(new ScoredPair(p.score(), i, j));
            }
        }
        // Stable: equal scores keep the order in which they left the queue.
        pairs.sort((x, y) -> compareNumeric(y.score(), x.score()));
        return List.copyOf(pairs);
    }

    private static int compareNumeric(float x, float y) {
        return x < y ? -1 : (x > y ? 1 : 0);
    }

    /**
     * Arguments of {@code paraphrase_mining_embeddings} with its defaults.
     *
     * @param queryChunkSize  rows scored as queries at a time (5000)
     * @param corpusChunkSize rows scored as corpus at a time (100000)
     * @param maxPairs        bound of the priority queue of pairs (500000)
     * @param topK            pairs kept per row and corpus chunk (100)
     * @param scoreFunction   the score matrix function ({@link Similarity#cosSim})
     */
    public record Options(int queryChunkSize, int corpusChunkSize, int maxPairs, int topK,
                          ScoreFunction scoreFunction) {

        /** sentence-transformers' defaults. */
        public static final Options DEFAULTS = builder().build();

        public Options {
            Matrices.requirePositive(queryChunkSize, "queryChunkSize");
            Matrices.requirePositive(corpusChunkSize, "corpusChunkSize");
            Matrices.requirePositive(maxPairs, "maxPairs");
            Matrices.requirePositive(topK, "topK");
            if (scoreFunction == null) {
                throw new IllegalArgumentException("scoreFunction must not be null");
            }
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Builder for {@link Options}. */
        public static final class Builder {
            private int queryChunkSize = 5000;
            private int corpusChunkSize = 100_000;
            private int maxPairs = 500_000;
            private int topK = 100;
            private ScoreFunction scoreFunction = Similarity::cosSim;

            public Builder queryChunkSize(int queryChunkSize) {
                this.queryChunkSize = queryChunkSize;
                return this;
            }

            public Builder corpusChunkSize(int corpusChunkSize) {
                this.corpusChunkSize = corpusChunkSize;
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

            public Builder scoreFunction(ScoreFunction scoreFunction) {
                this.scoreFunction = scoreFunction;
                return this;
            }

            public Options build() {
                return new Options(queryChunkSize, corpusChunkSize, maxPairs, topK, scoreFunction);
            }
        }
    }
}
