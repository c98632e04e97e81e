package io.st4j.losses;

import io.st4j.core.train.Loss;
import io.st4j.data.ColumnRequirements;
import io.st4j.data.LabelType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Triplet loss: {@code mean(relu(d(a, p) - d(a, n) + margin))} over (anchor, positive, negative) rows. */
public class TripletLoss implements Loss {

    private final TripletDistanceMetric distanceMetric;
    private final double tripletMargin;

    /** Euclidean distance, margin 5. */
    public TripletLoss() {
        this(TripletDistanceMetric.EUCLIDEAN, 5.0);
    }

    public TripletLoss(TripletDistanceMetric distanceMetric, double tripletMargin) {
        this.distanceMetric = distanceMetric;
        this.tripletMargin = tripletMargin;
    }

    @Override
    public SDVariable compute(SameDiff sd, List<SDVariable> embeddings, SDVariable labels) {
        LossRequirements.checkCompute(this, embeddings.size(), labels != null);
        SDVariable anchor = embeddings.get(0);
        SDVariable toPositive = distanceMetric.distance(sd, anchor, embeddings.get(1));
        SDVariable toNegative = distanceMetric.distance(sd, anchor, embeddings.get(2));
        return sd.nn.relu(toPositive.sub(toNegative).add(tripletMargin), 0).mean();
    }

    @Override
    public ColumnRequirements requirements() {
        return ColumnRequirements.exactly(3, LabelType.NONE);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("distance_metric", distanceMetric.configName());
        config.put("triplet_margin", tripletMargin);
        return config;
    }

    @Override
    public String citation() {
        return Citations.TRIPLET_FACENET;
    }
}
