package io.st4j.core.modules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds a post-LN encoder (BERT, RoBERTa, XLM-RoBERTa, DistilBERT, MPNet: exact erf GELU, additive
 * {@code float32_min} attention mask) as SameDiff operations on top of the summed input embeddings, naming
 * its parameters as the architecture's checkpoint does. Token vectors are kept as
 * {@code [batch * tokens, hidden]} between layers; attention works per head on {@code [batch, heads, tokens, headSize]}.
 */
final class EncoderGraph {

    /** Placeholder of MPNet's one-hot relative position buckets, {@code [buckets, tokens * tokens]}. */
    static final String RELATIVE_POSITION_BUCKETS = "relative_position_buckets";
    private static final float MASK_VALUE = -Float.MAX_VALUE;

    private final ModuleGraph graph;
    private final SameDiff sd;
    private final EncoderConfig config;
    private final EncoderArchitecture.LayerLayout layout;
    private final Map<String, INDArray> weights;

    EncoderGraph(ModuleGraph graph, EncoderConfig config, Map<String, INDArray> weights) {
        this.graph = graph;
        this.sd = graph.sd();
        this.config = config;
        this.layout = config.architecture().layout();
        this.weights = weights;
    }

    /**
     * @param embeddingSum word + token type + position embeddings, {@code [batch * tokens, hidden]}
     * @param mask         attention mask {@code [batch, tokens]}, float
     * @return the hidden states {@code [batch, tokens, hidden]}: the embedding layer's output, then each
     *         layer's; the last is the token embeddings
     */
    List<SDVariable> build(SDVariable embeddingSum, SDVariable mask) {
        SDVariable batchAndTokens = sd.shape(mask);
        SDVariable perHeadShape = sd.concat(0, batchAndTokens,
                sd.constant(Nd4j.createFromArray((long) config.numHeads(), (long) config.headSize())));
        SDVariable tokenShape = sd.concat(0, batchAndTokens, sd.constant(Nd4j.createFromArray((long) config.hiddenSize())));
        // [batch, 1, 1, tokens]: 0 for real tokens, float32 min for padding.
        SDVariable additiveMask = sd.expandDims(sd.expandDims(mask.rsub(1.0).mul(MASK_VALUE), 1), 1);
        SDVariable positionBias = config.architecture().hasRelativeAttentionBias()
                ? relativePositionBias(batchAndTokens) : null;

        SDVariable x = hiddenDropout(layerNorm(embeddingSum, EncoderArchitecture.EMBEDDING_NORM), "embeddings");
        List<SDVariable> hiddenStates = new ArrayList<>();
        hiddenStates.add(sd.reshape(x, tokenShape));
        for (int i = 0; i < config.numLayers(); i++) {
            x = layer(x, i, perHeadShape, additiveMask, positionBias);
            hiddenStates.add(sd.reshape(x, tokenShape));
        }
        return hiddenStates;
    }

    /**
     * MPNet's bias {@code [1, heads, tokens, tokens]}, shared by every layer: the bias table times the one-hot
     * bucket matrix (a matrix product rather than a gather, whose gradient SameDiff M2.1 cannot take when a
     * graph holds more than one gather), so the table trains like any weight.
     */
    private SDVariable relativePositionBias(SDVariable batchAndTokens) {
        SDVariable table = graph.parameter(EncoderArchitecture.RELATIVE_ATTENTION_BIAS,
                weights.get(EncoderArchitecture.RELATIVE_ATTENTION_BIAS));
        SDVariable buckets = graph.placeholder(RELATIVE_POSITION_BUCKETS, config.relativeAttentionBuckets(), -1);
        SDVariable tokens = sd.slice(batchAndTokens, new int[] {1}, new int[] {1});
        SDVariable shape = sd.concat(0, sd.constant(Nd4j.createFromArray(1L, (long) config.numHeads())), tokens, tokens);
        return sd.reshape(sd.mmul(table, buckets, true, false, false), shape);
    }

    private SDVariable layer(SDVariable x, int index, SDVariable perHeadShape, SDVariable additiveMask,
                             SDVariable positionBias) {
        String prefix = layout.layers() + index + ".";
        SDVariable q = heads(linear(x, prefix + layout.query()), perHeadShape);
        SDVariable k = heads(linear(x, prefix + layout.key()), perHeadShape);
        SDVariable v = heads(linear(x, prefix + layout.value()), perHeadShape);
        double scale = Math.sqrt(config.headSize());
        SDVariable scores = config.architecture().scalesQueries()
                ? sd.mmul(q.div(scale), k, false, true, false)
                : sd.mmul(q, k, false, true, false).div(scale);
        if (positionBias != null) {
            scores = scores.add(positionBias);
        }
        SDVariable probs = graph.dropout(sd.nn.softmax(scores.add(additiveMask), -1), config.attentionDropout(),
                DropoutSites.attention(index), -1, config.numHeads(), -1, -1);
        SDVariable context = sd.reshape(sd.permute(sd.mmul(probs, v), 0, 2, 1, 3), -1, config.hiddenSize());
        SDVariable projected = linear(context, prefix + layout.attentionOutput());
        if (layout.attentionOutputDropout()) {
            projected = hiddenDropout(projected, DropoutSites.attentionOutput(index));
        }
        SDVariable attended = layerNorm(projected.add(x), prefix + layout.attentionNorm());
        SDVariable hidden = gelu(linear(attended, prefix + layout.intermediate()));
        return layerNorm(hiddenDropout(linear(hidden, prefix + layout.output()), DropoutSites.output(index))
                .add(attended), prefix + layout.outputNorm());
    }

    private SDVariable hiddenDropout(SDVariable x, String site) {
        return graph.dropout(x, config.hiddenDropout(), site, -1, config.hiddenSize());
    }

    /** {@code [batch * tokens, hidden]} to {@code [batch, heads, tokens, headSize]}. */
    private SDVariable heads(SDVariable x, SDVariable perHeadShape) {
        return sd.permute(sd.reshape(x, perHeadShape), 0, 2, 1, 3);
    }

    /** {@code x · Wᵀ + b} with a PyTorch-layout weight {@code [out, in]}. */
    private SDVariable linear(SDVariable x, String name) {
        SDVariable w = graph.parameter(name + ".weight", weights.get(name + ".weight"));
        SDVariable b = graph.parameter(name + ".bias", weights.get(name + ".bias"));
        return sd.mmul(x, w, false, true, false).add(b);
    }

    /** Layer norm over the last axis with the config's epsilon (the built-in op has a fixed one). */
    private SDVariable layerNorm(SDVariable x, String name) {
        SDVariable gain = graph.parameter(name + ".weight", weights.get(name + ".weight"));
        SDVariable bias = graph.parameter(name + ".bias", weights.get(name + ".bias"));
        SDVariable centered = x.sub(x.mean(true, -1));
        SDVariable variance = centered.mul(centered).mean(true, -1);
        return centered.mul(sd.math.rsqrt(variance.add(config.layerNormEps()))).mul(gain).add(bias);
    }

    /** The exact GELU, {@code x/2 · (1 + erf(x/√2))}. */
    private SDVariable gelu(SDVariable x) {
        return x.mul(0.5).mul(sd.math.erf(x.div(Math.sqrt(2.0))).add(1.0));
    }
}
