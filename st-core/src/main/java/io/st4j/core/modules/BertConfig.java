package io.st4j.core.modules;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.io.ModelFormatException;
import java.nio.file.Path;
import java.util.List;

/**
 * The dimensions of a BERT-family encoder, read from a Hugging Face {@code config.json}.
 *
 * @param hiddenSize            width of every token vector
 * @param numLayers             encoder layers
 * @param numHeads              attention heads per layer
 * @param intermediateSize      width of the feed-forward layer
 * @param vocabSize             rows of the word embedding table
 * @param maxPositions          rows of the position embedding table
 * @param typeVocabSize         rows of the token type table
 * @param layerNormEps          epsilon of every layer norm
 * @param padTokenId            id used to pad token rows
 * @param hiddenDropout         dropout probability after embeddings, attention output and feed-forward
 * @param attentionDropout      dropout probability of attention weights
 */
public record BertConfig(int hiddenSize, int numLayers, int numHeads, int intermediateSize, int vocabSize,
                         int maxPositions, int typeVocabSize, double layerNormEps, int padTokenId,
                         double hiddenDropout, double attentionDropout) {

    /** The {@code model_type} values this graph serves. */
    public static final List<String> SUPPORTED_MODEL_TYPES = List.of("bert");

    public BertConfig {
        if (hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException("hidden_size " + hiddenSize + " is not a multiple of num_attention_heads "
                    + numHeads);
        }
    }

    /** Width of one attention head. */
    public int headSize() {
        return hiddenSize / numHeads;
    }

    /** Reads a BERT {@code config.json}; fails naming the file for another model type or a missing field. */
    public static BertConfig fromJson(JsonNode json, Path file) {
        String modelType = json.path("model_type").asText("");
        if (!SUPPORTED_MODEL_TYPES.contains(modelType)) {
            throw new ModelFormatException(file, "model_type '" + modelType + "' is not supported; supported: "
                    + SUPPORTED_MODEL_TYPES);
        }
        String act = json.path("hidden_act").asText("gelu");
        if (!act.equals("gelu")) {
            throw new ModelFormatException(file, "hidden_act '" + act + "' is not supported; supported: gelu (erf)");
        }
        if (!json.path("position_embedding_type").asText("absolute").equals("absolute")) {
            throw new ModelFormatException(file, "position_embedding_type '"
                    + json.path("position_embedding_type").asText() + "' is not supported; supported: absolute");
        }
        return new BertConfig(
                required(json, "hidden_size", file),
                required(json, "num_hidden_layers", file),
                required(json, "num_attention_heads", file),
                required(json, "intermediate_size", file),
                required(json, "vocab_size", file),
                json.path("max_position_embeddings").asInt(512),
                json.path("type_vocab_size").asInt(2),
                json.path("layer_norm_eps").asDouble(1e-12),
                json.path("pad_token_id").asInt(0),
                json.path("hidden_dropout_prob").asDouble(0.1),
                json.path("attention_probs_dropout_prob").asDouble(0.1));
    }

    private static int required(JsonNode json, String field, Path file) {
        JsonNode node = json.get(field);
        if (node == null || !node.canConvertToInt()) {
            throw new ModelFormatException(file, "lacks the integer field '" + field + "'");
        }
        return node.asInt();
    }
}
