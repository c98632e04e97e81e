package io.st4j.core.testing;

import io.st4j.core.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds tiny BERT model folders for tests: the reference's random-weight {@code tiny_models/bert}
 * (hidden 32, 2 layers, 4 heads, vocab 100) plus a WordPiece {@code tokenizer.json} written here, whose
 * vocabulary is {@code [PAD] [UNK] [CLS] [SEP] [MASK]}, the letters a–z (ids 5–30), the digits 0–9
 * (ids 31–40) and the words {@code w41}…{@code w99}.
 */
public final class TinyBert {

    public static final int PAD = 0;
    public static final int UNK = 1;
    public static final int CLS = 2;
    public static final int SEP = 3;

    private TinyBert() {
    }

    /** The vocabulary, index = id. */
    public static List<String> vocabulary() {
        List<String> vocab = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        for (char c = 'a'; c <= 'z'; c++) {
            vocab.add(String.valueOf(c));
        }
        for (char c = '0'; c <= '9'; c++) {
            vocab.add(String.valueOf(c));
        }
        for (int i = vocab.size(); i < 100; i++) {
            vocab.add("w" + i);
        }
        return vocab;
    }

    /** A text of {@code words} random vocabulary words (no special tokens), from {@code random}. */
    public static String randomText(Random random, int words) {
        List<String> vocab = vocabulary();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < words; i++) {
            out.add(vocab.get(5 + random.nextInt(vocab.size() - 5)));
        }
        return String.join(" ", out);
    }

    /** Copies the reference tiny BERT into {@code dir} and adds the test tokenizer. Skips when shared/ is absent. */
    public static Path folder(Path dir) throws IOException {
        Path source = SharedData.reference("tiny_models/bert");
        Files.createDirectories(dir);
        Files.copy(source.resolve("config.json"), dir.resolve("config.json"));
        Files.copy(source.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        writeTokenizer(dir);
        return dir;
    }

    /** Writes the WordPiece {@code tokenizer.json} of {@link #vocabulary()} into {@code dir}. */
    public static void writeTokenizer(Path dir) throws IOException {
        writeWordPiece(dir, vocabulary(), "[UNK]", Map.of(
                "type", "TemplateProcessing",
                "single", List.of(special("[CLS]", 0), sequence("A", 0), special("[SEP]", 0)),
                "pair", List.of(special("[CLS]", 0), sequence("A", 0), special("[SEP]", 0), sequence("B", 1),
                        special("[SEP]", 1)),
                "special_tokens", Map.of(
                        "[CLS]", Map.of("id", "[CLS]", "ids", List.of(CLS), "tokens", List.of("[CLS]")),
                        "[SEP]", Map.of("id", "[SEP]", "ids", List.of(SEP), "tokens", List.of("[SEP]")))));
    }

    /**
     * Writes a lower-casing WordPiece {@code tokenizer.json} over {@code vocab}, whose first five tokens are
     * special, with the given post-processor (the special-token templates).
     */
    static void writeWordPiece(Path dir, List<String> vocab, String unkToken, Map<String, Object> postProcessor)
            throws IOException {
        Map<String, Object> vocabMap = new LinkedHashMap<>();
        for (int i = 0; i < vocab.size(); i++) {
            vocabMap.put(vocab.get(i), i);
        }
        List<Object> added = new ArrayList<>();
        for (int id = 0; id < 5; id++) {
            added.add(Map.of("id", id, "content", vocab.get(id), "single_word", false, "lstrip", false,
                    "rstrip", false, "normalized", false, "special", true));
        }
        Map<String, Object> tokenizer = new LinkedHashMap<>();
        tokenizer.put("version", "1.0");
        tokenizer.put("truncation", null);
        tokenizer.put("padding", null);
        tokenizer.put("added_tokens", added);
        tokenizer.put("normalizer", Map.of("type", "BertNormalizer", "clean_text", true, "handle_chinese_chars", true,
                "lowercase", true));
        tokenizer.put("pre_tokenizer", Map.of("type", "BertPreTokenizer"));
        tokenizer.put("post_processor", postProcessor);
        tokenizer.put("decoder", Map.of("type", "WordPiece", "prefix", "##", "cleanup", true));
        tokenizer.put("model", Map.of("type", "WordPiece", "unk_token", unkToken, "continuing_subword_prefix", "##",
                "max_input_chars_per_word", 100, "vocab", vocabMap));
        Json.write(dir.resolve("tokenizer.json"), tokenizer, 2);
    }

    static Map<String, Object> special(String id, int type) {
        return Map.of("SpecialToken", Map.of("id", id, "type_id", type));
    }

    static Map<String, Object> sequence(String id, int type) {
        return Map.of("Sequence", Map.of("id", id, "type_id", type));
    }
}
