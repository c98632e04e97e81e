package io.st4j.losses;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** BatchHardTripletLoss with a soft margin: {@code mean(log(1 + exp(d_ap - d_an)))}. */
public class BatchHardSoftMarginTripletLoss extends BatchTripletLoss {

    /** Euclidean distance. */
    public BatchHardSoftMarginTripletLoss() {
        this(BatchHardTripletLossDistanceFunction.EUCLIDEAN_DISTANCE);
    }

    public BatchHardSoftMarginTripletLoss(BatchHardTripletLossDistanceFunction distanceMetric) {
        super(distanceMetric, 0.0);
    }

    @Override
    SDVariable loss(SameDiff sd, SDVariable distances, SDVariable sameLabel, SDVariable eye) {
        SDVariable gap = BatchHardTripletLoss.hardestPositive(distances, sameLabel, eye)
                .sub(BatchHardTripletLoss.hardestNegative(distances, sameLabel));
        return sd.math.log1p(sd.math.exp(gap)).mean();
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("distance_metric", "BatchHardTripletLossDistanceFunction." + distanceMetric.pythonName());
        return config;
    }
}
