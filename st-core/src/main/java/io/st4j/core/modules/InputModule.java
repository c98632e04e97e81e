package io.st4j.core.modules;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The first module of a pipeline: it turns texts into tokens and tokens into the graph's inputs. */
public interface InputModule extends Module {

    /** Tokenizes {@code texts} (truncated to {@link #maxSeqLength()}), padded to the longest. */
    TokenBatch tokenize(List<String> texts);

    /** The placeholder values of the graph for {@code batch}, by placeholder name. */
    Map<String, INDArray> graphInputs(TokenBatch batch);

    /** The longest input in tokens; longer texts are truncated. */
    int maxSeqLength();

    /** The width of the token embeddings this module produces. */
    int embeddingDimension();
}
