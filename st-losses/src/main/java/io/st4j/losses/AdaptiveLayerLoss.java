package io.st4j.losses;

import io.st4j.core.train.Loss;
import io.st4j.data.ColumnRequirements;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The wrapped loss at the final layer and at (a sample of) the prior layers of the transformer, plus a KL
 * term pulling each prior layer's embedding distribution towards the final layer's (2D Matryoshka, Li et
 * al. 2024), so that the model can be truncated in depth.
 *
 * <p>Trainer hook: call {@link #sampleLayers(int)} once per step with the number of hidden-state outputs
 * of the transformer ({@code num_hidden_layers + 1}; index 0 is the embedding output, the last index is
 * the final layer); for each returned index, run the modules after the transformer (pooling, dense,
 * normalize) on that hidden state as if it were the last, per input column; then call
 * {@link #compute(SameDiff, List, Map, SDVariable)}. The plain {@link #compute(SameDiff, List, SDVariable)}
 * is not available.
 */
public class AdaptiveLayerLoss implements Loss {

    /** The weight of prior layer {@code i} before averaging. */
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
    private final Random random;

    /** One prior layer per step, all weights 1, KL temperature 0.3, uniform layer weighting. */
    public AdaptiveLayerLoss(Loss loss) {
        this(loss, 1, 1.0, 1.0, 1.0, 0.3, LayerWeighting.UNIFORM, new Random(0));
    }

    public AdaptiveLayerLoss(Loss loss, int nLayersPerStep, double lastLayerWeight, double priorLayersWeight,
            double klDivWeight, double klTemperature, LayerWeighting layerWeighting, Random random) {
        if (GradCache.miniBatchSize(loss).isPresent()) {
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
        this.random = random;
    }

    /** The wrapped loss. */
    public Loss loss() {
        return loss;
    }

    /**
     * The prior layers to train this step: all of {@code 0 .. numLayers - 2}, or a random sample of
     * {@code nLayersPerStep} of them.
     */
    public List<Integer> sampleLayers(int numLayers) {
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < numLayers - 1; i++) {
            indices.add(i);
        }
        if (nLayersPerStep > 0 && nLayersPerStep < numLayers - 1) {
            Collections.shuffle(indices, random);
            return new ArrayList<>(indices.subList(0, nLayersPerStep));
        }
        return indices;
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

    /** Always fails: this loss needs the embeddings of the prior layers (see the class documentation). */
    @Override
    public SDVariable compute(SameDiff sd, List<SDVariable> embeddings, SDVariable labels) {
        throw new IllegalStateException(name() + " needs per-layer embeddings: call compute(sd, finalEmbeddings, layerEmbeddings, labels)");
    }

    /**
     * Builds the loss.
     *
     * @param finalEmbeddings the model's embeddings, one per input column
     * @param layerEmbeddings for each sampled prior layer index, the embeddings computed from that layer, one per column
     */
    public SDVariable compute(SameDiff sd, List<SDVariable> finalEmbeddings, Map<Integer, List<SDVariable>> layerEmbeddings, SDVariable labels) {
        SDVariable total = loss.compute(sd, finalEmbeddings, labels).mul(lastLayerWeight);
        if (layerEmbeddings.isEmpty()) {
            return total;
        }
        SDVariable finalProbs = null;
        SDVariable rows = null;
        if (klTemperature > 0) {
            SDVariable all = stack(sd, finalEmbeddings);
            finalProbs = Ops.noGrad(sd, sd.math.exp(Ops.logSoftmax(sd, all.div(klTemperature), 1)));
            rows = Ops.rowNumbers(sd, all).max();
        }
        int count = layerEmbeddings.size();
        for (Map.Entry<Integer, List<SDVariable>> layer : layerEmbeddings.entrySet()) {
            double weight = layerWeight(layer.getKey()) / count * priorLayersWeight;
            total = total.add(loss.compute(sd, layer.getValue(), labels).mul(weight));
            if (klTemperature > 0) {
                SDVariable logProbs = Ops.logSoftmax(sd, stack(sd, layer.getValue()).div(klTemperature), 1);
                SDVariable kl = finalProbs.mul(sd.math.log(finalProbs).sub(logProbs)).sum().div(rows);
                total = total.add(kl.mul(klTemperature * klDivWeight));
            }
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
        config.put("layer_weighting", layerWeighting.name().toLowerCase(java.util.Locale.ROOT));
        return config;
    }

    @Override
    public String citation() {
        return Citations.TWO_D_MATRYOSHKA;
    }
}
