package io.st4j.losses;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Every valid (anchor, positive, negative) triplet of the batch; the sum over the triplets with a positive loss divided by their count. */
public class BatchAllTripletLoss extends BatchTripletLoss {

    /** Euclidean distance, margin 5. */
    public BatchAllTripletLoss() {
        this(BatchHardTripletLossDistanceFunction.EUCLIDEAN_DISTANCE, 5.0);
    }

    public BatchAllTripletLoss(BatchHardTripletLossDistanceFunction distanceMetric, double margin) {
        super(distanceMetric, margin);
    }

    @Override
    SDVariable loss(SameDiff sd, SDVariable distances, SDVariable sameLabel, SDVariable eye) {
        SDVariable anchorPositive = sd.expandDims(distances, 2);
        SDVariable anchorNegative = sd.expandDims(distances, 1);
        SDVariable triplets = anchorPositive.sub(anchorNegative).add(margin);
        // valid: a, p, n distinct; label(a) == label(p) != label(n)
        SDVariable positivePair = sd.expandDims(sameLabel.sub(eye), 2);
        SDVariable negativePair = sd.expandDims(sameLabel.rsub(1.0), 1);
        SDVariable distinctPN = sd.expandDims(eye.rsub(1.0), 0);
        SDVariable valid = positivePair.mul(negativePair).mul(distinctPN);
        SDVariable losses = sd.nn.relu(valid.mul(triplets), 0);
        SDVariable positiveCount = Ops.mask(sd.gt(Ops.noGrad(sd, losses), 1e-16)).sum();
        return losses.sum().div(positiveCount.add(1e-16));
    }
}
