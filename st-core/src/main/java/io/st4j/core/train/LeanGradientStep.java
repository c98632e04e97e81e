package io.st4j.core.train;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.modules.InputModule;
import io.st4j.core.modules.LeanTrainingPass;
import io.st4j.core.modules.Module;
import io.st4j.core.modules.ModuleGraph;
import io.st4j.core.modules.TokenBatch;
import io.st4j.core.modules.Transformer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link GradientStep}'s lean path: the Transformer's forward and backward passes run outside SameDiff on packed
 * tokens ({@link Transformer#trainingForward}, same dropout masks as the training graph), and only the modules
 * after it and the loss run as a SameDiff graph, fed the token embeddings: the same gradients as the whole
 * training graph, without its cost on padding and per-op bookkeeping.
 */
final class LeanGradientStep {

    private final SentenceTransformer model;
    private final Transformer transformer;
    private final Loss loss;
    private final int labelWidth;
    private final Map<Integer, TrainingGraph> graphs = new HashMap<>();
    private final Map<String, Long> stageNanos = new TreeMap<>();

    LeanGradientStep(SentenceTransformer model, Loss loss, int labelWidth) {
        this.model = model;
        this.transformer = (Transformer) model.inputModule();
        this.loss = loss;
        this.labelWidth = labelWidth;
    }

    /**
     * Whether the lean path computes this step: a {@link Transformer} that supports it first, and a loss over
     * the sentence embeddings alone (not a {@link LayerwiseLoss}, which needs every hidden state, nor a
     * {@link DualEncoderLoss}, which trains a second model).
     */
    static boolean applies(SentenceTransformer model, Loss loss) {
        return model.inputModule() instanceof Transformer transformer && transformer.supportsLeanTraining()
                && !(loss instanceof LayerwiseLoss) && !(loss instanceof DualEncoderLoss);
    }

    /** As {@link GradientStep#compute(List, List, INDArray, long)}. */
    GradientStep.Gradients compute(List<TokenBatch> batches, List<INDArray> guideEmbeddings, INDArray labels,
                                   long seed) {
        TrainingGraph graph = graph(batches.size());
        LeanTrainingPass pass = transformer.trainingForward(batches, seed, this::addStage);
        long t = System.nanoTime();
        Map<String, INDArray> feed = new HashMap<>();
        List<String> inputsWithGradient = new ArrayList<>();
        for (TrainingGraph.Encoder encoder : graph.encoders()) {
            String prefix = encoder.inputPrefix();
            TokenBatch batch = batches.get(encoder.column());
            feed.put(prefix + ModuleGraph.TOKEN_EMBEDDINGS, pass.tokenEmbeddings(encoder.column()));
            feed.put(prefix + ModuleGraph.ATTENTION_MASK, Nd4j.createFromArray(batch.attentionMask())
                    .castTo(DataType.FLOAT).reshape(batch.size(), batch.length()));
            inputsWithGradient.add(prefix + ModuleGraph.TOKEN_EMBEDDINGS);
        }
        GradientStep.feedLoss(loss, graph, feed, labels, guideEmbeddings, seed);
        TrainingGraph.Result result = graph.run(feed, inputsWithGradient);
        Map<String, INDArray> gradients = graph.variableGradients(result);
        List<INDArray> tokenGradients = new ArrayList<>();
        for (TrainingGraph.Encoder encoder : graph.encoders()) {
            tokenGradients.add(result.gradients().get(encoder.inputPrefix() + ModuleGraph.TOKEN_EMBEDDINGS));
        }
        addStage("modules after the transformer and loss", System.nanoTime() - t);
        pass.backward(tokenGradients).forEach((name, g) -> gradients.put("0." + name, g));
        return new GradientStep.Gradients(result.loss(), gradients);
    }

    /** The trainable arrays of a step over {@code columns} columns: the model's and the loss's own. */
    Map<String, INDArray> variables(int columns) {
        Map<String, INDArray> variables = new HashMap<>(model.parameters());
        variables.putAll(graph(columns).variables());
        return variables;
    }

    /** Nanoseconds spent per stage since the last call (for profiling), and a reset. */
    Map<String, Long> drainStageNanos() {
        Map<String, Long> copy = new TreeMap<>(stageNanos);
        stageNanos.clear();
        return copy;
    }

    private void addStage(String stage, long nanos) {
        synchronized (stageNanos) {
            stageNanos.merge(stage, nanos, Long::sum);
        }
    }

    private TrainingGraph graph(int columns) {
        return graphs.computeIfAbsent(columns, n -> {
            List<Module> modules = new ArrayList<>(model.modules());
            modules.set(0, new TokenEmbeddingsInput(transformer.embeddingDimension()));
            return TrainingGraph.build(modules, null, loss, n, true, labelWidth);
        });
    }

    /**
     * The first module of the graph after the Transformer: its token embeddings and attention mask, fed per step
     * (the embeddings as a variable, whose gradient the step takes). Only {@link TrainingGraph} uses it, feeding
     * it directly; it neither tokenizes nor saves.
     */
    private static final class TokenEmbeddingsInput implements InputModule {

        private final int dimension;

        TokenEmbeddingsInput(int dimension) {
            this.dimension = dimension;
        }

        @Override
        public String typeName() {
            return "st4j.LeanTokenEmbeddings";
        }

        @Override
        public void forward(ModuleGraph graph) {
            SDVariable tokens = graph.differentiableInput(ModuleGraph.TOKEN_EMBEDDINGS, -1, -1, dimension);
            graph.setFeature(ModuleGraph.ATTENTION_MASK, graph.placeholder(ModuleGraph.ATTENTION_MASK, -1, -1));
            graph.setFeature(ModuleGraph.TOKEN_EMBEDDINGS, tokens);
        }

        @Override
        public Set<String> differentiableInputs() {
            return Set.of(ModuleGraph.TOKEN_EMBEDDINGS);
        }

        @Override
        public int embeddingDimension() {
            return dimension;
        }

        @Override
        public int maxSeqLength() {
            throw new UnsupportedOperationException("fed token embeddings directly");
        }

        @Override
        public TokenBatch tokenize(List<String> texts) {
            throw new UnsupportedOperationException("fed token embeddings directly");
        }

        @Override
        public Map<String, INDArray> graphInputs(TokenBatch batch) {
            throw new UnsupportedOperationException("fed token embeddings directly");
        }

        @Override
        public Map<String, INDArray> trainingInputs(TokenBatch batch, Random rng) {
            throw new UnsupportedOperationException("fed token embeddings directly");
        }

        @Override
        public Map<String, INDArray> parameterGradients(TokenBatch batch, Map<String, INDArray> inputGradients) {
            throw new UnsupportedOperationException("fed token embeddings directly");
        }

        @Override
        public void save(Path dir) {
            throw new UnsupportedOperationException("fed token embeddings directly");
        }
    }
}
