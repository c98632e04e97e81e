package io.st4j.core.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The pieces of the GradCache training step that {@link CachedLoss} describes. */
public final class GradCache {

    private static final String EMBEDDING = "gradcache/embedding_";

    private GradCache() {
    }

    /**
     * The loss on full-batch embeddings and its gradients.
     *
     * @param embeddingGradients  d loss / d embeddings, one array per column, shaped like the embeddings
     * @param parameterGradients d loss / d the loss's own parameters (e.g. a SoftmaxLoss classifier), by graph name
     */
    public record Result(double loss, List<INDArray> embeddingGradients, Map<String, INDArray> parameterGradients) {
    }

    /**
     * Pass 2: builds {@code loss} on the given embeddings (as graph variables) and returns its value and
     * gradients.
     *
     * @param guideEmbeddings the guide's embeddings for a {@link GuidedLoss}, else null
     * @param labels          the labels, or null
     * @param seed            the seed of the numbers the loss samples with ({@link RandomDraws}), if any
     */
    public static Result lossAndGradients(Loss loss, List<INDArray> embeddings, List<INDArray> guideEmbeddings,
                                          INDArray labels, long seed) {
        LossGraph graph = LossGraph.build(loss, embeddings, guideEmbeddings, labels);
        List<String> wrt = new ArrayList<>(graph.embeddingNames());
        wrt.addAll(graph.ownParameterNames());
        String valueName = graph.value().name();
        var out = graph.sd().calculateGradientsAndOutputs(RandomDraws.feed(graph.sd(), seed), List.of(valueName), wrt);
        Map<String, INDArray> grads = out.getGradients();
        double result = out.getOutputs().get(valueName).getDouble(0);
        List<INDArray> embeddingGradients = new ArrayList<>();
        for (String name : graph.embeddingNames()) {
            embeddingGradients.add(grads.get(name));
        }
        Map<String, INDArray> parameterGradients = new LinkedHashMap<>();
        for (String name : graph.ownParameterNames()) {
            parameterGradients.put(name, grads.get(name));
        }
        return new Result(result, embeddingGradients, parameterGradients);
    }

    /**
     * The loss's own parameters (e.g. a SoftmaxLoss classifier) by graph name, as {@link #lossAndGradients} sees
     * them for such embeddings and labels, without running the graph. They are the loss's arrays themselves (a
     * graph variable wraps the array it is given), so updating them in place trains the loss; empty for a loss
     * without parameters.
     */
    public static Map<String, INDArray> lossParameters(Loss loss, List<INDArray> embeddings,
                                                       List<INDArray> guideEmbeddings, INDArray labels) {
        LossGraph graph = LossGraph.build(loss, embeddings, guideEmbeddings, labels);
        Map<String, INDArray> parameters = new LinkedHashMap<>();
        for (String name : graph.ownParameterNames()) {
            parameters.put(name, graph.sd().getArrForVarName(name));
        }
        return parameters;
    }

    /** A loss built on embeddings held as graph variables; {@code value} is the loss. */
    private record LossGraph(SameDiff sd, List<String> embeddingNames, SDVariable value) {

        static LossGraph build(Loss loss, List<INDArray> embeddings, List<INDArray> guideEmbeddings, INDArray labels) {
            SameDiff sd = SameDiff.create();
            List<SDVariable> vars = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < embeddings.size(); i++) {
                vars.add(sd.var(EMBEDDING + i, embeddings.get(i).castTo(DataType.FLOAT).dup()));
                names.add(EMBEDDING + i);
            }
            SDVariable labelVar = labels == null ? null : sd.constant("gradcache/labels", labels);
            SDVariable value;
            if (GuidedLoss.needsGuide(loss)) {
                GuidedLoss guided = (GuidedLoss) loss;
                if (guideEmbeddings == null) {
                    throw new IllegalArgumentException(loss.name() + " needs the guide model's embeddings");
                }
                List<SDVariable> guide = new ArrayList<>();
                for (int i = 0; i < guideEmbeddings.size(); i++) {
                    guide.add(sd.constant("gradcache/guide_" + i, guideEmbeddings.get(i).castTo(DataType.FLOAT)));
                }
                value = guided.compute(sd, vars, guide, labelVar);
            } else {
                value = loss.compute(sd, vars, labelVar);
            }
            sd.setLossVariables(value);
            return new LossGraph(sd, names, value);
        }

        /** The trainable variables that are not embeddings: the loss's own parameters. */
        List<String> ownParameterNames() {
            List<String> own = new ArrayList<>();
            for (SDVariable v : sd.variables()) {
                if (v.getVariableType() == VariableType.VARIABLE && !embeddingNames.contains(v.name())) {
                    own.add(v.name());
                }
            }
            return own;
        }
    }

    /**
     * Pass 3: the scalar whose gradient with respect to the model parameters, for one mini-batch, is that
     * mini-batch's share of the full loss's gradient: {@code sum(embeddings * cachedGradientRows)}. Feed the
     * cached gradient rows of the mini-batch (from {@link Result#embeddingGradients()}) through a placeholder
     * (or constant) so that one graph serves every mini-batch.
     */
    public static SDVariable surrogate(SDVariable miniBatchEmbeddings, SDVariable cachedGradientRows) {
        return miniBatchEmbeddings.mul(cachedGradientRows).sum();
    }

    /** The {@code [from, to)} row ranges of the mini-batches of a batch. */
    public static List<int[]> miniBatches(int batchSize, int miniBatchSize) {
        if (miniBatchSize < 1) {
            throw new IllegalArgumentException("mini_batch_size must be positive, got " + miniBatchSize);
        }
        List<int[]> ranges = new ArrayList<>();
        for (int from = 0; from < batchSize; from += miniBatchSize) {
            ranges.add(new int[] {from, Math.min(batchSize, from + miniBatchSize)});
        }
        return ranges;
    }
}
