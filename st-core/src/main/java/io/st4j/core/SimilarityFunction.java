package io.st4j.core;

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
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors differ in length: " + a.length + " vs " + b.length);
        }
        switch (this) {
            case COSINE: {
                double dot = 0, na = 0, nb = 0;
                for (int i = 0; i < a.length; i++) {
                    dot += (double) a[i] * b[i];
                    na += (double) a[i] * a[i];
                    nb += (double) b[i] * b[i];
                }
                // torch's normalize clamps each norm at 1e-12.
                return (float) (dot / (Math.max(Math.sqrt(na), 1e-12) * Math.max(Math.sqrt(nb), 1e-12)));
            }
            case DOT: {
                double dot = 0;
                for (int i = 0; i < a.length; i++) {
                    dot += (double) a[i] * b[i];
                }
                return (float) dot;
            }
            case EUCLIDEAN: {
                double sum = 0;
                for (int i = 0; i < a.length; i++) {
                    double d = (double) a[i] - b[i];
                    sum += d * d;
                }
                return (float) -Math.sqrt(sum);
            }
            case MANHATTAN: {
                double sum = 0;
                for (int i = 0; i < a.length; i++) {
                    sum += Math.abs((double) a[i] - b[i]);
                }
                return (float) -sum;
            }
            default:
                throw new AssertionError(this);
        }
    }

    /** The matrix of scores {@code [a.length][b.length]} between every row of {@code a} and every row of {@code b}. */
    public float[][] matrix(float[][] a, float[][] b) {
        float[][] out = new float[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                out[i][j] = score(a[i], b[j]);
            }
        }
        return out;
    }

    /** The scores of row {@code i} of {@code a} with row {@code i} of {@code b}. */
    public float[] pairwise(float[][] a, float[][] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("pairwise similarity needs equal row counts: " + a.length + " vs " + b.length);
        }
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = score(a[i], b[i]);
        }
        return out;
    }
}
