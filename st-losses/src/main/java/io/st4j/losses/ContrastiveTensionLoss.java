package io.st4j.losses;

import io.st4j.core.train.DualEncoderLoss;
import io.st4j.data.ColumnRequirements;
import io.st4j.data.LabelType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Contrastive Tension: binary cross-entropy (summed) on the dot product of the two encoders' embeddings
 * of a sentence pair, label 1 for identical sentences and 0 otherwise (see {@link DualEncoderLoss}).
 */
public class ContrastiveTensionLoss implements DualEncoderLoss {

    @Override
    public SDVariable compute(SameDiff sd, List<SDVariable> embeddings, SDVariable labels) {
        if (embeddings.size() != 2) {
            throw new IllegalArgumentException(name() + " needs 2 embeddings (copy encoder, model) but got " + embeddings.size());
        }
        if (labels == null) {
            throw new IllegalArgumentException(name() + " needs labels: 1 where the two texts are identical, else 0");
        }
        SDVariable x = embeddings.get(0).mul(embeddings.get(1)).sum(1);
        SDVariable y = Ops.labelColumn(labels).reshape(-1);
        // BCEWithLogits: max(x, 0) - x y + log(1 + exp(-|x|))
        SDVariable perRow = sd.nn.relu(x, 0).sub(x.mul(y)).add(sd.math.log1p(sd.math.exp(sd.math.abs(x).neg())));
        return perRow.sum();
    }

    @Override
    public ColumnRequirements requirements() {
        return ColumnRequirements.exactly(2, LabelType.INTEGER);
    }

    @Override
    public Map<String, Object> config() {
        return new LinkedHashMap<>();
    }

    @Override
    public String citation() {
        return Citations.CONTRASTIVE_TENSION;
    }
}
