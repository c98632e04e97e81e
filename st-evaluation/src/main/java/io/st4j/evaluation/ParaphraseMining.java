package io.st4j.evaluation;

import io.st4j.core.SimilarityFunction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * sentence-transformers' {@code util.paraphrase_mining_embeddings}: the most similar distinct pairs among a set
 * of embeddings, found chunk by chunk ({@code topK} best per sentence and corpus chunk, at most
 * {@code maxPairs - 1} candidates kept before (i, j)/(j, i) are merged), highest score first.
 */
public final class ParaphraseMining {

    /** A mined pair, {@code i < j}, with its score. */
    public record Pair(double score, int i, int j) {
    }

    private static final Comparator<Pair> TUPLE_ORDER = Comparator.comparingDouble(Pair::score)
            .thenComparingInt(Pair::i).thenComparingInt(Pair::j);

    private ParaphraseMining() {
    }

    /** With sentence-transformers' defaults: query chunk 5000, corpus chunk 100000, 500000 pairs, top 100, cosine. */
    public static List<Pair> mine(float[][] embeddings) {
        return mine(embeddings, 5000, 100000, 500000, 100, SimilarityFunction.COSINE);
    }

    public static List<Pair> mine(float[][] embeddings, int queryChunkSize, int corpusChunkSize, int maxPairs, int topK,
                                  SimilarityFunction scoreFunction) {
        Checks.positive("queryChunkSize", queryChunkSize);
        Checks.positive("corpusChunkSize", corpusChunkSize);
        Checks.positive("maxPairs", maxPairs);
        Checks.positive("topK", topK);
        int perRow = topK + 1; // a sentence is most similar to itself
        List<Pair> candidates = new ArrayList<>();
        for (int corpusStart = 0; corpusStart < embeddings.length; corpusStart += corpusChunkSize) {
            float[][] corpusChunk = slice(embeddings, corpusStart, corpusChunkSize);
            for (int queryStart = 0; queryStart < embeddings.length; queryStart += queryChunkSize) {
                float[][] scores = Scores.matrix(scoreFunction, slice(embeddings, queryStart, queryChunkSize), corpusChunk);
                for (int q = 0; q < scores.length; q++) {
                    for (int c : topIndices(scores[q], Math.min(perRow, scores[q].length))) {
                        int i = queryStart + q;
                        int j = corpusStart + c;
                        if (i != j) {
                            candidates.add(new Pair(scores[q][c], i, j));
                        }
                    }
                }
            }
        }
        // Python's bounded priority queue keeps the maxPairs - 1 largest (score, i, j) once maxPairs were added.
        candidates.sort(TUPLE_ORDER);
        if (candidates.size() >= maxPairs) {
            candidates = new ArrayList<>(candidates.subList(candidates.size() - (maxPairs - 1), candidates.size()));
        }
        Set<Long> seen = new HashSet<>();
        List<Pair> pairs = new ArrayList<>();
        for (Pair p : candidates) { // ascending, as the queue pops them
            int a = Math.min(p.i(), p.j());
            int b = Math.max(p.i(), p.j());
            if (seen.add(((long) a << 32) | b)) {
                pairs.add(new Pair(p.score(), a, b));
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::score).reversed());
        return pairs;
    }

    private static float[][] slice(float[][] rows, int start, int size) {
        int end = Math.min(start + size, rows.length);
        float[][] out = new float[end - start][];
        System.arraycopy(rows, start, out, 0, end - start);
        return out;
    }

    /** The indices of the {@code k} largest values (ties: lower index first). */
    private static int[] topIndices(float[] values, int k) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(values[b], values[a]));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = order[i];
        }
        return out;
    }
}
