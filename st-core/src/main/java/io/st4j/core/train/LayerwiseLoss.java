package io.st4j.core.train;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A loss over the embeddings that the model gives from each of its transformer's hidden states
 * (sentence-transformers' AdaptiveLayerLoss, Matryoshka2dLoss). Trainer hook: besides the final
 * embeddings, run the modules after the transformer (pooling, dense, normalize) on every prior hidden
 * state {@code i = 0 .. numHiddenStates - 2} (0 = the embedding layer's output) as if it were the last, per
 * input column, and call {@link #compute(SameDiff, List, List, SDVariable)}. Any per-step sampling of layers
 * happens inside the graph, from ND4J's random generator, which {@link GradientStep} seeds with the step's seed,
 * so one graph serves every step and a step repeats exactly.
 */
public interface LayerwiseLoss extends Loss {

    /**
     * Builds the loss.
     *
     * @param finalEmbeddings      the model's embeddings, one per input column
     * @param priorLayerEmbeddings for hidden state i (0 .. numHiddenStates - 2), the embeddings computed from it, one per column
     * @param labels               the label column, or null
     */
    SDVariable compute(SameDiff sd, List<SDVariable> finalEmbeddings, List<List<SDVariable>> priorLayerEmbeddings, SDVariable labels);

    /** Always fails: this loss needs the prior layers' embeddings. */
    @Override
    default SDVariable compute(SameDiff sd, List<SDVariable> embeddings, SDVariable labels) {
        throw new IllegalStateException(name() + " needs the embeddings of every prior transformer layer: "
                + "call compute(sd, finalEmbeddings, priorLayerEmbeddings, labels)");
    }
}
