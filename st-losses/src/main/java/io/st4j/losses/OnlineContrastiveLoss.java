package io.st4j.losses;

import io.st4j.core.train.Loss;
import io.st4j.data.ColumnRequirements;
import io.st4j.data.LabelType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * ContrastiveLoss on the hard pairs of the batch only: negatives closer than the farthest positive, and
 * positives farther than the closest negative (with the library's fallbacks to the mean when a side has
 * at most one pair). Summed, not averaged.
 */
public class OnlineContrastiveLoss implements Loss {

    /** Stands in for infinity in masked reductions (finite so that 0 * it stays 0). */
    private static final double BIG = 1e30;

    private final SiameseDistanceMetric distanceMetric;
    private final double margin;

    /** Cosine distance, margin 0.5. */
    public OnlineContrastiveLoss() {
        this(SiameseDistanceMetric.COSINE_DISTANCE, 0.5);
    }

    public OnlineContrastiveLoss(SiameseDistanceMetric distanceMetric, double margin) {
        this.distanceMetric = distanceMetric;
        this.margin = margin;
    }

    @Override
    public SDVariable compute(SameDiff sd, List<SDVariable> embeddings, SDVariable labels) {
        LossRequirements.checkCompute(this, embeddings.size(), labels != null);
        SDVariable d = distanceMetric.distance(sd, embeddings.get(0), embeddings.get(1));
        SDVariable pos = Ops.labelColumn(labels).reshape(-1);
        SDVariable neg = pos.rsub(1.0);
        SDVariable fixed = Ops.noGrad(sd, d);
        SDVariable posCount = pos.sum();
        SDVariable negCount = neg.sum();
        SDVariable maxPos = fixed.sub(neg.mul(BIG)).max();
        SDVariable minNeg = fixed.add(pos.mul(BIG)).min();
        SDVariable meanNeg = fixed.mul(neg).sum().div(sd.scalarMax(negCount, 1.0));
        SDVariable meanPos = fixed.mul(pos).sum().div(sd.scalarMax(posCount, 1.0));
        SDVariable manyPos = Ops.mask(sd.gt(posCount, 1.0));
        SDVariable manyNeg = Ops.mask(sd.gt(negCount, 1.0));
        SDVariable negThreshold = choose(manyPos, maxPos, meanNeg);
        SDVariable posThreshold = choose(manyNeg, minNeg, meanPos);
        SDVariable hardNeg = neg.mul(Ops.mask(sd.lt(fixed, negThreshold)));
        SDVariable hardPos = pos.mul(Ops.mask(sd.gt(fixed, posThreshold)));
        SDVariable positiveLoss = hardPos.mul(d.pow(2)).sum();
        SDVariable negativeLoss = hardNeg.mul(sd.nn.relu(d.rsub(margin), 0).pow(2)).sum();
        return positiveLoss.add(negativeLoss);
    }

    /** {@code condition ? a : b} for a 0/1 scalar condition and finite a, b. */
    private static SDVariable choose(SDVariable condition, SDVariable a, SDVariable b) {
        return a.mul(condition).add(b.mul(condition.rsub(1.0)));
    }

    @Override
    public ColumnRequirements requirements() {
        return ColumnRequirements.exactly(2, LabelType.INTEGER);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("distance_metric", distanceMetric.configName());
        config.put("margin", margin);
        return config;
    }

    @Override
    public String citation() {
        return Citations.CONTRASTIVE;
    }
}
