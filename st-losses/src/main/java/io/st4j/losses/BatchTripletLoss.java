package io.st4j.losses;

import io.st4j.core.train.Loss;
import io.st4j.data.ColumnRequirements;
import io.st4j.data.LabelType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** What the batch triplet losses share: one text column with integer class labels, and the label masks. */
abstract class BatchTripletLoss implements Loss {

    protected final BatchHardTripletLossDistanceFunction distanceMetric;
    protected final double margin;

    BatchTripletLoss(BatchHardTripletLossDistanceFunction distanceMetric, double margin) {
        this.distanceMetric = distanceMetric;
        this.margin = margin;
    }

    @Override
    public final SDVariable compute(SameDiff sd, List<SDVariable> embeddings, SDVariable labels) {
        LossRequirements.checkCompute(this, embeddings.size(), labels != null);
        SDVariable x = embeddings.get(0);
        SDVariable column = Ops.labelColumn(labels);
        SDVariable sameLabel = Ops.mask(sd.eq(column, sd.permute(column, 1, 0)));
        return loss(sd, distanceMetric.matrix(sd, x), sameLabel, Ops.eye(sd, x));
    }

    /**
     * @param distances the {@code [batch, batch]} distances
     * @param sameLabel 1 where rows i and j share a label (the diagonal included)
     * @param eye       the identity
     */
    abstract SDVariable loss(SameDiff sd, SDVariable distances, SDVariable sameLabel, SDVariable eye);

    @Override
    public ColumnRequirements requirements() {
        return ColumnRequirements.exactly(1, LabelType.INTEGER);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("distance_metric", "BatchHardTripletLossDistanceFunction." + distanceMetric.pythonName());
        config.put("margin", margin);
        return config;
    }

    @Override
    public String citation() {
        return Citations.TRIPLET;
    }
}
