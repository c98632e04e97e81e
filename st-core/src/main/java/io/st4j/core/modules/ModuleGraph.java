package io.st4j.core.modules;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The graph under construction: the SameDiff instance, the named features flowing between modules,
 * and the variable-name scope of the module being added.
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
    private final Map<String, SDVariable> features = new LinkedHashMap<>();
    private String scope = "";

    public ModuleGraph(SameDiff sd) {
        this.sd = sd;
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

    /** A trainable variable holding {@code array} (the array itself, not a copy). */
    public SDVariable parameter(String local, INDArray array) {
        return sd.var(name(local), array);
    }

    /** A float placeholder fed per batch; -1 marks a dimension that varies. */
    public SDVariable placeholder(String name, long... shape) {
        SDVariable existing = sd.getVariable(name);
        return existing != null ? existing : sd.placeHolder(name, DataType.FLOAT, shape);
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
}
