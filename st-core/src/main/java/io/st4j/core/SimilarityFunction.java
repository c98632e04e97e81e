package io.st4j.core;

import io.st4j.core.util.Similarity;
import java.util.Locale;

/**
 * The similarity functions of sentence-transformers ({@code similarity_fn_name}). Distances are
 * negated so that for every function a higher score means more similar.
 */
public enum SimilarityFunction {
    COSINE("cosine"),
    DOT("dot"),
    EUCLIDEAN("euclidean"),
    MANHATTAN("manhattan");

    private final String pythonName;

    SimilarityFunction(String pythonName) {
        this.pythonName = pythonName;
    }

    /** The name sentence-transformers uses in {@code config_sentence_transformers.json}. */
    public String pythonName() {
        return pythonName;
    }

    /** Parses a {@code similarity_fn_name} value ({@code cosine}, {@code dot}, {@code euclidean}, {@code manhattan}). */
    public static SimilarityFunction fromName(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        for (SimilarityFunction f : values()) {
            if (f.pythonName.equals(key)) {
                return f;
            }
        }
        if (key.equals("dot_product") || key.equals("dot_score")) {
            return DOT;
        }
        if (key.equals("cos_sim")) {
            return COSINE;
        }
        throw new IllegalArgumentException("unknown similarity function '" + name
                + "'; expected one of cosine, dot, euclidean, manhattan");
    }

    /** The score of one pair of vectors of equal length. */
    public float score(float[] a, float[] b) {
        if (a == null || b == null) {
            throw new IllegalArgumentException("vectors must not be null");
        }
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors differ in length: " + a.length + " vs " + b.length);
        }
        return pairwise(new float[][] {a}, new float[][] {b})[0];
    }

    /**
     * The matrix of scores {@code [a.length][b.length]} between every row of {@code a} and every row of
     * {@code b}, as sentence-transformers' {@code cos_sim}, {@code dot_score}, {@code euclidean_sim} and
     * {@code manhattan_sim} ({@link Similarity} describes the arithmetic).
     */
    public float[][] matrix(float[][] a, float[][] b) {
        switch (this) {
            case COSINE:
                return Similarity.cosSim(a, b);
            case DOT:
                return Similarity.dotScore(a, b);
            case EUCLIDEAN:
                return Similarity.euclideanSim(a, b);
            case MANHATTAN:
                return Similarity.manhattanSim(a, b);
            default:
                throw new AssertionError(this);
        }
    }

    /** The scores of row {@code i} of {@code a} with row {@code i} of {@code b} (the {@code pairwise_*} functions). */
    public float[] pairwise(float[][] a, float[][] b) {
        switch (this) {
            case COSINE:
                return Similarity.pairwiseCosSim(a, b);
            case DOT:
                return Similarity.pairwiseDotScore(a, b);
            case EUCLIDEAN:
                return Similarity.pairwiseEuclideanSim(a, b);
            case MANHATTAN:
                return Similarity.pairwiseManhattanSim(a, b);
            default:
                throw new AssertionError(this);
        }
    }
}
