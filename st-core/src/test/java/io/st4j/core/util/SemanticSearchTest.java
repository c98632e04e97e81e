package io.st4j.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SemanticSearchTest {

    private static float[][] random(Random r, int rows, int dim) {
        float[][] m = new float[rows][dim];
        for (float[] row : m) {
            for (int k = 0; k < dim; k++) {
                row[k] = (float) r.nextGaussian();
            }
        }
        return m;
    }

    /** The dot-product ranking computed with plain loops, independent of the code under test. */
    private static List<Integer> bruteForceDotRanking(float[] query, float[][] corpus, int k) {
        List<Integer> ids = new ArrayList<>();
        double[] scores = new double[corpus.length];
        for (int j = 0; j < corpus.length; j++) {
            ids.add(j);
            for (int d = 0; d < query.length; d++) {
                scores[j] += (double) query[d] * corpus[j][d];
            }
        }
        ids.sort(Comparator.comparingDouble(j -> -scores[j]));
        return ids.subList(0, Math.min(k, ids.size()));
    }

    @Test
    void chunkedSearchEqualsBruteForce() {
        Random r = new Random(7);
        float[][] queries = random(r, 9, 8);
        float[][] corpus = random(r, 41, 8);
        SemanticSearch.Options options = SemanticSearch.Options.builder()
                .topK(6).queryChunkSize(4).corpusChunkSize(5).scoreFunction(Similarity::dotScore).build();
        List<List<SearchHit>> hits = SemanticSearch.semanticSearch(queries, corpus, options);
        assertEquals(9, hits.size());
        for (int q = 0; q < queries.length; q++) {
            assertEquals(bruteForceDotRanking(queries[q], corpus, 6),
                    hits.get(q).stream().map(SearchHit::corpusId).toList(), "query " + q);
        }
    }

    @Test
    void topKLargerThanCorpusReturnsWholeCorpusRanked() {
        float[][] corpus = {{1, 0}, {0, 1}, {1, 1}};
        List<SearchHit> hits = SemanticSearch.semanticSearch(new float[][] {{1, 0.1f}}, corpus,
                SemanticSearch.Options.builder().topK(50).corpusChunkSize(2).build()).get(0);
        assertEquals(List.of(0, 2, 1), hits.stream().map(SearchHit::corpusId).toList());
    }

    @Test
    void equalScoresRankByAscendingCorpusIdAcrossChunks() {
        float[][] corpus = {{0, 1}, {1, 0}, {0, 1}, {1, 0}, {1, 0}};
        List<SearchHit> hits = SemanticSearch.semanticSearch(new float[][] {{1, 0}}, corpus,
                SemanticSearch.Options.builder().topK(2).corpusChunkSize(2).build()).get(0);
        assertEquals(List.of(1, 3), hits.stream().map(SearchHit::corpusId).toList());
    }

    @Test
    void emptyCorpusOrQueries() {
        List<List<SearchHit>> noCorpus = SemanticSearch.semanticSearch(new float[][] {{1, 0}, {0, 1}}, new float[0][]);
        assertEquals(List.of(List.of(), List.of()), noCorpus);
        assertEquals(List.of(), SemanticSearch.semanticSearch(new float[0][], new float[][] {{1, 0}}));
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException topK = assertThrows(IllegalArgumentException.class,
                () -> SemanticSearch.Options.builder().topK(0).build());
        assertEquals("topK must be >= 1, got 0", topK.getMessage());
        IllegalArgumentException dims = assertThrows(IllegalArgumentException.class,
                () -> SemanticSearch.semanticSearch(new float[][] {{1, 0}}, new float[][] {{1, 0, 0}}));
        assertEquals("queries has dimension 2 but corpus has 3", dims.getMessage());
        IllegalStateException shape = assertThrows(IllegalStateException.class,
                () -> SemanticSearch.semanticSearch(new float[][] {{1, 0}}, new float[][] {{1, 0}},
                        SemanticSearch.Options.builder().scoreFunction((q, c) -> new float[1][2]).build()));
        assertTrue(shape.getMessage().startsWith("scoreFunction must return a [1][1] matrix"), shape.getMessage());
    }
}
