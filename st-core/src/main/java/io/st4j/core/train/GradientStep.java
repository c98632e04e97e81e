package io.st4j.core.train;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.modules.InputModule;
import io.st4j.core.modules.TokenBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Computes the loss and the gradients of every trainable parameter for one batch of tokenized columns:
 * runs the training graph for that many columns, and folds the
 * gradients of the embedding lookup back into the embedding tables. One instance serves every step;
 * the graph for each column count is built once.
 */
public final class GradientStep {

    private final SentenceTransformer model;
    private final Loss loss;
    private final Map<Integer, TrainingGraph> graphs = new HashMap<>();
    private final Map<Integer, TrainingGraph> evaluationGraphs = new HashMap<>();

    public GradientStep(SentenceTransformer model, Loss loss) {
        this.model = model;
        this.loss = loss;
    }

    /** The loss value and the gradients by parameter name ({@link SentenceTransformer#parameters()} names, plus the loss's own). */
    public record Gradients(double loss, Map<String, INDArray> gradients) {
    }

    /**
     * @param batches each input column's tokens (each padded to its own longest text), all of one size
     * @param labels  the label column as floats ({@code [batch]} or {@code [batch, k]}), or null
     * @param rng     the source of this step's dropout masks
     */
    public Gradients compute(List<TokenBatch> batches, INDArray labels, Random rng) {
        InputModule input = model.inputModule();
        Map<String, INDArray> feed = new HashMap<>();
        List<String> inputsWithGradient = new ArrayList<>();
        for (int c = 0; c < batches.size(); c++) {
            TokenBatch batch = batches.get(c);
            String prefix = TrainingGraph.columnPrefix(c);
            input.trainingInputs(batch, rng).forEach((name, value) -> feed.put(prefix + name, value));
            input.differentiableInputs().forEach(name -> inputsWithGradient.add(prefix + name));
        }
        if (labels != null) {
            feed.put(TrainingGraph.LABELS, labels);
        }
        TrainingGraph graph = graph(batches.size());
        TrainingGraph.Result result = graph.run(feed, inputsWithGradient);

        Map<String, INDArray> gradients = new HashMap<>();
        for (String name : graph.variables().keySet()) {
            INDArray g = result.gradients().get(name);
            if (g != null) {
                gradients.put(name, g);
            }
        }
        for (int c = 0; c < batches.size(); c++) {
            String prefix = TrainingGraph.columnPrefix(c);
            Map<String, INDArray> inputGradients = new HashMap<>();
            for (String name : input.differentiableInputs()) {
                inputGradients.put(name, result.gradients().get(prefix + name));
            }
            input.parameterGradients(batches.get(c), inputGradients)
                    .forEach((name, g) -> gradients.merge("0." + name, g, INDArray::addi));
        }
        return new Gradients(result.loss(), gradients);
    }

    /** The loss of one batch without dropout and without gradients (evaluation loss). */
    public double loss(List<TokenBatch> batches, INDArray labels) {
        InputModule input = model.inputModule();
        Map<String, INDArray> feed = new HashMap<>();
        for (int c = 0; c < batches.size(); c++) {
            String prefix = TrainingGraph.columnPrefix(c);
            input.graphInputs(batches.get(c)).forEach((name, value) -> feed.put(prefix + name, value));
        }
        if (labels != null) {
            feed.put(TrainingGraph.LABELS, labels);
        }
        return evaluationGraphs.computeIfAbsent(batches.size(),
                n -> TrainingGraph.build(model.modules(), loss, n, false)).loss(feed);
    }

    /** The trainable arrays of the training graph for {@code columns} columns (model and loss parameters). */
    public Map<String, INDArray> graphVariables(int columns) {
        return graph(columns).variables();
    }

    private TrainingGraph graph(int columns) {
        return graphs.computeIfAbsent(columns, n -> TrainingGraph.build(model.modules(), loss, n, true));
    }
}
