package io.st4j.core.modules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The graph under construction: the SameDiff instance, the named features flowing between modules,
 * and the variable-name scope of the module being added. A training graph runs the modules once per
 * input column: each column gets its own features and placeholders (prefixed with the column's
 * name), while parameters are shared by name.
 */
public final class ModuleGraph {

    /** Token ids, {@code [batch, tokens]}. */
    public static final String INPUT_IDS = "input_ids";
    /** 1 for real tokens, 0 for padding, {@code [batch, tokens]}, float. */
    public static final String ATTENTION_MASK = "attention_mask";
    /** Contextual token vectors, {@code [batch, tokens, dim]}. */
    public static final String TOKEN_EMBEDDINGS = "token_embeddings";
    /** One vector per text, {@code [batch, dim]}. */
    public static final String SENTENCE_EMBEDDING = "sentence_embedding";

    private final SameDiff sd;
    private final String inputPrefix;
    private final boolean training;
    private final Map<String, SDVariable> features = new LinkedHashMap<>();
    private List<SDVariable> hiddenStates = List.of();
    private String scope = "";

    /** An inference graph: no dropout, unprefixed placeholders. */
    public ModuleGraph(SameDiff sd) {
        this(sd, "", false);
    }

    /**
     * @param inputPrefix prefix of this column's placeholder names (e.g. {@code "c0/"}), empty for inference
     * @param training    whether modules add their training-only operations (dropout)
     */
    public ModuleGraph(SameDiff sd, String inputPrefix, boolean training) {
        this.sd = sd;
        this.inputPrefix = inputPrefix;
        this.training = training;
    }

    /** Whether the graph trains: modules then apply dropout, fed as mask placeholders. */
    public boolean training() {
        return training;
    }

    public SameDiff sd() {
        return sd;
    }

    /** Sets the prefix of the variables the next module creates (its index in the pipeline). */
    public void enterModule(String moduleName) {
        this.scope = moduleName + ".";
    }

    /** A graph-unique name for a module's variable. */
    public String name(String local) {
        return scope + local;
    }

    /** A trainable variable holding {@code array} (the array itself, not a copy); shared across columns. */
    public SDVariable parameter(String local, INDArray array) {
        String name = name(local);
        return sd.hasVariable(name) ? sd.getVariable(name) : sd.var(name, array);
    }

    /** A float placeholder of this column, fed per batch; -1 marks a dimension that varies. */
    public SDVariable placeholder(String name, long... shape) {
        String full = inputPrefix + name;
        return sd.hasVariable(full) ? sd.getVariable(full) : sd.placeHolder(full, DataType.FLOAT, shape);
    }

    /**
     * An input computed outside the graph from parameters (e.g. the embedding lookup), whose gradient the
     * trainer needs: a placeholder in inference graphs; in training graphs a variable whose array the
     * trainer sets per batch, since SameDiff 1.0.0-M2.1 does not reliably return placeholder gradients.
     */
    public SDVariable differentiableInput(String name, long... shape) {
        String full = inputPrefix + name;
        if (sd.hasVariable(full)) {
            return sd.getVariable(full);
        }
        if (!training) {
            return sd.placeHolder(full, DataType.FLOAT, shape);
        }
        long[] initial = shape.clone();
        for (int i = 0; i < initial.length; i++) {
            initial[i] = Math.max(initial[i], 1);
        }
        return sd.var(full, Nd4j.zeros(DataType.FLOAT, initial));
    }

    /**
     * Dropout as in training PyTorch modules: {@code x} times a mask placeholder (kept entries 1/(1-p),
     * dropped 0) that the module feeds per batch. Identity outside training or for {@code p == 0}.
     */
    public SDVariable dropout(SDVariable x, double p, String site, long... maskShape) {
        return training && p > 0 ? x.mul(placeholder(dropoutMaskName(site), maskShape)) : x;
    }

    /** The placeholder name (without the column prefix) of a dropout site's mask. */
    public static String dropoutMaskName(String site) {
        return "dropout/" + site;
    }

    /** The feature named {@code name}; fails naming it and the features present when it is missing. */
    public SDVariable feature(String name) {
        SDVariable v = features.get(name);
        if (v == null) {
            throw new IllegalStateException("feature '" + name + "' is not produced by the modules before this one; "
                    + "present: " + features.keySet());
        }
        return v;
    }

    public boolean hasFeature(String name) {
        return features.containsKey(name);
    }

    public void setFeature(String name, SDVariable value) {
        features.put(name, value);
    }

    /**
     * The encoder's hidden states, each {@code [batch, tokens, dim]}: the embedding layer's output, then each
     * layer's (the last is the token embeddings), as Hugging Face's {@code output_hidden_states}; empty when
     * the input module has none (a static embedding).
     */
    public List<SDVariable> hiddenStates() {
        return hiddenStates;
    }

    public void setHiddenStates(List<SDVariable> states) {
        this.hiddenStates = List.copyOf(states);
    }

    /**
     * A graph on the same SameDiff instance, column and mode, holding the features and hidden states present
     * now: the modules after this point can then be added once more on other inputs (a prior hidden state as
     * the token embeddings, for AdaptiveLayerLoss), sharing parameters and placeholders by name.
     */
    public ModuleGraph fork() {
        ModuleGraph copy = new ModuleGraph(sd, inputPrefix, training);
        copy.features.putAll(features);
        copy.hiddenStates = hiddenStates;
        copy.scope = scope;
        return copy;
    }
}
