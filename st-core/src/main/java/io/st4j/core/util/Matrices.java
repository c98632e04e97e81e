package io.st4j.core.util;

import java.util.Arrays;

/** Argument checks and row slicing shared by the utilities; every message names the argument. */
final class Matrices {

    private Matrices() {
    }

    /**
     * Checks that {@code m} is a non-null matrix of equal-length rows of finite values.
     *
     * @return the row length, or -1 when {@code m} has no rows
     */
    static int requireMatrix(float[][] m, String name) {
        if (m == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        int dim = -1;
        for (int r = 0; r < m.length; r++) {
            float[] row = m[r];
            if (row == null) {
                throw new IllegalArgumentException(name + "[" + r + "] is null");
            }
            if (dim < 0) {
                dim = row.length;
            } else if (row.length != dim) {
                throw new IllegalArgumentException(name + "[" + r + "] has " + row.length
                        + " values but " + name + "[0] has " + dim);
            }
            for (int c = 0; c < row.length; c++) {
                if (!Float.isFinite(row[c])) {
                    throw new IllegalArgumentException(name + "[" + r + "][" + c + "] is " + row[c]);
                }
            }
        }
        return dim;
    }

    /** Checks two matrices and that their rows (when both have any) are of equal length. */
    static void requireSameDimension(float[][] a, String nameA, float[][] b, String nameB) {
        int da = requireMatrix(a, nameA);
        int db = requireMatrix(b, nameB);
        if (da >= 0 && db >= 0 && da != db) {
            throw new IllegalArgumentException(nameA + " has dimension " + da + " but " + nameB + " has " + db);
        }
    }

    /** Requires {@code value >= 1}. */
    static int requirePositive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
        return value;
    }

    /** Applies a score function, checking that it returned a {@code [queries.length][corpus.length]} matrix. */
    static float[][] score(ScoreFunction function, float[][] queries, float[][] corpus) {
        float[][] scores = function.scores(queries, corpus);
        boolean ok = scores != null && scores.length == queries.length;
        for (int r = 0; ok && r < scores.length; r++) {
            ok = scores[r] != null && scores[r].length == corpus.length;
        }
        if (!ok) {
            throw new IllegalStateException("scoreFunction must return a [" + queries.length + "]["
                    + corpus.length + "] matrix for " + queries.length + " query rows and " + corpus.length
                    + " corpus rows");
        }
        return scores;
    }

    /** Rows {@code [from, min(from + size, m.length))}, sharing the row arrays. */
    static float[][] rows(float[][] m, int from, int size) {
        return Arrays.copyOfRange(m, from, (int) Math.min((long) from + size, m.length));
    }
}
