package io.st4j.evaluation;

import io.st4j.core.SimilarityFunction;

/**
 * Pairwise similarity scores of embeddings as sentence-transformers' {@code pairwise_*} functions compute them,
 * in torch's own float32 summation order (score matrices: {@link SimilarityFunction#matrix}).
 */
final class Scores {

    private Scores() {
    }

    /**
     * The scores of row i of {@code a} with row i of {@code b}, rounded as sentence-transformers'
     * {@code pairwise_*} functions round them in torch float32: elementwise terms in float32, summed by
     * {@link #torchSum}. Thresholds taken from these scores are then equal to Python's, not one ulp apart.
     */
    static float[] pairwise(SimilarityFunction function, float[][] a, float[][] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("pairwise scores need equal row counts: " + a.length + " vs " + b.length);
        }
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            float[] x = a[i];
            float[] y = b[i];
            if (x.length != y.length) {
                throw new IllegalArgumentException("embeddings differ in length: " + x.length + " vs " + y.length);
            }
            float[] terms = new float[x.length];
            switch (function) {
                case COSINE -> {
                    float nx = (float) Math.max(Math.sqrt(torchSum(squares(x))), 1e-12);
                    float ny = (float) Math.max(Math.sqrt(torchSum(squares(y))), 1e-12);
                    for (int d = 0; d < x.length; d++) {
                        terms[d] = (x[d] / nx) * (y[d] / ny);
                    }
                    out[i] = torchSum(terms);
                }
                case DOT -> {
                    for (int d = 0; d < x.length; d++) {
                        terms[d] = x[d] * y[d];
                    }
                    out[i] = torchSum(terms);
                }
                case EUCLIDEAN -> {
                    for (int d = 0; d < x.length; d++) {
                        float diff = x[d] - y[d];
                        terms[d] = diff * diff;
                    }
                    out[i] = (float) -Math.sqrt(torchSum(terms));
                }
                case MANHATTAN -> {
                    for (int d = 0; d < x.length; d++) {
                        terms[d] = Math.abs(x[d] - y[d]);
                    }
                    out[i] = -torchSum(terms);
                }
                default -> throw new AssertionError(function);
            }
        }
        return out;
    }

    private static float[] squares(float[] x) {
        float[] out = new float[x.length];
        for (int d = 0; d < x.length; d++) {
            out[d] = x[d] * x[d];
        }
        return out;
    }

    /**
     * A float32 sum in the order of torch 1.13's CPU kernel for a contiguous last-dimension reduction with
     * 8-float (AVX2) vectors: lane l takes elements l, l+8, ...; the vectors are accumulated in 4 interleaved
     * partial sums (cascaded in levels for long rows), those are added in order, the scalar tail is summed first
     * and the 8 lanes are then added to it one by one. Rows shorter than 8 are summed left to right.
     */
    static float torchSum(float[] values) {
        final int lanes = 8;
        int n = values.length;
        if (n < lanes) {
            float acc = 0;
            for (float v : values) {
                acc += v;
            }
            return acc;
        }
        int vectors = n / lanes;
        float[] lane = rowSum(values, vectors, lanes);
        float total = 0;
        for (int k = vectors * lanes; k < n; k++) {
            total += values[k];
        }
        for (float l : lane) {
            total += l;
        }
        return total;
    }

    /** torch's {@code row_sum} over {@code vectors} vectors of {@code lanes} floats, lane-wise. */
    private static float[] rowSum(float[] values, int vectors, int lanes) {
        final int ilp = 4;
        int rows = vectors / ilp;
        float[][] partial = multiRowSum(values, rows, ilp, lanes);
        for (int v = rows * ilp; v < vectors; v++) {
            for (int l = 0; l < lanes; l++) {
                partial[0][l] += values[v * lanes + l];
            }
        }
        for (int k = 1; k < ilp; k++) {
            for (int l = 0; l < lanes; l++) {
                partial[0][l] += partial[k][l];
            }
        }
        return partial[0];
    }

    /** torch's {@code multi_row_sum}: 4 cascade levels so that long rows lose little precision. */
    private static float[][] multiRowSum(float[] values, int rows, int ilp, int lanes) {
        final int levels = 4;
        int levelPower = Math.max(4, ceilLog2(rows) / levels);
        int levelStep = 1 << levelPower;
        long levelMask = levelStep - 1;
        float[][][] acc = new float[levels][ilp][lanes];
        int i = 0;
        while (i + levelStep <= rows) {
            for (int j = 0; j < levelStep; j++, i++) {
                addRow(acc[0], values, i, ilp, lanes);
            }
            for (int j = 1; j < levels; j++) {
                for (int k = 0; k < ilp; k++) {
                    for (int l = 0; l < lanes; l++) {
                        acc[j][k][l] += acc[j - 1][k][l];
                        acc[j - 1][k][l] = 0;
                    }
                }
                if ((i & (levelMask << (j * levelPower))) != 0) {
                    break;
                }
            }
        }
        for (; i < rows; i++) {
            addRow(acc[0], values, i, ilp, lanes);
        }
        for (int j = 1; j < levels; j++) {
            for (int k = 0; k < ilp; k++) {
                for (int l = 0; l < lanes; l++) {
                    acc[0][k][l] += acc[j][k][l];
                }
            }
        }
        return acc[0];
    }

    private static void addRow(float[][] acc, float[] values, int row, int ilp, int lanes) {
        for (int k = 0; k < ilp; k++) {
            int base = (row * ilp + k) * lanes;
            for (int l = 0; l < lanes; l++) {
                acc[k][l] += values[base + l];
            }
        }
    }

    private static int ceilLog2(int x) {
        return x <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(x - 1);
    }
}
