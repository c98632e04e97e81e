package io.st4j.core.modules;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The first module of a pipeline: it turns texts into tokens and tokens into the graph's inputs. */
public interface InputModule extends Module {

    /** Tokenizes {@code texts} (truncated to {@link #maxSeqLength()}), padded to the longest. */
    TokenBatch tokenize(List<String> texts);

    /** The placeholder values of the graph for {@code batch}, by placeholder name. */
    Map<String, INDArray> graphInputs(TokenBatch batch);

    /** {@link #graphInputs} plus the inputs only a training graph has (dropout masks drawn from {@code rng}). */
    Map<String, INDArray> trainingInputs(TokenBatch batch, Random rng);

    /**
     * The placeholders computed outside the graph from this module's parameters (e.g. the embedding
     * lookup); the trainer asks the graph for their gradients and hands them to {@link #parameterGradients}.
     */
    Set<String> differentiableInputs();

    /**
     * The gradients of this module's parameters (by local name) that flow through its differentiable
     * inputs, given the gradients of those inputs for {@code batch}.
     */
    Map<String, INDArray> parameterGradients(TokenBatch batch, Map<String, INDArray> inputGradients);

    /** The longest input in tokens; longer texts are truncated. */
    int maxSeqLength();

    /** The width of the token embeddings this module produces. */
    int embeddingDimension();
}
