package io.st4j.losses;

import io.st4j.core.SimilarityFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** CoSENT on the angle difference in complex space ({@code pairwise_angle_sim}) instead of the cosine. */
public class AnglELoss extends CoSENTLoss {

    /** Scale 20. */
    public AnglELoss() {
        this(20.0);
    }

    public AnglELoss(double scale) {
        super(scale, SimilarityFunction.COSINE);
    }

    @Override
    protected SDVariable pairScores(SameDiff sd, SDVariable a, SDVariable b) {
        return Similarities.pairwiseAngle(sd, a, b);
    }

    @Override
    protected String similarityName() {
        return "pairwise_angle_sim";
    }

    @Override
    public String citation() {
        return Citations.ANGLE;
    }
}
