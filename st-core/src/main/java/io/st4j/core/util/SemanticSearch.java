package io.st4j.core.util;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * sentence-transformers' {@code util.semantic_search}: the {@code topK} corpus rows that score highest
 * against each query, scanning queries and corpus in chunks to bound memory.
 */
public final class SemanticSearch {

    private SemanticSearch() {
    }

    /** {@link #semanticSearch(float[][], float[][], Options)} with {@link Options#DEFAULTS}. */
    public static List<List<SearchHit>> semanticSearch(float[][] queries, float[][] corpus) {
        return semanticSearch(queries, corpus, Options.DEFAULTS);
    }

    /**
     * For every query, its {@code min(topK, corpus.length)} best corpus rows, highest score first (equal
     * scores by ascending corpus id). The result does not depend on the chunk sizes beyond the rounding of
     * the score function.
     */
    public static List<List<SearchHit>> semanticSearch(float[][] queries, float[][] corpus, Options options) {
        Matrices.requireSameDimension(queries, "queries", corpus, "corpus");
        List<List<SearchHit>> results = new ArrayList<>(queries.length);
        for (int queryStart = 0; queryStart < queries.length; queryStart += options.queryChunkSize()) {
            float[][] queryChunk = Matrices.rows(queries, queryStart, options.queryChunkSize());
            // Per query of the chunk, the best candidates found so far, as (id, score) pairs.
            int[][] bestIds = new int[queryChunk.length][0];
            float[][] bestScores = new float[queryChunk.length][0];
            for (int corpusStart = 0; corpusStart < corpus.length; corpusStart += options.corpusChunkSize()) {
                float[][] corpusChunk = Matrices.rows(corpus, corpusStart, options.corpusChunkSize());
                float[][] scores = Matrices.score(options.scoreFunction(), queryChunk, corpusChunk);
                for (int q = 0; q < queryChunk.length; q++) {
                    merge(bestIds, bestScores, q, scores[q], corpusStart, options.topK());
                }
            }
            for (int q = 0; q < queryChunk.length; q++) {
                List<SearchHit> hits = new ArrayList<>(bestIds[q].length);
                for (int h = 0; h < bestIds[q].length; h++) {
                    hits.add(new SearchHit(bestIds[q][h], bestScores[q][h]));
                }
                results.add(List.copyOf(hits));
            }
        }
        return List.copyOf(results);
    }

    /** Keeps the topK best of the previous best of query q and the top of this chunk's scores. */
    private static void merge(int[][] bestIds, float[][] bestScores, int q, float[] chunkScores, int offset,
                              int topK) {
        int[] chunkTop = TopK.indices(chunkScores, topK);
        int previous = bestIds[q].length;
        float[] scores = Arrays.copyOf(bestScores[q], previous + chunkTop.length);
        int[] ids = Arrays.copyOf(bestIds[q], previous + chunkTop.length);
        for (int t = 0; t < chunkTop.length; t++) {
            scores[previous + t] = chunkScores[chunkTop[t]];
            ids[previous + t] = offset + chunkTop[t];
        }
        // Corpus ids grow with the chunk offset, so position order is id order among equal scores.
        int[] keep = TopK.indices(scores, topK);
        bestIds[q] = new int[keep.length];
        bestScores[q] = new float[keep.length];
        for (int t = 0; t < keep.length; t++) {
            bestIds[q][t] = ids[keep[t]];
            bestScores[q][t] = scores[keep[t]];
        }
    }

    /**
     * Arguments of {@code semantic_search} with its defaults.
     *
     * @param queryChunkSize  queries scored at a time (100)
     * @param corpusChunkSize corpus rows scored at a time (500000)
     * @param topK            results per query (10)
     * @param scoreFunction   the score matrix function ({@link Similarity#cosSim})
     */
    public record Options(int queryChunkSize, int corpusChunkSize, int topK, ScoreFunction scoreFunction) {

        /** sentence-transformers' defaults. */
        public static final Options DEFAULTS = builder().build();

        public Options {
            Matrices.requirePositive(queryChunkSize, "queryChunkSize");
            Matrices.requirePositive(corpusChunkSize, "corpusChunkSize");
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
            private int queryChunkSize = 100;
            private int corpusChunkSize = 500_000;
            private int topK = 10;
            private ScoreFunction scoreFunction = Similarity::cosSim;

            public Builder queryChunkSize(int queryChunkSize) {
                this.queryChunkSize = queryChunkSize;
                return this;
            }

            public Builder corpusChunkSize(int corpusChunkSize) {
                this.corpusChunkSize = corpusChunkSize;
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
                return new Options(queryChunkSize, corpusChunkSize, topK, scoreFunction);
            }
        }
    }
}
