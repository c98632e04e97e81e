package io.st4j.losses;

import io.st4j.core.train.Loss;
import java.util.Map;
import java.util.Random;

/**
 * 2D Matryoshka: {@link AdaptiveLayerLoss} around a {@link MatryoshkaLoss}, training both truncated
 * depths and truncated widths. Same trainer hook as {@link AdaptiveLayerLoss}; the KL term uses the
 * full-width embeddings.
 */
public class Matryoshka2dLoss extends AdaptiveLayerLoss {

    /** One layer and one dim per step, the other defaults of {@link AdaptiveLayerLoss}. */
    public Matryoshka2dLoss(Loss loss, int... matryoshkaDims) {
        this(loss, matryoshkaDims, null, 1, 1, 1.0, 1.0, 1.0, 0.3, new Random(0));
    }

    public Matryoshka2dLoss(Loss loss, int[] matryoshkaDims, double[] matryoshkaWeights, int nLayersPerStep,
            int nDimsPerStep, double lastLayerWeight, double priorLayersWeight, double klDivWeight, double klTemperature, Random random) {
        super(new MatryoshkaLoss(loss, matryoshkaDims, matryoshkaWeights, nDimsPerStep, random), nLayersPerStep,
                lastLayerWeight, priorLayersWeight, klDivWeight, klTemperature, LayerWeighting.UNIFORM, random);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = super.config();
        config.put("loss", ((MatryoshkaLoss) loss()).loss().name());
        config.putAll(((MatryoshkaLoss) loss()).config());
        config.put("loss", ((MatryoshkaLoss) loss()).loss().name());
        config.remove("layer_weighting");
        return config;
    }
}
