package io.st4j.evaluation;

import io.st4j.core.SimilarityFunction;

/**
 * Similarity matrices between two sets of embeddings, as {@code util.cos_sim} / {@code dot_score} /
 * {@code model.similarity} compute them, with cosine rows normalized once rather than per pair.
 */
final class Scores {

    private Scores() {
    }

    /** {@code [a.length][b.length]} scores; higher means more similar for every function. */
    static float[][] matrix(SimilarityFunction function, float[][] a, float[][] b) {
        if (function == SimilarityFunction.COSINE) {
            return dot(normalized(a), normalized(b));
        }
        if (function == SimilarityFunction.DOT) {
            return dot(a, b);
        }
        return function.matrix(a, b);
    }

    /** Rows divided by their L2 norm (clamped at 1e-12, as torch's normalize). */
    static float[][] normalized(float[][] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            double sum = 0;
            for (float x : rows[i]) {
                sum += (double) x * x;
            }
            double norm = Math.max(Math.sqrt(sum), 1e-12);
            out[i] = new float[rows[i].length];
            for (int j = 0; j < rows[i].length; j++) {
                out[i][j] = (float) (rows[i][j] / norm);
            }
        }
        return out;
    }

    private static float[][] dot(float[][] a, float[][] b) {
        float[][] out = new float[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            float[] x = a[i];
            for (int j = 0; j < b.length; j++) {
                float[] y = b[j];
                if (x.length != y.length) {
                    throw new IllegalArgumentException("embeddings differ in length: " + x.length + " vs " + y.length);
                }
                double sum = 0;
                for (int d = 0; d < x.length; d++) {
                    sum += (double) x[d] * y[d];
                }
                out[i][j] = (float) sum;
            }
        }
        return out;
    }
}
