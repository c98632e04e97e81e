package io.st4j.hub.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.ModelSettings;
import io.st4j.core.SentenceTransformer;
import io.st4j.core.io.AtomicFolder;
import io.st4j.core.io.Json;
import io.st4j.core.io.ModelFormatException;
import io.st4j.core.io.SafeTensors;
import io.st4j.core.modules.Module;
import io.st4j.core.modules.Normalize;
import io.st4j.core.modules.Pooling;
import io.st4j.core.modules.PoolingMode;
import io.st4j.core.modules.Transformer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a BERT ONNX export and its {@code tokenizer.json} into a complete sentence-transformers model
 * folder: Hugging Face weights and config, tokenizer files, {@code modules.json}, Pooling and optional
 * Normalize.
 *
 * @param pooling      the pooling modes
 * @param normalize    whether to append a Normalize module
 * @param maxSeqLength the longest input in tokens
 */
public record OnnxModelImport(List<PoolingMode> pooling, boolean normalize, int maxSeqLength) {

    private static final List<String> SPECIAL_TOKEN_KEYS = List.of("cls_token", "mask_token", "pad_token",
            "sep_token", "unk_token");

    /** Imports {@code onnxFile} with {@code tokenizerFile} and writes the model folder {@code output}. */
    public SentenceTransformer run(Path onnxFile, Path tokenizerFile, Path output) throws IOException {
        ImportedBert bert = OnnxBertImporter.read(onnxFile);
        JsonNode tokenizer = Json.read(tokenizerFile);
        Path staging = Files.createTempDirectory("st4j-onnx-import");
        try {
            SafeTensors.write(staging.resolve("model.safetensors"), bert.weights(), Map.of("format", "pt"));
            Json.write(staging.resolve("config.json"), bert.dims().toConfigJson(), 2);
            Files.copy(tokenizerFile, staging.resolve("tokenizer.json"));
            writeTokenizerFiles(tokenizer, tokenizerFile, staging);
            Transformer transformer = Transformer.load(staging, maxSeqLength);
            List<Module> modules = new ArrayList<>(List.of(transformer,
                    new Pooling(transformer.embeddingDimension(), pooling, true)));
            if (normalize) {
                modules.add(new Normalize());
            }
            SentenceTransformer model = SentenceTransformer.of(ModelSettings.DEFAULTS, modules);
            model.save(output);
            return model;
        } finally {
            AtomicFolder.deleteRecursively(staging);
        }
    }

    /** {@code vocab.txt}, {@code special_tokens_map.json} and {@code tokenizer_config.json}, as BertTokenizer saves them. */
    private void writeTokenizerFiles(JsonNode tokenizer, Path tokenizerFile, Path dir) throws IOException {
        JsonNode vocab = tokenizer.path("model").path("vocab");
        if (!tokenizer.path("model").path("type").asText().equals("WordPiece") || !vocab.isObject()) {
            throw new ModelFormatException(tokenizerFile, "is not a WordPiece (BERT) tokenizer");
        }
        TreeMap<Integer, String> byId = new TreeMap<>();
        vocab.fields().forEachRemaining(e -> byId.put(e.getValue().asInt(), e.getKey()));
        Files.writeString(dir.resolve("vocab.txt"), String.join("\n", byId.values()) + "\n", StandardCharsets.UTF_8);

        Map<String, Object> specials = new LinkedHashMap<>();
        Map<String, String> bertSpecials = Map.of("cls_token", "[CLS]", "mask_token", "[MASK]", "pad_token", "[PAD]",
                "sep_token", "[SEP]", "unk_token", "[UNK]");
        for (String key : SPECIAL_TOKEN_KEYS) {
            if (vocab.has(bertSpecials.get(key))) {
                specials.put(key, bertSpecials.get(key));
            }
        }
        Files.writeString(dir.resolve("special_tokens_map.json"), Json.dumps(specials, 2) + "\n");

        JsonNode normalizer = tokenizer.path("normalizer");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("clean_up_tokenization_spaces", true);
        config.put("cls_token", specials.get("cls_token"));
        config.put("do_basic_tokenize", true);
        config.put("do_lower_case", normalizer.path("lowercase").asBoolean(true));
        config.put("mask_token", specials.get("mask_token"));
        config.put("model_max_length", maxSeqLength);
        config.put("never_split", null);
        config.put("pad_token", specials.get("pad_token"));
        config.put("sep_token", specials.get("sep_token"));
        config.put("strip_accents", normalizer.path("strip_accents").isBoolean()
                ? normalizer.get("strip_accents").asBoolean() : null);
        config.put("tokenize_chinese_chars", normalizer.path("handle_chinese_chars").asBoolean(true));
        config.put("tokenizer_class", "BertTokenizer");
        config.put("unk_token", specials.get("unk_token"));
        Json.write(dir.resolve("tokenizer_config.json"), config, 2);
    }
}
