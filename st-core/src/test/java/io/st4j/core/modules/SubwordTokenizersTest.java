package io.st4j.core.modules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.st4j.core.io.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tokenizer kinds of RoBERTa/MPNet (byte-level BPE) and XLM-RoBERTa (SentencePiece Unigram), read from
 * {@code tokenizer.json} by the Rust tokenizers library: special tokens, the {@code <s> A </s>} template and
 * padding with RoBERTa's pad id 1. The tiny vocabularies are written here; ids are worked out by hand.
 */
class SubwordTokenizersTest {

    private static final List<String> SPECIALS = List.of("<s>", "<pad>", "</s>", "<unk>", "<mask>");
    private static final int PAD = 1;

    @TempDir
    Path tmp;

    @Test
    void byteLevelBpeWithRobertaProcessing() throws Exception {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (String token : SPECIALS) {
            vocab.put(token, vocab.size());
        }
        for (String token : List.of("h", "e", "l", "o", "Ġ", "w", "r", "d", "he", "ll", "hell", "hello", "Ġw", "or",
                "Ġwor", "Ġworl", "Ġworld")) {
            vocab.put(token, vocab.size());
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("type", "BPE");
        model.put("dropout", null);
        model.put("unk_token", null);
        model.put("continuing_subword_prefix", "");
        model.put("end_of_word_suffix", "");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("vocab", vocab);
        model.put("merges", List.of("h e", "l l", "he ll", "hell o", "Ġ w", "o r", "Ġw or", "Ġwor l", "Ġworl d"));
        Map<String, Object> tokenizer = tokenizer(model,
                Map.of("type", "ByteLevel", "add_prefix_space", false, "trim_offsets", true, "use_regex", true),
                Map.of("type", "RobertaProcessing", "sep", List.of("</s>", 2), "cls", List.of("<s>", 0),
                        "trim_offsets", true, "add_prefix_space", false));
        Json.write(tmp.resolve(TextTokenizer.FILE), tokenizer, 2);

        try (TextTokenizer t = TextTokenizer.load(tmp, 16)) {
            TokenBatch batch = t.encode(List.of("hello world", "hello<mask>", "hello"), PAD);
            int hello = vocab.get("hello");
            assertArrayEquals(new int[] {0, hello, vocab.get("Ġworld"), 2, 0, hello, 4, 2, 0, hello, 2, PAD},
                    batch.inputIds());
            assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0}, batch.attentionMask());
        }
    }

    @Test
    void unigramWithMetaspaceAndXlmRobertaTemplate() throws Exception {
        List<List<Object>> pieces = new ArrayList<>();
        for (String token : SPECIALS) {
            pieces.add(List.of(token, 0.0));
        }
        pieces.add(List.of("▁hello", -1.0));
        pieces.add(List.of("▁world", -2.0));
        pieces.add(List.of("▁wor", -3.0));
        pieces.add(List.of("ld", -3.0));
        pieces.add(List.of("▁", -4.0));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("type", "Unigram");
        model.put("unk_id", 3);
        model.put("vocab", pieces);
        model.put("byte_fallback", false);
        Map<String, Object> tokenizer = tokenizer(model,
                Map.of("type", "Metaspace", "replacement", "▁", "prepend_scheme", "always", "split", true),
                Map.of("type", "TemplateProcessing",
                        "single", List.of(special("<s>"), Map.of("Sequence", Map.of("id", "A", "type_id", 0)),
                                special("</s>")),
                        "pair", List.of(special("<s>"), Map.of("Sequence", Map.of("id", "A", "type_id", 0)),
                                special("</s>"), special("</s>"), Map.of("Sequence", Map.of("id", "B", "type_id", 0)),
                                special("</s>")),
                        "special_tokens", Map.of(
                                "<s>", Map.of("id", "<s>", "ids", List.of(0), "tokens", List.of("<s>")),
                                "</s>", Map.of("id", "</s>", "ids", List.of(2), "tokens", List.of("</s>")))));
        Json.write(tmp.resolve(TextTokenizer.FILE), tokenizer, 2);

        try (TextTokenizer t = TextTokenizer.load(tmp, 16)) {
            TokenBatch batch = t.encode(List.of("hello world", "hello"), PAD);
            assertArrayEquals(new int[] {0, 5, 6, 2, 0, 5, 2, PAD}, batch.inputIds());
            assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 0}, batch.attentionMask());
        }
    }

    private static Map<String, Object> tokenizer(Map<String, Object> model, Map<String, Object> preTokenizer,
                                                 Map<String, Object> postProcessor) {
        List<Object> added = new ArrayList<>();
        for (int id = 0; id < SPECIALS.size(); id++) {
            added.add(Map.of("id", id, "content", SPECIALS.get(id), "single_word", false, "lstrip", false,
                    "rstrip", false, "normalized", false, "special", true));
        }
        Map<String, Object> tokenizer = new LinkedHashMap<>();
        tokenizer.put("version", "1.0");
        tokenizer.put("truncation", null);
        tokenizer.put("padding", null);
        tokenizer.put("added_tokens", added);
        tokenizer.put("normalizer", null);
        tokenizer.put("pre_tokenizer", preTokenizer);
        tokenizer.put("post_processor", postProcessor);
        tokenizer.put("decoder", null);
        tokenizer.put("model", model);
        return tokenizer;
    }

    private static Map<String, Object> special(String id) {
        return Map.of("SpecialToken", Map.of("id", id, "type_id", 0));
    }
}
