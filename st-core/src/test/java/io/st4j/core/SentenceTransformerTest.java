package io.st4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.core.io.Json;
import io.st4j.core.modules.Module;
import io.st4j.core.modules.ModuleGraph;
import io.st4j.core.modules.Normalize;
import io.st4j.core.modules.Pooling;
import io.st4j.core.modules.PoolingMode;
import io.st4j.core.modules.Transformer;
import io.st4j.core.testing.ReferenceBert;
import io.st4j.core.testing.TinyBert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * encode on the tiny BERT against {@link ReferenceBert} (plain Java, one unpadded text at a time):
 * batch order, prompts, truncation, max length; and save/load round trips.
 */
class SentenceTransformerTest {

    private static final List<String> TEXTS = List.of("a b c", "w50 w51 w52 w53 w54 w55 w56 w57 x", "z", "",
            "1 2 3 4 w99", "q r s t");

    @TempDir
    Path tmp;

    private Path folder;
    private Transformer transformer;
    private ReferenceBert reference;

    @BeforeEach
    void setUp() throws IOException {
        folder = TinyBert.folder(tmp.resolve("tiny"));
        transformer = Transformer.load(folder);
        reference = new ReferenceBert(transformer.config(), transformer.parameters());
    }

    /** Token ids of a text of vocabulary words, with [CLS] and [SEP], truncated to {@code maxLength}. */
    private static int[] ids(String text, int maxLength) {
        List<String> vocab = TinyBert.vocabulary();
        List<Integer> ids = new ArrayList<>();
        ids.add(TinyBert.CLS);
        for (String word : text.toLowerCase().split("\\s+")) {
            if (!word.isEmpty() && ids.size() < maxLength - 1) {
                ids.add(vocab.indexOf(word));
            }
        }
        ids.add(TinyBert.SEP);
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private double[] expectedMean(String text, int maxLength) {
        int[] ids = ids(text, maxLength);
        return reference.meanPooled(ids, new int[ids.length]);
    }

    private static void assertClose(double[] expected, float[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, what + ": dim " + i);
        }
    }

    @Test
    void batchedEncodeKeepsCallerOrderAndEqualsReference() {
        SentenceTransformer model = SentenceTransformer.of(transformer, new Pooling(32, PoolingMode.MEAN));
        float[][] batched = model.encode(TEXTS, EncodeOptions.builder().batchSize(4).build());
        for (int i = 0; i < TEXTS.size(); i++) {
            assertClose(expectedMean(TEXTS.get(i), 64), batched[i], 1e-5, "text " + i);
            float[] single = model.encode(List.of(TEXTS.get(i)), EncodeOptions.DEFAULTS)[0];
            for (int d = 0; d < single.length; d++) {
                assertEquals(single[d], batched[i][d], 1e-6, "batched vs single, text " + i);
            }
        }
    }

    @Test
    void promptsArePrependedAndExcludedFromPoolingWhenAsked() {
        ModelSettings settings = ModelSettings.DEFAULTS.withPrompts(Map.of("query", "w41 w42 "), null);
        SentenceTransformer included = SentenceTransformer.of(settings,
                List.of(transformer, new Pooling(32, PoolingMode.MEAN)));
        float[] withPrompt = included.encode(List.of("a b"), EncodeOptions.builder().promptName("query").build())[0];
        assertClose(expectedMean("w41 w42 a b", 64), withPrompt, 1e-5, "prompt by name");
        float[] literal = included.encode(List.of("a b"), EncodeOptions.builder().prompt("w41 w42 ").build())[0];
        assertArrayEquals(withPrompt, literal);

        SentenceTransformer excluded = SentenceTransformer.of(settings,
                List.of(transformer, new Pooling(32, List.of(PoolingMode.MEAN), false)));
        float[] pooledWithoutPrompt = excluded.encode(List.of("a b"),
                EncodeOptions.builder().promptName("query").build())[0];
        int[] ids = ids("w41 w42 a b", 64);
        double[][] tokens = reference.tokenEmbeddings(ids, new int[ids.length]);
        // [CLS] w41 w42 are the prompt (its length without the closing [SEP]); a b [SEP] are pooled.
        double[] mean = new double[32];
        for (int t = 3; t < tokens.length; t++) {
            for (int d = 0; d < 32; d++) {
                mean[d] += tokens[t][d] / (tokens.length - 3);
            }
        }
        assertClose(mean, pooledWithoutPrompt, 1e-5, "include_prompt=false");

        SentenceTransformer queryAndDocument = SentenceTransformer.of(
                ModelSettings.DEFAULTS.withPrompts(Map.of("query", "w41 w42 ", "document", "w43 "), null),
                List.of(transformer, new Pooling(32, PoolingMode.MEAN)));
        assertClose(expectedMean("w41 w42 a b", 64), queryAndDocument.encodeQuery(List.of("a b"), EncodeOptions.DEFAULTS)[0],
                1e-5, "encodeQuery applies the query prompt");
        assertClose(expectedMean("w43 a b", 64), queryAndDocument.encodeDocument(List.of("a b"), EncodeOptions.DEFAULTS)[0],
                1e-5, "encodeDocument applies the document prompt");

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> included.encode(List.of("a"), EncodeOptions.builder().promptName("passage").build()));
        assertTrue(unknown.getMessage().contains("passage"), unknown.getMessage());
    }

    @Test
    void truncateDimAndNormalizeApplyInThatOrder() {
        SentenceTransformer model = SentenceTransformer.of(transformer, new Pooling(32, PoolingMode.MEAN));
        float[] out = model.encode(List.of("a b c"), EncodeOptions.builder().truncateDim(8)
                .normalizeEmbeddings(true).build())[0];
        double[] full = expectedMean("a b c", 64);
        double norm = 0;
        for (int d = 0; d < 8; d++) {
            norm += full[d] * full[d];
        }
        double[] expected = new double[8];
        for (int d = 0; d < 8; d++) {
            expected[d] = full[d] / Math.sqrt(norm);
        }
        assertClose(expected, out, 1e-5, "truncated then normalized");

        model.setSettings(model.settings().withTruncateDim(5));
        assertEquals(5, model.encode(List.of("a"))[0].length, "the model's truncate_dim applies");
    }

    @Test
    void maxSeqLengthFromSentenceBertConfigTruncatesLongTexts() throws IOException {
        Json.write(folder.resolve("sentence_bert_config.json"), Map.of("max_seq_length", 6, "do_lower_case", false), 4);
        SentenceTransformer model = SentenceTransformer.load(folder);
        assertEquals(6, model.maxSeqLength());
        String longText = "w50 w51 w52 w53 w54 w55 w56 w57 w58 w59 w60";
        assertClose(expectedMean(longText, 6), model.encode(List.of(longText))[0], 1e-5, "truncated text");
        assertClose(expectedMean("", 6), model.encode(List.of(""))[0], 1e-5, "empty text");
    }

    @Test
    void tokenEmbeddingsComeWithoutPadding() {
        SentenceTransformer model = SentenceTransformer.of(transformer, new Pooling(32, PoolingMode.MEAN));
        List<float[][]> tokens = model.encodeTokens(List.of("a b c", "z"), EncodeOptions.DEFAULTS);
        assertEquals(5, tokens.get(0).length);
        assertEquals(3, tokens.get(1).length);
        int[] ids = ids("z", 64);
        double[][] expected = reference.tokenEmbeddings(ids, new int[ids.length]);
        for (int t = 0; t < 3; t++) {
            assertClose(expected[t], tokens.get(1)[t], 1e-5, "token " + t);
        }
    }

    @Test
    void saveThenLoadGivesIdenticalFloats() throws IOException {
        SentenceTransformer model = SentenceTransformer.of(
                ModelSettings.DEFAULTS.withPrompts(Map.of("query", "w41 "), "query"),
                List.of(transformer, new Pooling(32, PoolingMode.CLS), new Normalize()));
        Path saved = tmp.resolve("saved");
        model.save(saved);
        SentenceTransformer reloaded = SentenceTransformer.load(saved);
        assertEquals(model.settings(), reloaded.settings());
        float[][] before = model.encode(TEXTS);
        float[][] after = reloaded.encode(TEXTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            assertArrayEquals(before[i], after[i], "text " + i);
        }
        assertTrue(Files.isDirectory(saved.resolve("2_Normalize")));
        assertTrue(Files.isRegularFile(saved.resolve("1_Pooling/config.json")));
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertEquals(List.of(), siblings.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".")).toList(), "no temporary folders left");
        }
    }

    @Test
    void plainHuggingFaceFolderLoadsAsTransformerWithMeanPooling() throws IOException {
        SentenceTransformer model = SentenceTransformer.load(folder);
        assertEquals(2, model.modules().size());
        assertClose(expectedMean("a b c", 64), model.encode(List.of("a b c"))[0], 1e-5, "mean pooled");
    }

    @Test
    void nullTextIsRejectedNamingItsIndex() {
        SentenceTransformer model = SentenceTransformer.of(transformer, new Pooling(32, PoolingMode.MEAN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.encode(Arrays.asList("a", null)));
        assertTrue(e.getMessage().contains("index 1"), e.getMessage());
    }

    @Test
    void failedSaveLeavesNoFolder() {
        Module broken = new Module() {
            @Override
            public String typeName() {
                return "test.Broken";
            }

            @Override
            public void forward(ModuleGraph graph) {
                graph.setFeature(ModuleGraph.SENTENCE_EMBEDDING, graph.feature(ModuleGraph.SENTENCE_EMBEDDING));
            }

            @Override
            public void save(Path dir) throws IOException {
                throw new IOException("disk full");
            }
        };
        SentenceTransformer model = SentenceTransformer.of(transformer, new Pooling(32, PoolingMode.MEAN), broken);
        Path target = tmp.resolve("out");
        assertThrows(IOException.class, () -> model.save(target));
        assertFalse(Files.exists(target));
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertEquals(1, siblings.count(), "only the tiny model folder remains");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
