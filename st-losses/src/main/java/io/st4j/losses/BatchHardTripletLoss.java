package io.st4j.losses;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** For each anchor, its farthest positive against its closest negative: {@code mean(relu(d_ap - d_an + margin))}. */
public class BatchHardTripletLoss extends BatchTripletLoss {

    /** Euclidean distance, margin 5. */
    public BatchHardTripletLoss() {
        this(BatchHardTripletLossDistanceFunction.EUCLIDEAN_DISTANCE, 5.0);
    }

    public BatchHardTripletLoss(BatchHardTripletLossDistanceFunction distanceMetric, double margin) {
        super(distanceMetric, margin);
    }

    @Override
    SDVariable loss(SameDiff sd, SDVariable distances, SDVariable sameLabel, SDVariable eye) {
        return sd.nn.relu(hardestPositive(distances, sameLabel, eye).sub(hardestNegative(distances, sameLabel)).add(margin), 0).mean();
    }

    /** The largest distance to another row of the same label, {@code [batch, 1]}. */
    static SDVariable hardestPositive(SDVariable distances, SDVariable sameLabel, SDVariable eye) {
        return sameLabel.sub(eye).mul(distances).max(true, 1);
    }

    /** The smallest distance to a row of another label, {@code [batch, 1]}. */
    static SDVariable hardestNegative(SDVariable distances, SDVariable sameLabel) {
        SDVariable rowMax = distances.max(true, 1);
        return distances.add(rowMax.mul(sameLabel)).min(true, 1);
    }
}
