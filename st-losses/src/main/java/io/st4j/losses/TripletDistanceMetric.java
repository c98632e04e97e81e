package io.st4j.losses;

import io.st4j.core.SimilarityFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The "distances" of TripletLoss, as sentence-transformers defines them: {@code COSINE} is
 * {@code 1 - pairwise_cos_sim}, but {@code EUCLIDEAN} and {@code MANHATTAN} are the library's
 * {@code pairwise_euclidean_sim} / {@code pairwise_manhattan_sim}, i.e. negative distances. With them the
 * loss {@code relu(d(a, p) - d(a, n) + margin)} rewards a positive farther than the negative; this is the
 * library's behaviour (verified against 5.1.2) and is kept so that training matches it.
 */
public enum TripletDistanceMetric {
    COSINE, EUCLIDEAN, MANHATTAN;

    /** The distance of row i of {@code a} to row i of {@code b}. */
    public SDVariable distance(SameDiff sd, SDVariable a, SDVariable b) {
        switch (this) {
            case COSINE:
                return Similarities.pairwise(sd, SimilarityFunction.COSINE, a, b).rsub(1.0);
            case EUCLIDEAN:
                return Similarities.pairwise(sd, SimilarityFunction.EUCLIDEAN, a, b);
            case MANHATTAN:
                return Similarities.pairwise(sd, SimilarityFunction.MANHATTAN, a, b);
            default:
                throw new AssertionError(this);
        }
    }

    /** The name in sentence-transformers' config, e.g. {@code TripletDistanceMetric.EUCLIDEAN}. */
    public String configName() {
        return "TripletDistanceMetric." + name();
    }
}
