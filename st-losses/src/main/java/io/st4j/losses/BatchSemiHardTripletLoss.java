package io.st4j.losses;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * For each (anchor, positive) pair, the closest negative farther than the positive (semi-hard), or the
 * farthest negative when there is none, as in FaceNet and TensorFlow Addons' {@code triplet_semihard_loss}.
 */
public class BatchSemiHardTripletLoss extends BatchTripletLoss {

    /** Euclidean distance, margin 5. */
    public BatchSemiHardTripletLoss() {
        this(BatchHardTripletLossDistanceFunction.EUCLIDEAN_DISTANCE, 5.0);
    }

    public BatchSemiHardTripletLoss(BatchHardTripletLossDistanceFunction distanceMetric, double margin) {
        super(distanceMetric, margin);
    }

    @Override
    SDVariable loss(SameDiff sd, SDVariable distances, SDVariable sameLabel, SDVariable eye) {
        SDVariable otherLabel = sameLabel.rsub(1.0);
        // indices [anchor a, positive p, candidate k]
        SDVariable toCandidate = sd.expandDims(distances, 1);
        SDVariable toPositive = sd.expandDims(distances, 2);
        SDVariable farther = Ops.mask(sd.gt(Ops.noGrad(sd, toCandidate), Ops.noGrad(sd, toPositive)));
        SDVariable semiHard = sd.expandDims(otherLabel, 1).mul(farther);
        SDVariable hasSemiHard = Ops.mask(sd.gt(semiHard.sum(2), 0.0));

        SDVariable rowMax = sd.expandDims(distances.max(true, 1), 2);
        SDVariable outside = toCandidate.sub(rowMax).mul(semiHard).min(2).add(rowMax.reshape(-1, 1));
        SDVariable rowMin = distances.min(true, 1);
        SDVariable inside = distances.sub(rowMin).mul(otherLabel).max(true, 1).add(rowMin);
        SDVariable negatives = outside.mul(hasSemiHard).add(inside.mul(hasSemiHard.rsub(1.0)));

        SDVariable losses = distances.sub(negatives).add(margin);
        SDVariable positives = sameLabel.sub(eye);
        return sd.nn.relu(losses.mul(positives), 0).sum().div(positives.sum());
    }
}
