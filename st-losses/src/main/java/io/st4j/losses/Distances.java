package io.st4j.losses;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Row-wise distances as torch computes them ({@code F.pairwise_distance}, {@code 1 - F.cosine_similarity}). */
final class Distances {

    /** torch's {@code pairwise_distance} epsilon, added to the difference before the norm. */
    private static final double PAIRWISE_EPS = 1e-6;
    /** torch's {@code cosine_similarity} epsilon (its square clamps the product of squared norms). */
    private static final double COSINE_EPS = 1e-8;

    private Distances() {
    }

    /** {@code ||a - b + eps||_2} per row. */
    static SDVariable euclidean(SameDiff sd, SDVariable a, SDVariable b) {
        return sd.math.sqrt(a.sub(b).add(PAIRWISE_EPS).pow(2).sum(1));
    }

    /** {@code ||a - b + eps||_1} per row. */
    static SDVariable manhattan(SameDiff sd, SDVariable a, SDVariable b) {
        return sd.math.abs(a.sub(b).add(PAIRWISE_EPS)).sum(1);
    }

    /** {@code F.cosine_similarity(a, b)} per row. */
    static SDVariable cosineSimilarity(SameDiff sd, SDVariable a, SDVariable b) {
        SDVariable dot = a.mul(b).sum(1);
        SDVariable norms = a.pow(2).sum(1).mul(b.pow(2).sum(1));
        return dot.div(sd.math.sqrt(sd.scalarMax(norms, COSINE_EPS * COSINE_EPS)));
    }

    /** {@code 1 - F.cosine_similarity(a, b)} per row. */
    static SDVariable cosine(SameDiff sd, SDVariable a, SDVariable b) {
        return cosineSimilarity(sd, a, b).rsub(1.0);
    }
}
