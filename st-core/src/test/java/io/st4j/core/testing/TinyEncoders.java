package io.st4j.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.st4j.core.io.Json;
import io.st4j.core.modules.TokenBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds folders of the reference's tiny random encoders ({@code tiny_models/<architecture>}: bert, roberta,
 * xlm-roberta, distilbert, mpnet) for tests, adding a WordPiece {@code tokenizer.json} with the
 * architecture's special tokens and pair template (the reference folders hold no tokenizer; tests that need
 * exact ids feed them directly). Skips when shared/ is absent.
 */
public final class TinyEncoders {

    /** The architectures of {@code tiny_models/cases.json}. */
    public static final List<String> ARCHITECTURES = List.of("bert", "roberta", "xlm-roberta", "distilbert", "mpnet");

    private TinyEncoders() {
    }

    /** Copies {@code tiny_models/<architecture>} into {@code dir} and adds the test tokenizer. */
    public static Path folder(String architecture, Path dir) throws IOException {
        Path source = SharedData.reference("tiny_models/" + architecture);
        Files.createDirectories(dir);
        Files.copy(source.resolve("config.json"), dir.resolve("config.json"));
        Files.copy(source.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        writeTokenizer(architecture, dir);
        return dir;
    }

    /** {@link #folder} with every dropout probability of {@code config.json} set to 0 (for gradient checks). */
    public static Path folderWithoutDropout(String architecture, Path dir) throws IOException {
        folder(architecture, dir);
        ObjectNode config = (ObjectNode) Json.read(dir.resolve("config.json"));
        for (String key : List.of("hidden_dropout_prob", "attention_probs_dropout_prob", "dropout", "attention_dropout")) {
            if (config.has(key)) {
                config.put(key, 0.0);
            }
        }
        Json.write(dir.resolve("config.json"), Json.mapper().convertValue(config, Object.class), 2);
        return dir;
    }

    /**
     * The recorded batch of one architecture of {@code tiny_models/cases.json}: its {@code input_ids},
     * {@code attention_mask} and (BERT only) {@code token_type_ids}, else type 0.
     */
    public static TokenBatch referenceBatch(JsonNode testCase) {
        JsonNode ids = testCase.get("input_ids");
        int size = ids.size();
        int length = ids.get(0).size();
        int[] flatIds = new int[size * length];
        int[] mask = new int[size * length];
        int[] types = new int[size * length];
        for (int b = 0; b < size; b++) {
            for (int t = 0; t < length; t++) {
                flatIds[b * length + t] = ids.get(b).get(t).asInt();
                mask[b * length + t] = testCase.get("attention_mask").get(b).get(t).asInt();
                types[b * length + t] = testCase.path("token_type_ids").path(b).path(t).asInt(0);
            }
        }
        return new TokenBatch(size, length, flatIds, mask, types);
    }

    /** The vocabulary of {@code architecture}'s test tokenizer, index = id: its 5 special tokens, then {@link TinyBert}'s. */
    public static List<String> vocabulary(String architecture) {
        List<String> vocab = new ArrayList<>(TinyBert.vocabulary());
        if (usesRobertaTokens(architecture)) {
            vocab.subList(0, 5).clear();
            vocab.addAll(0, List.of("<s>", "<pad>", "</s>", "<unk>", "<mask>"));
        }
        return vocab;
    }

    private static boolean usesRobertaTokens(String architecture) {
        return !architecture.equals("bert") && !architecture.equals("distilbert");
    }

    private static void writeTokenizer(String architecture, Path dir) throws IOException {
        if (!usesRobertaTokens(architecture)) {
            TinyBert.writeTokenizer(dir);
            return;
        }
        TinyBert.writeWordPiece(dir, vocabulary(architecture), "<unk>", Map.of(
                "type", "TemplateProcessing",
                "single", List.of(TinyBert.special("<s>", 0), TinyBert.sequence("A", 0), TinyBert.special("</s>", 0)),
                "pair", List.of(TinyBert.special("<s>", 0), TinyBert.sequence("A", 0), TinyBert.special("</s>", 0),
                        TinyBert.special("</s>", 0), TinyBert.sequence("B", 0), TinyBert.special("</s>", 0)),
                "special_tokens", Map.of(
                        "<s>", Map.of("id", "<s>", "ids", List.of(0), "tokens", List.of("<s>")),
                        "</s>", Map.of("id", "</s>", "ids", List.of(2), "tokens", List.of("</s>")))));
    }
}
