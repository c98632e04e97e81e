package io.st4j.core.util;

/**
 * A score matrix function, as the {@code score_function} argument of sentence-transformers'
 * {@code semantic_search} and {@code paraphrase_mining}: higher means more similar.
 * {@link Similarity#cosSim} and {@link Similarity#dotScore} (and {@code SimilarityFunction::matrix}) fit.
 */
@FunctionalInterface
public interface ScoreFunction {

    /** The scores {@code [queries.length][corpus.length]} of every query row against every corpus row. */
    float[][] scores(float[][] queries, float[][] corpus);
}
