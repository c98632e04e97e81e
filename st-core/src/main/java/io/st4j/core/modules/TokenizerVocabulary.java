package io.st4j.core.modules;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.io.Json;
import io.st4j.core.io.ModelFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What a {@code tokenizer.json} says about its vocabulary, read as transformers'
 * {@code PreTrainedTokenizerFast(tokenizer_object=...)} reads it: the number of distinct tokens
 * ({@code len(get_vocab())}, added tokens included) and the id of the padding token named in the
 * file's {@code padding} section, if any.
 *
 * @param size       distinct tokens of the model vocabulary and the added tokens
 * @param padTokenId the padding token's id, or -1 when the file names none
 */
record TokenizerVocabulary(int size, int padTokenId) {

    static TokenizerVocabulary read(Path file) throws IOException {
        JsonNode json = Json.read(file);
        Map<String, Integer> vocab = new HashMap<>();
        JsonNode modelVocab = json.path("model").path("vocab");
        if (modelVocab.isObject()) {
            modelVocab.fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
        } else if (modelVocab.isArray()) {
            // Unigram: a list of [piece, score], the id being the position.
            for (int id = 0; id < modelVocab.size(); id++) {
                vocab.put(modelVocab.get(id).path(0).asText(), id);
            }
        } else {
            throw new ModelFormatException(file, "has no model.vocab; cannot size the embedding table");
        }
        for (JsonNode added : json.path("added_tokens")) {
            vocab.put(added.path("content").asText(), added.path("id").asInt());
        }
        JsonNode padding = json.path("padding");
        int padId = -1;
        if (padding.isObject() && padding.hasNonNull("pad_token")) {
            padId = vocab.getOrDefault(padding.get("pad_token").asText(), -1);
        }
        return new TokenizerVocabulary(vocab.size(), padId);
    }
}
