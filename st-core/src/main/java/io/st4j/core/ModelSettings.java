package io.st4j.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.io.Json;
import io.st4j.core.io.ModelFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model-level settings of {@code config_sentence_transformers.json}: named prompts, the default
 * prompt, the similarity function and the embedding truncation.
 *
 * @param prompts            prompt texts by name (e.g. {@code query}), in file order
 * @param defaultPromptName  the prompt applied when encode names none, or null
 * @param similarityFunction the model's similarity function
 * @param truncateDim        dimensions kept by encode, or null for all
 */
public record ModelSettings(Map<String, String> prompts, String defaultPromptName,
                            SimilarityFunction similarityFunction, Integer truncateDim) {

    public static final String FILE = "config_sentence_transformers.json";
    /** The sentence-transformers release whose folder format st4j writes. */
    static final String FORMAT_VERSION = "5.1.2";

    /** No prompts, cosine similarity, no truncation. */
    public static final ModelSettings DEFAULTS = new ModelSettings(Map.of(), null, SimilarityFunction.COSINE, null);

    public ModelSettings {
        prompts = Collections.unmodifiableMap(new LinkedHashMap<>(prompts));
        if (defaultPromptName != null && !prompts.containsKey(defaultPromptName)) {
            throw new IllegalArgumentException("default prompt name '" + defaultPromptName
                    + "' is not among the prompts " + prompts.keySet());
        }
        if (similarityFunction == null) {
            similarityFunction = SimilarityFunction.COSINE;
        }
    }

    /** A copy with another truncation. */
    public ModelSettings withTruncateDim(Integer dim) {
        return new ModelSettings(prompts, defaultPromptName, similarityFunction, dim);
    }

    /** A copy with other prompts and default prompt. */
    public ModelSettings withPrompts(Map<String, String> newPrompts, String newDefault) {
        return new ModelSettings(newPrompts, newDefault, similarityFunction, truncateDim);
    }

    /** A copy with another similarity function. */
    public ModelSettings withSimilarityFunction(SimilarityFunction function) {
        return new ModelSettings(prompts, defaultPromptName, function, truncateDim);
    }

    /** Reads the folder's settings file; a missing file or key means the default. */
    public static ModelSettings read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return DEFAULTS;
        }
        JsonNode json = Json.read(file);
        Map<String, String> prompts = new LinkedHashMap<>();
        json.path("prompts").fields().forEachRemaining(e -> prompts.put(e.getKey(), e.getValue().asText()));
        JsonNode defaultName = json.get("default_prompt_name");
        JsonNode fn = json.get("similarity_fn_name");
        JsonNode dim = json.get("truncate_dim");
        try {
            return new ModelSettings(prompts,
                    defaultName == null || defaultName.isNull() ? null : defaultName.asText(),
                    fn == null || fn.isNull() ? SimilarityFunction.COSINE : SimilarityFunction.fromName(fn.asText()),
                    dim == null || dim.isNull() ? null : dim.asInt());
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, e.getMessage(), e);
        }
    }

    /** Writes the settings as sentence-transformers 5.1 does (indent 2, its key order). */
    public void write(Path dir) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model_type", "SentenceTransformer");
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("sentence_transformers", FORMAT_VERSION);
        versions.put("st4j", Version.current());
        json.put("__version__", versions);
        json.put("prompts", prompts);
        json.put("default_prompt_name", defaultPromptName);
        json.put("similarity_fn_name", similarityFunction.pythonName());
        if (truncateDim != null) {
            json.put("truncate_dim", truncateDim);
        }
        Json.write(dir.resolve(FILE), json, 2);
    }
}
