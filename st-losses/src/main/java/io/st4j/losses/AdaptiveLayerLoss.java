package io.st4j.losses;

import io.st4j.core.train.CachedLoss;
import io.st4j.core.train.LayerwiseLoss;
import io.st4j.core.train.Loss;
import io.st4j.data.ColumnRequirements;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The wrapped loss at the final layer and at (a sample of) the prior layers of the transformer, plus a KL
 * term pulling each prior layer's embedding distribution towards the final layer's (detached), so that the
 * model can be truncated in depth (2D Matryoshka, Li et al. 2024). See {@link LayerwiseLoss} for the
 * trainer hook. With {@code nLayersPerStep > 0}, that many prior layers are drawn anew each time the graph
 * runs (ND4J's random generator, which the trainer seeds with each step's seed); the others contribute nothing.
 */
public class AdaptiveLayerLoss implements LayerwiseLoss {

    /** The weight of prior layer {@code i} before averaging over the sampled layers. */
    public enum LayerWeighting {
        /** 1 for every layer. */
        UNIFORM,
        /** {@code 1 / (1 + ln(1 + i))}. */
        LOG,
        /** {@code 1 / (1 + i)}. */
        LINEAR
    }

    private final Loss loss;
    private final int nLayersPerStep;
    private final double lastLayerWeight;
    private final double priorLayersWeight;
    private final double klDivWeight;
    private final double klTemperature;
    private final LayerWeighting layerWeighting;

    /** One prior layer per step, all weights 1, KL temperature 0.3, uniform layer weighting. */
    public AdaptiveLayerLoss(Loss loss) {
        this(loss, 1, 1.0, 1.0, 1.0, 0.3, LayerWeighting.UNIFORM);
    }

    public AdaptiveLayerLoss(Loss loss, int nLayersPerStep, double lastLayerWeight, double priorLayersWeight,
            double klDivWeight, double klTemperature, LayerWeighting layerWeighting) {
        if (CachedLoss.miniBatchSizeOf(loss).isPresent()) {
            throw new IllegalArgumentException("AdaptiveLayerLoss is not compatible with " + loss.name()
                    + " (a GradCache loss back-propagates in its own passes)");
        }
        this.loss = loss;
        this.nLayersPerStep = nLayersPerStep;
        this.lastLayerWeight = lastLayerWeight;
        this.priorLayersWeight = priorLayersWeight;
        this.klDivWeight = klDivWeight;
        this.klTemperature = klTemperature;
        this.layerWeighting = layerWeighting;
    }

    /** The wrapped loss. */
    public Loss loss() {
        return loss;
    }

    /** The weight of prior layer {@code layer} before averaging over the sampled layers. */
    public double layerWeight(int layer) {
        switch (layerWeighting) {
            case LOG:
                return 1.0 / (1.0 + Math.log(1 + layer));
            case LINEAR:
                return 1.0 / (1 + layer);
            case UNIFORM:
                return 1.0;
            default:
                throw new AssertionError(layerWeighting);
        }
    }

    @Override
    public SDVariable compute(SameDiff sd, List<SDVariable> finalEmbeddings, List<List<SDVariable>> priorLayerEmbeddings, SDVariable labels) {
        SDVariable total = loss.compute(sd, finalEmbeddings, labels).mul(lastLayerWeight);
        int layers = priorLayerEmbeddings.size();
        if (layers == 0) {
            return total;
        }
        boolean sampled = nLayersPerStep > 0 && nLayersPerStep < layers;
        int perStep = sampled ? nLayersPerStep : layers;
        SDVariable chosen = sampled ? Ops.sampleMask(sd, layers, nLayersPerStep) : null;
        SDVariable finalProbs = null;
        SDVariable rows = null;
        if (klTemperature > 0) {
            SDVariable all = stack(sd, finalEmbeddings);
            finalProbs = Ops.noGrad(sd, sd.math.exp(Ops.logSoftmax(sd, all.div(klTemperature), 1)));
            rows = Ops.rowNumbers(sd, all).max();
        }
        for (int i = 0; i < layers; i++) {
            List<SDVariable> layer = priorLayerEmbeddings.get(i);
            SDVariable term = loss.compute(sd, layer, labels).mul(layerWeight(i) / perStep * priorLayersWeight);
            if (klTemperature > 0) {
                SDVariable logProbs = Ops.logSoftmax(sd, stack(sd, layer).div(klTemperature), 1);
                SDVariable kl = finalProbs.mul(sd.math.log(finalProbs).sub(logProbs)).sum().div(rows);
                term = term.add(kl.mul(klTemperature * klDivWeight));
            }
            if (sampled) {
                term = term.mul(Ops.entry(chosen, i));
            }
            total = total.add(term);
        }
        return total;
    }

    /** The columns' embeddings one under the other, as the library's ForwardDecorator concatenates them. */
    private static SDVariable stack(SameDiff sd, List<SDVariable> columns) {
        return columns.size() == 1 ? columns.get(0) : sd.concat(0, columns.toArray(new SDVariable[0]));
    }

    @Override
    public ColumnRequirements requirements() {
        return loss.requirements();
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("loss", loss.name());
        config.put("n_layers_per_step", nLayersPerStep);
        config.put("last_layer_weight", lastLayerWeight);
        config.put("prior_layers_weight", priorLayersWeight);
        config.put("kl_div_weight", klDivWeight);
        config.put("kl_temperature", klTemperature);
        config.put("layer_weighting", layerWeighting.name().toLowerCase(Locale.ROOT));
        return config;
    }

    @Override
    public String citation() {
        return Citations.TWO_D_MATRYOSHKA;
    }
}
