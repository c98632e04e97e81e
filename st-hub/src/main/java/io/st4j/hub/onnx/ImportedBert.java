package io.st4j.hub.onnx;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A BERT model read from an ONNX export, in Hugging Face {@code BertModel} form.
 *
 * @param weights float32 tensors keyed by their {@code BertModel} state-dict names without prefix
 *     ({@code embeddings.word_embeddings.weight}, {@code encoder.layer.0.attention.self.query.weight}, …,
 *     {@code pooler.dense.*} when the export has a pooler), Linear weights laid out [out, in]; in
 *     state-dict order, unmodifiable
 * @param dims the architecture inferred from the weights and the graph
 */
public record ImportedBert(Map<String, INDArray> weights, BertDimensions dims) {

    /** Wraps {@code weights} unmodifiably, keeping its order. */
    public ImportedBert {
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    }
}
