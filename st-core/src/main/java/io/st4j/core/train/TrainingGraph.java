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
 * training, then the loss over the per-column sentence embeddings. A {@link LayerwiseLoss} also gets the
 * embeddings of every prior hidden state (the modules after the input module added again on each); a
 * {@link DualEncoderLoss} gets the trainable copy's embedding of the first column (parameters and
 * placeholders prefixed {@link #COPY}) and the model's of the last.
 */
final class TrainingGraph {

    static final String LABELS = "labels";
    /** Prefix of the guide-model embedding placeholders of a {@link GuidedLoss}, one per column. */
    static final String GUIDE = "guide/c";
    /** Prefix of the parameters and inputs of a {@link DualEncoderLoss}'s trainable copy of the model. */
    static final String COPY = "copy/";

    private final SameDiff sd;
    private final String lossName;
    private final List<Encoder> encoders;
    private final List<String> embeddingNames;
    private final Set<String> inputVariables;
    private final List<String> variableNames;
    /** Frees each step's arrays as soon as they are dead (training graphs only; null otherwise). */
    private final GradientSessionMemory memory;

    private TrainingGraph(SameDiff sd, String lossName, List<Encoder> encoders, List<String> embeddingNames,
                          Set<String> inputVariables, boolean training) {
        this.sd = sd;
        this.lossName = lossName;
        this.encoders = encoders;
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

    /**
     * One pass of a pipeline over one column: its input module, the column it reads, and the prefixes of
     * its placeholders and of its parameter names (empty for the model, {@link #COPY} for the copy).
     */
    record Encoder(InputModule input, int column, String inputPrefix, String parameterPrefix) {
    }

    /** The placeholder prefix of column {@code column}. */
    static String columnPrefix(int column) {
        return "c" + column + "/";
    }

    /**
     * @param copy       the modules of a {@link DualEncoderLoss}'s trainable copy of the model, else null
     * @param training   with dropout (training steps) or without (evaluation loss)
     * @param labelWidth values per row of a vector label column (0 for a scalar label or none, -1 unknown)
     */
    static TrainingGraph build(List<Module> modules, List<Module> copy, Loss loss, int columns, boolean training,
                               int labelWidth) {
        SameDiff sd = SameDiff.create();
        List<Encoder> encoders = new ArrayList<>();
        List<List<Module>> pipelines = new ArrayList<>();
        if (loss instanceof DualEncoderLoss) {
            encoders.add(new Encoder((InputModule) copy.get(0), 0, COPY + columnPrefix(0), COPY));
            pipelines.add(copy);
            encoders.add(new Encoder((InputModule) modules.get(0), columns - 1, columnPrefix(columns - 1), ""));
            pipelines.add(modules);
        } else {
            for (int c = 0; c < columns; c++) {
                encoders.add(new Encoder((InputModule) modules.get(0), c, columnPrefix(c), ""));
                pipelines.add(modules);
            }
        }
        boolean layerwise = loss instanceof LayerwiseLoss;
        List<SDVariable> embeddings = new ArrayList<>();
        List<List<SDVariable>> priorLayers = new ArrayList<>();
        Set<String> inputVariables = new HashSet<>();
        for (int e = 0; e < encoders.size(); e++) {
            Encoder encoder = encoders.get(e);
            List<Module> pipeline = pipelines.get(e);
            ModuleGraph graph = new ModuleGraph(sd, encoder.inputPrefix(), training);
            graph.enterModule(encoder.parameterPrefix() + 0);
            pipeline.get(0).forward(graph);
            ModuleGraph afterInput = graph.fork();
            embeddings.add(sentenceEmbedding(graph, pipeline, encoder.parameterPrefix()));
            if (layerwise) {
                List<SDVariable> states = afterInput.hiddenStates();
                if (states.size() < 2) {
                    throw new IllegalArgumentException(loss.name() + " needs the hidden states of a transformer, but the "
                            + "model's first module (" + pipeline.get(0).typeName() + ") has none");
                }
                for (int layer = 0; layer < states.size() - 1; layer++) {
                    ModuleGraph fork = afterInput.fork();
                    fork.setFeature(ModuleGraph.TOKEN_EMBEDDINGS, states.get(layer));
                    if (priorLayers.size() <= layer) {
                        priorLayers.add(new ArrayList<>());
                    }
                    priorLayers.get(layer).add(sentenceEmbedding(fork, pipeline, encoder.parameterPrefix()));
                }
            }
            for (String name : encoder.input().differentiableInputs()) {
                if (sd.getVariable(encoder.inputPrefix() + name).getVariableType() == VariableType.VARIABLE) {
                    inputVariables.add(encoder.inputPrefix() + name);
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
        } else if (layerwise) {
            value = ((LayerwiseLoss) loss).compute(sd, embeddings, priorLayers, labels);
        } else {
            value = loss.compute(sd, embeddings, labels);
        }
        value.markAsLoss();
        List<String> embeddingNames = new ArrayList<>();
        embeddings.forEach(e -> embeddingNames.add(e.name()));
        return new TrainingGraph(sd, value.name(), List.copyOf(encoders), embeddingNames, inputVariables, training);
    }

    /** Adds the modules after the input module to {@code graph}: the sentence embedding. */
    private static SDVariable sentenceEmbedding(ModuleGraph graph, List<Module> pipeline, String parameterPrefix) {
        for (int i = 1; i < pipeline.size(); i++) {
            graph.enterModule(parameterPrefix + i);
            pipeline.get(i).forward(graph);
        }
        return graph.feature(ModuleGraph.SENTENCE_EMBEDDING);
    }

    /** The passes of a pipeline over a column, in the order their inputs are fed (dropout masks drawn). */
    List<Encoder> encoders() {
        return encoders;
    }

    /** The graph's trainable variables (module parameters and any the loss owns), by name. */
    Map<String, INDArray> variables() {
        Map<String, INDArray> arrays = new HashMap<>();
        for (String name : variableNames) {
            arrays.put(name, sd.getArrForVarName(name));
        }
        return arrays;
    }

    /** The loss's {@link RandomDraws} for a run with {@code seed}, by placeholder name (empty if it samples nothing). */
    Map<String, INDArray> draws(long seed) {
        return RandomDraws.feed(sd, seed);
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

    /** The gradients of the graph's trainable variables in {@code result}, by name (those the run computed). */
    Map<String, INDArray> variableGradients(Result result) {
        Map<String, INDArray> gradients = new HashMap<>();
        for (String name : variableNames) {
            INDArray g = result.gradients().get(name);
            if (g != null) {
                gradients.put(name, g);
            }
        }
        return gradients;
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
