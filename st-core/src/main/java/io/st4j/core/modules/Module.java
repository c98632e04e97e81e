package io.st4j.core.modules;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One stage of a {@link io.st4j.core.SentenceTransformer} pipeline, as in sentence-transformers: it
 * reads named features ({@code token_embeddings}, {@code attention_mask}, {@code sentence_embedding},
 * ...) and writes new ones. Modules add their computation to a SameDiff graph, so that the same graph
 * serves inference and training. A user's own module joins a pipeline by implementing this interface
 * and registering a {@link ModuleFactory} for its type name.
 */
public interface Module {

    /** The type string written to {@code modules.json}, e.g. {@code sentence_transformers.models.Pooling}. */
    String typeName();

    /** Adds this module's computation to {@code graph}. */
    void forward(ModuleGraph graph);

    /** Writes this module's files into {@code dir}, which exists. */
    void save(Path dir) throws IOException;

    /** The trainable parameters, by name; the arrays are the ones the module computes with. */
    default Map<String, INDArray> parameters() {
        return Map.of();
    }

    /**
     * Whether this module's files go into the model's root folder rather than a {@code N_Name} subfolder
     * (sentence-transformers saves the first Transformer there).
     */
    default boolean savesInRoot() {
        return false;
    }
}
