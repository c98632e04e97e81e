package io.st4j.core.modules;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.io.ModelFormatException;
import java.nio.file.Path;
import java.util.List;

/**
 * The dimensions of an encoder, read from a Hugging Face {@code config.json} by its architecture's key names.
 *
 * @param architecture             the model type's details
 * @param hiddenSize               width of every token vector
 * @param numLayers                encoder layers
 * @param numHeads                 attention heads per layer
 * @param intermediateSize         width of the feed-forward layer
 * @param vocabSize                rows of the word embedding table
 * @param maxPositions             rows of the position embedding table
 * @param typeVocabSize            rows of the token type table (0 when the model has none)
 * @param layerNormEps             epsilon of every layer norm
 * @param padTokenId               id used to pad token rows
 * @param positionPaddingId        the padding index of the position scheme {@code AFTER_PADDING_ID} (RoBERTa: the
 *                                 pad id; MPNet: fixed 1)
 * @param hiddenDropout            dropout probability after embeddings, attention output and feed-forward
 * @param attentionDropout         dropout probability of attention weights
 * @param relativeAttentionBuckets rows of MPNet's relative attention bias table (0 for the others)
 * @param trainablePositions       false for DistilBERT's fixed sinusoidal position table
 */
public record EncoderConfig(EncoderArchitecture architecture, int hiddenSize, int numLayers, int numHeads,
                            int intermediateSize, int vocabSize, int maxPositions, int typeVocabSize,
                            double layerNormEps, int padTokenId, int positionPaddingId, double hiddenDropout,
                            double attentionDropout, int relativeAttentionBuckets, boolean trainablePositions) {

    /** The {@code model_type} values st4j runs. */
    public static final List<String> SUPPORTED_MODEL_TYPES = EncoderArchitecture.modelTypes();

    public EncoderConfig {
        if (hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException("hidden size " + hiddenSize + " is not a multiple of the attention heads "
                    + numHeads);
        }
    }

    /** Width of one attention head. */
    public int headSize() {
        return hiddenSize / numHeads;
    }

    /** The longest sequence the position table can serve. */
    public int maxTokens() {
        return architecture.positionScheme() == EncoderArchitecture.PositionScheme.AFTER_PADDING_ID
                ? maxPositions - positionPaddingId - 1 : maxPositions;
    }

    /** The position id of every token of {@code batch}, row-major {@code [size * length]}. */
    int[] positionIds(TokenBatch batch) {
        int length = batch.length();
        int[] positions = new int[batch.size() * length];
        boolean afterPadding = architecture.positionScheme() == EncoderArchitecture.PositionScheme.AFTER_PADDING_ID;
        for (int row = 0; row < batch.size(); row++) {
            int real = 0;
            for (int t = 0; t < length; t++) {
                int i = row * length + t;
                if (!afterPadding) {
                    positions[i] = t;
                } else if (batch.inputIds()[i] == positionPaddingId) {
                    positions[i] = positionPaddingId;
                } else {
                    positions[i] = positionPaddingId + ++real;
                }
            }
        }
        return positions;
    }

    /** The token type row of every token of {@code batch}, or null when the model has no token type table. */
    int[] tokenTypeIds(TokenBatch batch) {
        return switch (architecture.tokenTypes()) {
            case FROM_TOKENIZER -> batch.tokenTypeIds();
            case ALWAYS_ZERO -> new int[batch.size() * batch.length()];
            case NONE -> null;
        };
    }

    /**
     * Reads a {@code config.json}; fails naming the file for an unsupported {@code model_type}, activation or
     * position embedding type, or a missing dimension.
     */
    public static EncoderConfig fromJson(JsonNode json, Path file) {
        String modelType = json.path("model_type").asText("");
        EncoderArchitecture arch = EncoderArchitecture.ofModelType(modelType);
        if (arch == null) {
            throw new ModelFormatException(file, "model_type '" + modelType + "' is not supported; supported: "
                    + SUPPORTED_MODEL_TYPES);
        }
        EncoderArchitecture.ConfigKeys keys = arch.configKeys();
        String act = json.path(keys.activation()).asText("gelu");
        if (!act.equals("gelu")) {
            throw new ModelFormatException(file, keys.activation() + " '" + act
                    + "' is not supported; supported: gelu (erf)");
        }
        if (!json.path("position_embedding_type").asText("absolute").equals("absolute")) {
            throw new ModelFormatException(file, "position_embedding_type '"
                    + json.path("position_embedding_type").asText() + "' is not supported; supported: absolute");
        }
        int buckets = arch.hasRelativeAttentionBias() ? json.path("relative_attention_num_buckets").asInt(32) : 0;
        if (arch.hasRelativeAttentionBias() && buckets < RelativePositionBuckets.BUCKETS) {
            throw new ModelFormatException(file, "relative_attention_num_buckets " + buckets + " is below the "
                    + RelativePositionBuckets.BUCKETS + " buckets MPNet's attention uses");
        }
        int padTokenId = json.path("pad_token_id").asInt(arch == EncoderArchitecture.BERT
                || arch == EncoderArchitecture.DISTILBERT ? 0 : 1);
        boolean distilBert = arch == EncoderArchitecture.DISTILBERT;
        return new EncoderConfig(arch,
                required(json, keys.hidden(), file),
                required(json, keys.layers(), file),
                required(json, keys.heads(), file),
                required(json, keys.intermediate(), file),
                required(json, "vocab_size", file),
                json.path("max_position_embeddings").asInt(512),
                arch.tokenTypes() == EncoderArchitecture.TokenTypes.NONE ? 0 : json.path("type_vocab_size").asInt(2),
                distilBert ? 1e-12 : json.path("layer_norm_eps").asDouble(1e-12),
                padTokenId,
                arch == EncoderArchitecture.MPNET ? 1 : padTokenId,
                json.path(keys.hiddenDropout()).asDouble(0.1),
                json.path(keys.attentionDropout()).asDouble(0.1),
                buckets,
                !(distilBert && json.path("sinusoidal_pos_embds").asBoolean(false)));
    }

    private static int required(JsonNode json, String field, Path file) {
        JsonNode node = json.get(field);
        if (node == null || !node.canConvertToInt()) {
            throw new ModelFormatException(file, "lacks the integer field '" + field + "'");
        }
        return node.asInt();
    }
}
