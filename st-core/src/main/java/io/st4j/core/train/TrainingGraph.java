package io.st4j.core.train;

import io.st4j.core.modules.InputModule;
import io.st4j.core.modules.Module;
import io.st4j.core.modules.ModuleGraph;
import io.st4j.data.LabelType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The SameDiff graph of a training step for a fixed number of input columns: the module pipeline once
 * per column (placeholders prefixed {@code c0/}, {@code c1/}, ...; parameters shared), dropout on when
 * training, then the loss over the per-column sentence embeddings.
 */
final class TrainingGraph {

    static final String LABELS = "labels";
    /** Prefix of the guide-model embedding placeholders of a {@link GuidedLoss}, one per column. */
    static final String GUIDE = "guide/c";

    private final SameDiff sd;
    private final String lossName;
    private final List<String> embeddingNames;
    private final Set<String> inputVariables;
    private final List<String> variableNames;
    /** Frees each step's arrays as soon as they are dead (training graphs only; null otherwise). */
    private final GradientSessionMemory memory;

    private TrainingGraph(SameDiff sd, String lossName, List<String> embeddingNames, Set<String> inputVariables,
                          boolean training) {
        this.sd = sd;
        this.lossName = lossName;
        this.embeddingNames = embeddingNames;
        this.inputVariables = inputVariables;
        this.variableNames = new ArrayList<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE && !inputVariables.contains(v.name())) {
                variableNames.add(v.name());
            }
        }
        this.memory = training ? GradientSessionMemory.install(sd) : null;
    }

    /** The placeholder prefix of column {@code column}. */
    static String columnPrefix(int column) {
        return "c" + column + "/";
    }

    /**
     * @param training   with dropout (training steps) or without (evaluation loss)
     * @param labelWidth values per row of a vector label column (0 for a scalar label or none, -1 unknown)
     */
    static TrainingGraph build(List<Module> modules, Loss loss, int columns, boolean training, int labelWidth) {
        SameDiff sd = SameDiff.create();
        List<SDVariable> embeddings = new ArrayList<>();
        Set<String> inputVariables = new HashSet<>();
        for (int c = 0; c < columns; c++) {
            ModuleGraph graph = new ModuleGraph(sd, columnPrefix(c), training);
            for (int i = 0; i < modules.size(); i++) {
                graph.enterModule(String.valueOf(i));
                modules.get(i).forward(graph);
            }
            embeddings.add(graph.feature(ModuleGraph.SENTENCE_EMBEDDING));
            for (String name : ((InputModule) modules.get(0)).differentiableInputs()) {
                if (sd.getVariable(columnPrefix(c) + name).getVariableType() == VariableType.VARIABLE) {
                    inputVariables.add(columnPrefix(c) + name);
                }
            }
        }
        LabelType labelType = loss.requirements().label();
        SDVariable labels = labelType == LabelType.NONE ? null
                : labelWidth != 0 ? sd.placeHolder(LABELS, DataType.FLOAT, -1, labelWidth)
                : sd.placeHolder(LABELS, DataType.FLOAT, -1);
        SDVariable value;
        if (GuidedLoss.needsGuide(loss)) {
            List<SDVariable> guides = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                guides.add(sd.placeHolder(GUIDE + c, DataType.FLOAT, -1, -1));
            }
            value = ((GuidedLoss) loss).compute(sd, embeddings, guides, labels);
        } else {
            value = loss.compute(sd, embeddings, labels);
        }
        value.markAsLoss();
        List<String> embeddingNames = new ArrayList<>();
        embeddings.forEach(e -> embeddingNames.add(e.name()));
        return new TrainingGraph(sd, value.name(), embeddingNames, inputVariables, training);
    }

    /** The graph's trainable variables (module parameters and any the loss owns), by name. */
    Map<String, INDArray> variables() {
        Map<String, INDArray> arrays = new HashMap<>();
        for (String name : variableNames) {
            arrays.put(name, sd.getArrForVarName(name));
        }
        return arrays;
    }

    /** Runs forward and backward: the loss value and the gradients of every variable and of {@code inputs}. */
    Result run(Map<String, INDArray> feed, Collection<String> inputs) {
        List<String> withGradient = new ArrayList<>(variableNames);
        withGradient.addAll(inputs);
        Map<String, INDArray> placeholders = placeholders(feed);
        List<String> kept = new ArrayList<>(List.of(lossName));
        for (String name : withGradient) {
            SDVariable gradient = sd.getVariable(name).getGradient();
            if (gradient != null) {
                kept.add(gradient.name());
            }
        }
        var out = memory.run(kept, () -> sd.calculateGradientsAndOutputs(placeholders, List.of(lossName), withGradient));
        return new Result(out.getOutputs().get(lossName).getDouble(0), out.getGradients());
    }

    /** Runs forward only: the loss value. */
    double loss(Map<String, INDArray> feed) {
        return sd.output(placeholders(feed), lossName).get(lossName).getDouble(0);
    }

    /** Runs forward only up to the sentence embeddings: one {@code [batch, dim]} array per column. */
    List<INDArray> embeddings(Map<String, INDArray> feed) {
        Map<String, INDArray> out = sd.output(placeholders(feed), embeddingNames.toArray(new String[0]));
        List<INDArray> embeddings = new ArrayList<>();
        embeddingNames.forEach(name -> embeddings.add(out.get(name)));
        return embeddings;
    }

    /** Sets the arrays of the input variables from {@code feed}; the rest of {@code feed} feeds placeholders. */
    private Map<String, INDArray> placeholders(Map<String, INDArray> feed) {
        Map<String, INDArray> rest = new HashMap<>(feed);
        for (String name : inputVariables) {
            sd.getVariable(name).setArray(rest.remove(name));
        }
        return rest;
    }

    /** A step's loss and gradients by variable or placeholder name. */
    record Result(double loss, Map<String, INDArray> gradients) {
    }
}
