package io.st4j.losses;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** The distances of ContrastiveLoss and OnlineContrastiveLoss. */
public enum SiameseDistanceMetric {
    EUCLIDEAN, MANHATTAN, COSINE_DISTANCE;

    /** The distance of row i of {@code a} to row i of {@code b}. */
    public SDVariable distance(SameDiff sd, SDVariable a, SDVariable b) {
        switch (this) {
            case EUCLIDEAN:
                return Distances.euclidean(sd, a, b);
            case MANHATTAN:
                return Distances.manhattan(sd, a, b);
            case COSINE_DISTANCE:
                return Distances.cosine(sd, a, b);
            default:
                throw new AssertionError(this);
        }
    }

    /** The name in sentence-transformers' config, e.g. {@code SiameseDistanceMetric.COSINE_DISTANCE}. */
    public String configName() {
        return "SiameseDistanceMetric." + name();
    }
}
