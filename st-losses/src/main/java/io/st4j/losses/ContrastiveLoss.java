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
 * Contrastive loss (Hadsell et al.): pulls pairs labelled 1 together, pushes pairs labelled 0 beyond the
 * margin: {@code 0.5 * (y d^2 + (1 - y) relu(margin - d)^2)}, averaged or summed.
 */
public class ContrastiveLoss implements Loss {

    private final SiameseDistanceMetric distanceMetric;
    private final double margin;
    private final boolean sizeAverage;

    /** Cosine distance, margin 0.5, mean over the batch. */
    public ContrastiveLoss() {
        this(SiameseDistanceMetric.COSINE_DISTANCE, 0.5, true);
    }

    public ContrastiveLoss(SiameseDistanceMetric distanceMetric, double margin, boolean sizeAverage) {
        this.distanceMetric = distanceMetric;
        this.margin = margin;
        this.sizeAverage = sizeAverage;
    }

    @Override
    public SDVariable compute(SameDiff sd, List<SDVariable> embeddings, SDVariable labels) {
        LossRequirements.checkCompute(this, embeddings.size(), labels != null);
        SDVariable d = distanceMetric.distance(sd, embeddings.get(0), embeddings.get(1));
        SDVariable y = Ops.labelColumn(labels).reshape(-1);
        SDVariable pull = y.mul(d.pow(2));
        SDVariable push = y.rsub(1.0).mul(sd.nn.relu(d.rsub(margin), 0).pow(2));
        SDVariable losses = pull.add(push).mul(0.5);
        return sizeAverage ? losses.mean() : losses.sum();
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
        config.put("size_average", sizeAverage);
        return config;
    }

    @Override
    public String citation() {
        return Citations.CONTRASTIVE;
    }
}
