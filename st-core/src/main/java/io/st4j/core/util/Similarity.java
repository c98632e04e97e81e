package io.st4j.core.util;

/**
 * The similarity functions of sentence-transformers' {@code util} ({@code cos_sim}, {@code dot_score},
 * {@code euclidean_sim}, {@code manhattan_sim}, their {@code pairwise_*} forms, {@code pairwise_angle_sim}
 * and {@code normalize_embeddings}) on row-major {@code float[rows][dim]} embeddings. Distances are
 * negated so that a higher score always means more similar.
 *
 * <p>Arithmetic: each score is accumulated in double and rounded once to float, i.e. it is the float
 * nearest to the exact score of the float inputs. torch rounds after every step (in an order set by its
 * BLAS and its reduction kernels), so results agree with sentence-transformers to a few float ulps, not
 * bit for bit. Cosine first normalizes each row to float, as torch does. The Euclidean matrix is computed
 * directly; torch switches to {@code |a|^2 - 2ab + |b|^2} when either side has more than 25 rows, which
 * leaves rounding residue (e.g. a distance of 0.002 from a vector to itself) that st4j does not reproduce.
 */
public final class Similarity {

    /** The norm floor of torch's {@code F.normalize}. */
    private static final double NORM_EPS = 1e-12;

    private Similarity() {
    }

    /** {@code cos_sim}: {@code [a.length][b.length]} cosine similarities of every row of a with every row of b. */
    public static float[][] cosSim(float[][] a, float[][] b) {
        Matrices.requireSameDimension(a, "a", b, "b");
        return dotProducts(normalize(a), normalize(b));
    }

    /** {@code dot_score}: {@code [a.length][b.length]} dot products. */
    public static float[][] dotScore(float[][] a, float[][] b) {
        Matrices.requireSameDimension(a, "a", b, "b");
        return dotProducts(a, b);
    }

    /** {@code euclidean_sim}: {@code [a.length][b.length]} negated Euclidean distances. */
    public static float[][] euclideanSim(float[][] a, float[][] b) {
        Matrices.requireSameDimension(a, "a", b, "b");
        float[][] out = new float[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                out[i][j] = (float) -Math.sqrt(squaredDistance(a[i], b[j]));
            }
        }
        return out;
    }

    /** {@code manhattan_sim}: {@code [a.length][b.length]} negated Manhattan (L1) distances. */
    public static float[][] manhattanSim(float[][] a, float[][] b) {
        Matrices.requireSameDimension(a, "a", b, "b");
        float[][] out = new float[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                out[i][j] = (float) -l1Distance(a[i], b[j]);
            }
        }
        return out;
    }

    /** {@code pairwise_cos_sim}: the cosine similarity of row i of a with row i of b. */
    public static float[] pairwiseCosSim(float[][] a, float[][] b) {
        requirePairs(a, b);
        float[][] na = normalize(a);
        float[][] nb = normalize(b);
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) dot(na[i], nb[i]);
        }
        return out;
    }

    /** {@code pairwise_dot_score}: the dot product of row i of a with row i of b. */
    public static float[] pairwiseDotScore(float[][] a, float[][] b) {
        requirePairs(a, b);
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) dot(a[i], b[i]);
        }
        return out;
    }

    /** {@code pairwise_euclidean_sim}: the negated Euclidean distance of row i of a to row i of b. */
    public static float[] pairwiseEuclideanSim(float[][] a, float[][] b) {
        requirePairs(a, b);
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) -Math.sqrt(squaredDistance(a[i], b[i]));
        }
        return out;
    }

    /** {@code pairwise_manhattan_sim}: the negated Manhattan distance of row i of a to row i of b. */
    public static float[] pairwiseManhattanSim(float[][] a, float[][] b) {
        requirePairs(a, b);
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) -l1Distance(a[i], b[i]);
        }
        return out;
    }

    /**
     * {@code pairwise_angle_sim}: the absolute normalized angle difference of AnglE (arXiv 2309.12871),
     * reading the first and second half of each row as the real and imaginary parts of complex numbers.
     *
     * @throws IllegalArgumentException if the dimension is odd or a row is all zeros (no angle)
     */
    public static float[] pairwiseAngleSim(float[][] x, float[][] y) {
        int dim = requirePairs(x, "x", y, "y");
        if (dim % 2 != 0) {
            throw new IllegalArgumentException("pairwiseAngleSim needs an even dimension (real and imaginary"
                    + " halves), got " + dim);
        }
        int half = dim / 2;
        float[] out = new float[x.length];
        for (int r = 0; r < x.length; r++) {
            float[] u = x[r];
            float[] v = y[r];
            double sum = 0;
            double normU = 0;
            double normV = 0;
            for (int k = 0; k < half; k++) {
                double a = u[k];
                double b = u[half + k];
                double c = v[k];
                double d = v[half + k];
                sum += (a * c + b * d) + (b * c - a * d);
                normU += a * a + b * b;
                normV += c * c + d * d;
            }
            if (normU == 0 || normV == 0) {
                throw new IllegalArgumentException("pairwiseAngleSim: row " + r + " of " + (normU == 0 ? "x" : "y")
                        + " is all zeros; its angle is undefined");
            }
            // torch: re, im = (...) / |v|^2, then both divided by |u| / |v|.
            out[r] = (float) Math.abs(sum / normV / (Math.sqrt(normU) / Math.sqrt(normV)));
        }
        return out;
    }

    /**
     * {@code normalize_embeddings}: each row divided by its L2 norm (floored at 1e-12, so a zero row stays
     * zero), as torch's {@code F.normalize}.
     */
    public static float[][] normalizeEmbeddings(float[][] embeddings) {
        Matrices.requireMatrix(embeddings, "embeddings");
        return normalize(embeddings);
    }

    static float[][] normalize(float[][] m) {
        float[][] out = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            float[] row = m[i];
            float norm = (float) Math.max(Math.sqrt(dot(row, row)), NORM_EPS);
            float[] n = new float[row.length];
            for (int k = 0; k < row.length; k++) {
                n[k] = row[k] / norm;
            }
            out[i] = n;
        }
        return out;
    }

    private static float[][] dotProducts(float[][] a, float[][] b) {
        float[][] out = new float[a.length][b.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                out[i][j] = (float) dot(a[i], b[j]);
            }
        }
        return out;
    }

    private static int requirePairs(float[][] a, float[][] b) {
        return requirePairs(a, "a", b, "b");
    }

    private static int requirePairs(float[][] a, String nameA, float[][] b, String nameB) {
        Matrices.requireSameDimension(a, nameA, b, nameB);
        if (a.length != b.length) {
            throw new IllegalArgumentException("pairwise similarity needs as many rows in " + nameA + " as in "
                    + nameB + ": " + a.length + " vs " + b.length);
        }
        return a.length == 0 ? 0 : a[0].length;
    }

    /** The dot product in double, with four partial sums so the loop is not one long dependency chain. */
    private static double dot(float[] a, float[] b) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < a.length; k += 4) {
            s0 += (double) a[k] * b[k];
            s1 += (double) a[k + 1] * b[k + 1];
            s2 += (double) a[k + 2] * b[k + 2];
            s3 += (double) a[k + 3] * b[k + 3];
        }
        for (; k < a.length; k++) {
            s0 += (double) a[k] * b[k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static double squaredDistance(float[] a, float[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            double d = (double) a[k] - b[k];
            sum += d * d;
        }
        return sum;
    }

    private static double l1Distance(float[] a, float[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += Math.abs((double) a[k] - b[k]);
        }
        return sum;
    }
}
