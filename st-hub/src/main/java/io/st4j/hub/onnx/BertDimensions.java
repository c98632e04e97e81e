package io.st4j.hub.onnx;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The architecture of a BERT model, as Hugging Face {@code BertConfig} names it.
 *
 * @param hiddenSize width of every token vector
 * @param numHiddenLayers number of encoder layers
 * @param numAttentionHeads attention heads per layer
 * @param intermediateSize width of the feed-forward layer
 * @param vocabSize rows of the word embedding table
 * @param maxPositionEmbeddings rows of the position embedding table
 * @param typeVocabSize rows of the token type embedding table
 * @param layerNormEps epsilon of every LayerNorm
 * @param hiddenAct the feed-forward activation by its transformers name ({@code gelu} is the exact erf GELU)
 */
public record BertDimensions(int hiddenSize, int numHiddenLayers, int numAttentionHeads, int intermediateSize,
        int vocabSize, int maxPositionEmbeddings, int typeVocabSize, double layerNormEps, String hiddenAct) {

    /**
     * The {@code config.json} that transformers' {@code BertModel.save_pretrained} writes for these
     * dimensions (its keys, sorted as it sorts them; the training-only values at BERT's defaults). The
     * {@code transformers_version} key is left out: no transformers release wrote this file.
     */
    public Map<String, Object> toConfigJson() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architectures", List.of("BertModel"));
        config.put("attention_probs_dropout_prob", 0.1);
        config.put("classifier_dropout", null);
        config.put("hidden_act", hiddenAct);
        config.put("hidden_dropout_prob", 0.1);
        config.put("hidden_size", hiddenSize);
        config.put("initializer_range", 0.02);
        config.put("intermediate_size", intermediateSize);
        config.put("layer_norm_eps", layerNormEps);
        config.put("max_position_embeddings", maxPositionEmbeddings);
        config.put("model_type", "bert");
        config.put("num_attention_heads", numAttentionHeads);
        config.put("num_hidden_layers", numHiddenLayers);
        config.put("pad_token_id", 0);
        config.put("position_embedding_type", "absolute");
        config.put("torch_dtype", "float32");
        config.put("type_vocab_size", typeVocabSize);
        config.put("use_cache", true);
        config.put("vocab_size", vocabSize);
        return config;
    }
}
