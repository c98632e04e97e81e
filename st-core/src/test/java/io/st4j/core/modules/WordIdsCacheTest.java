package io.st4j.core.modules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.st4j.core.io.Json;
import io.st4j.core.testing.MiniLmTokenizer;
import io.st4j.core.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The word cache gives exactly the ids of the tokenizers library (all-MiniLM-L6-v2's real tokenizer.json) on
 * every text of the shared STS, NLI and SciFact data and on texts built to break it, cold and warm.
 */
class WordIdsCacheTest {

    private static final List<String> DATA = List.of("sts/stsb_train.tsv", "sts/stsb_dev.tsv", "sts/stsb_test.tsv",
            "sts/sickr_all.tsv", "nli/snli_dev.tsv", "nli/snli_test.tsv", "nli/sick_e_test.tsv",
            "retrieval/scifact/corpus.tsv", "retrieval/scifact/queries.tsv");

    /** Texts that probe every rule of the cut: separators, normalization, added tokens, surrogates, long words. */
    private static final List<String> ADVERSARIAL = List.of(
            "", " ", "   \t\n\r  ", ".", "...", "!?", "a", "Hello, World!", "don't U.S.A. e-mail x@y.com http://a.b/c?d=e&f",
            "Café naïve façade Ångström résumé", "e\u0301 a\u0301\u0302b \u0301x .\u0301y a.\u0301b", "CAFÉ Crème BRÛLÉE",
            "中文字符测试 test中文 日本語のテキスト 한국어 텍스트", "\uAC00\uAC01 \u1100\u1161",
            "ctrl\u0000a\u0001b\u0007c\u001Bd\u007Fe\u0085f\u000Bg\u000Ch \u000Bi\u000Cj\u001Ck\u001Fl", "nb\u00A0sp em\u2003sp ideo\u3000sp line\u2028sep",
            "dash—dash “quoted” «guillemets» ¿qué? ¡sí! a…b 、。", "zero\u200Bwidth non\u200Cjoiner jo\u200Diner \uFEFFbom soft\u00ADhyphen",
            "emoji 😀 👍🏽 👨‍👩‍👧 🇫🇷 ❤️ x😀y", "lone \uD800 high", "lone \uDC00 low", "pair\uD83D\uDE00ok a\uD800.b",
            "[MASK] is [PAD] and [CLS] or [SEP] [UNK]", "foo[SEP]bar", "[mask] [Mask] [ MASK ]", "[unused1] [unused99]",
            "ΟΔΟΣ.ΟΔΟΣ'Α ΣΑΣ σς İstanbul ı ß ẞ ﬁnance Ⅻ ㎏ ½ ①", "مرحبا بالعالم שלום עולם नमस्ते दुनिया",
            "a".repeat(99) + " " + "b".repeat(100) + " " + "c".repeat(101) + " " + "é".repeat(150),
            "x".repeat(120) + "." + "y".repeat(120) + "-" + "z".repeat(60) + "中" + "w".repeat(60),
            "tab\tnew\nline\r\ncr\rend", "1,234.56 $100 50% #tag @user (paren) {brace} [bracket] <angle> ~tilde `tick` ^caret |pipe|",
            "unaffable unbelievably antidisestablishmentarianism supercalifragilisticexpialidocious");

    @TempDir
    Path tmp;

    @Test
    void sharedDataGetsTheTokenizersIdsColdAndWarm() throws Exception {
        List<String> texts = sharedTexts();
        TextTokenizer tokenizer = TextTokenizer.fromFile(MiniLmTokenizer.writeTo(tmp), TextTokenizer.NO_TRUNCATION, false);
        assertTrue(tokenizer.cachesWords());
        assertColdAndWarmIdsAreTheTokenizers(tokenizer, texts, "shared data");
    }

    @Test
    void adversarialTextsGetTheTokenizersIdsUnderEveryNormalizerSetting() throws Exception {
        Path original = MiniLmTokenizer.writeTo(tmp.resolve("original"));
        List<String> texts = new ArrayList<>(ADVERSARIAL);
        // Each text also within a sentence, and all of them joined: the cut must not depend on neighbours.
        for (String text : ADVERSARIAL) {
            texts.add("Before " + text + " after.");
        }
        texts.add(String.join(" ", ADVERSARIAL));
        for (boolean[] flags : new boolean[][] {{true, true, true, true}, {false, false, false, false},
                {false, false, true, false}, {true, true, false, true}}) {
            ObjectNode json = (ObjectNode) Json.read(original);
            ObjectNode normalizer = (ObjectNode) json.get("normalizer");
            normalizer.put("clean_text", flags[0]).put("handle_chinese_chars", flags[1])
                    .put("strip_accents", flags[2]).put("lowercase", flags[3]);
            Path dir = Files.createDirectories(tmp.resolve("variant" + java.util.Arrays.toString(flags)));
            Json.write(dir.resolve(TextTokenizer.FILE), json, 2);
            for (int maxLength : new int[] {TextTokenizer.NO_TRUNCATION, 5}) {
                TextTokenizer tokenizer = TextTokenizer.fromFile(dir.resolve(TextTokenizer.FILE), maxLength, false);
                assertTrue(tokenizer.cachesWords());
                assertColdAndWarmIdsAreTheTokenizers(tokenizer, texts,
                        "normalizer " + normalizer + ", max length " + maxLength);
            }
        }
    }

    @Test
    void truncationKeepsTheTokenizersFirstTokensOnRealText() throws Exception {
        List<String> texts = new ArrayList<>(columnTexts(SharedData.data("sts/stsb_dev.tsv")));
        TextTokenizer tokenizer = TextTokenizer.fromFile(MiniLmTokenizer.writeTo(tmp), 12, false);
        assertTrue(tokenizer.cachesWords());
        assertColdAndWarmIdsAreTheTokenizers(tokenizer, texts, "max length 12");
    }

    @Test
    void onlyTokenizersWhoseCutsAreKnownAreCached() throws Exception {
        Path file = MiniLmTokenizer.writeTo(tmp);
        JsonNode json = Json.read(file);
        int none = TextTokenizer.NO_TRUNCATION;
        assertTrue(WordIdsCache.forTokenizer(json, none).isPresent());
        assertFalse(TextTokenizer.fromFile(file, 128, true).cachesWords(), "special tokens are the post-processor's");

        assertFalse(WordIdsCache.forTokenizer(edit(json, j -> j.putObject("pre_tokenizer").put("type", "Whitespace")),
                none).isPresent());
        assertFalse(WordIdsCache.forTokenizer(edit(json, j -> j.putObject("normalizer").put("type", "NFKC")),
                none).isPresent());
        assertTrue(WordIdsCache.forTokenizer(edit(json, j -> j.putNull("normalizer")), none).isPresent());
        assertFalse(WordIdsCache.forTokenizer(edit(json, j -> ((ObjectNode) j.get("model")).put("type", "BPE")),
                none).isPresent());
        assertFalse(WordIdsCache.forTokenizer(edit(json, j -> ((ObjectNode) j.get("added_tokens").get(4))
                .put("normalized", true)), none).isPresent(), "an added token matched after normalization");
        JsonNode left = edit(json, j -> ((ObjectNode) j.get("truncation")).put("direction", "Left"));
        assertFalse(WordIdsCache.forTokenizer(left, 16).isPresent(), "truncation keeping the last tokens");
        assertTrue(WordIdsCache.forTokenizer(left, none).isPresent());
    }

    private static JsonNode edit(JsonNode json, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode copy = json.deepCopy();
        change.accept(copy);
        return copy;
    }

    /** The cached ids, on first sight of every word and again from the cache, equal the tokenizers library's. */
    private static void assertColdAndWarmIdsAreTheTokenizers(TextTokenizer tokenizer, List<String> texts, String label) {
        int[][] expected = tokenizer.tokenizerIds(texts);
        for (String pass : List.of("cold", "warm")) {
            int[][] actual = tokenizer.tokenIds(texts);
            assertEquals(expected.length, actual.length);
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(expected[i], actual[i], label + ", " + pass + ": text " + i + " '" + texts.get(i) + "'");
            }
        }
    }

    /** Every field of every row of the shared data files (texts, and ids and labels too: they are text as well), once. */
    private static List<String> sharedTexts() throws Exception {
        Set<String> texts = new LinkedHashSet<>();
        for (String name : DATA) {
            texts.addAll(columnTexts(SharedData.data(name)));
        }
        return new ArrayList<>(texts);
    }

    private static List<String> columnTexts(Path tsv) throws Exception {
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            texts.addAll(List.of(line.split("\t", -1)));
        }
        return texts;
    }
}
