package io.st4j.losses;

import io.st4j.core.train.Loss;
import java.util.Map;

/**
 * 2D Matryoshka: {@link AdaptiveLayerLoss} around a {@link MatryoshkaLoss}, training both truncated
 * depths and truncated widths. Same trainer hook as {@link AdaptiveLayerLoss}; the KL term uses the
 * full-width embeddings.
 */
public class Matryoshka2dLoss extends AdaptiveLayerLoss {

    /** One layer and one dim per step, the other defaults of {@link AdaptiveLayerLoss}. */
    public Matryoshka2dLoss(Loss loss, int... matryoshkaDims) {
        this(loss, matryoshkaDims, null, 1, 1, 1.0, 1.0, 1.0, 0.3);
    }

    public Matryoshka2dLoss(Loss loss, int[] matryoshkaDims, double[] matryoshkaWeights, int nLayersPerStep,
            int nDimsPerStep, double lastLayerWeight, double priorLayersWeight, double klDivWeight, double klTemperature) {
        super(new MatryoshkaLoss(loss, matryoshkaDims, matryoshkaWeights, nDimsPerStep), nLayersPerStep,
                lastLayerWeight, priorLayersWeight, klDivWeight, klTemperature, LayerWeighting.UNIFORM);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = super.config();
        config.remove("layer_weighting");
        MatryoshkaLoss matryoshka = (MatryoshkaLoss) loss();
        config.putAll(matryoshka.config());
        config.put("loss", matryoshka.loss().name());
        return config;
    }
}
