package io.st4j.core.modules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.st4j.core.EncodeOptions;
import io.st4j.core.SentenceTransformer;
import io.st4j.core.io.Json;
import io.st4j.core.io.SafeTensors;
import io.st4j.core.testing.MiniLmTokenizer;
import io.st4j.core.testing.SharedData;
import io.st4j.core.testing.TinyBert;
import io.st4j.core.train.GradientStep;
import io.st4j.core.train.Loss;
import io.st4j.data.ColumnRequirements;
import io.st4j.data.LabelType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** StaticEmbedding over the tiny test vocabulary (a–z are ids 5–30, w41…w99 are ids 41–99) with a known table. */
class StaticEmbeddingTest {

    private static final int DIM = 6;
    private static final int VOCAB = 100;

    @TempDir
    Path tmp;

    /** Entry (id, d) of the known table. */
    private static float entry(int id, int d) {
        return (float) Math.sin(0.37 * id + 1.3 * d) * (1 + id % 7);
    }

    private static INDArray knownTable() {
        float[] table = new float[VOCAB * DIM];
        for (int id = 0; id < VOCAB; id++) {
            for (int d = 0; d < DIM; d++) {
                table[id * DIM + d] = entry(id, d);
            }
        }
        return Nd4j.create(table, new long[] {VOCAB, DIM}, 'c');
    }

    /** The tiny tokenizer, with a padding section naming [PAD] when {@code withPadding}. */
    private Path tokenizer(boolean withPadding) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(withPadding ? "tok-pad" : "tok"));
        TinyBert.writeTokenizer(dir);
        if (withPadding) {
            ObjectNode json = (ObjectNode) Json.read(dir.resolve(TextTokenizer.FILE));
            ObjectNode padding = json.putObject("padding");
            padding.putObject("strategy").put("Fixed", 16);
            padding.put("direction", "Right").putNull("pad_to_multiple_of");
            padding.put("pad_id", TinyBert.PAD).put("pad_type_id", 0).put("pad_token", "[PAD]");
            Json.write(dir.resolve(TextTokenizer.FILE), json, 2);
        }
        return dir.resolve(TextTokenizer.FILE);
    }

    /** The mean of the table rows of {@code ids}, worked out here in double. */
    private static float[] mean(int... ids) {
        float[] out = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            double sum = 0;
            for (int id : ids) {
                sum += entry(id, d);
            }
            out[d] = ids.length == 0 ? 0f : (float) (sum / ids.length);
        }
        return out;
    }

    private static final List<String> TEXTS = List.of("a b c", "w41 w42 z", "hello", "", "w99");

    /** Expected embeddings of {@link #TEXTS}: no [CLS]/[SEP]; "hello" is not in the vocabulary, so [UNK]. */
    private static float[][] expected() {
        return new float[][] {mean(5, 6, 7), mean(41, 42, 30), mean(TinyBert.UNK), mean(), mean(99)};
    }

    @Test
    void embeddingsAreTheMeanOfTheTokenRowsWithoutSpecialTokens() throws Exception {
        StaticEmbedding module = StaticEmbedding.fromWeights(tokenizer(false), knownTable());
        float[][] expected = expected();

        float[][] fast = SentenceTransformer.of(module).encode(TEXTS, EncodeOptions.DEFAULTS);
        INDArray graphInput = module.graphInputs(module.tokenize(TEXTS)).get(StaticEmbedding.EMBEDDING_BAG);
        // A pipeline that is not StaticEmbedding (+ Normalize) alone runs through the SameDiff graph.
        SentenceTransformer throughGraph = SentenceTransformer.of(module,
                new Dense(Nd4j.eye(DIM).castTo(DataType.FLOAT), Nd4j.zeros(DataType.FLOAT, DIM), Activation.IDENTITY));
        float[][] graph = throughGraph.encode(TEXTS, EncodeOptions.DEFAULTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            assertArrayEquals(expected[i], fast[i], 1e-6f, "fast path, text " + i);
            assertArrayEquals(expected[i], graphInput.getRow(i).toFloatVector(), 1e-6f, "graph input, text " + i);
            assertArrayEquals(expected[i], graph[i], 1e-6f, "graph, text " + i);
        }
        assertArrayEquals(new float[DIM], fast[3], 0f, "the empty text embeds to zeros");
        assertEquals(Integer.MAX_VALUE, module.maxSeqLength());
    }

    @Test
    void realTextEmbedsToTheTokenizersIdsAveragedInTokenOrder() throws Exception {
        Path file = MiniLmTokenizer.writeTo(tmp.resolve("minilm"));
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(SharedData.data("sts/stsb_dev.tsv"))) {
            texts.addAll(List.of(line.split("\t")).subList(0, 2));
        }
        texts.addAll(List.of("", "[MASK] x", "Café 中文 😀 a\uD800b", "w".repeat(130)));
        StaticEmbedding module = StaticEmbedding.random(file, 48, 5);
        float[] table = module.parameters().get(StaticEmbedding.WEIGHT).data().asFloat();
        // The ids of the tokenizers library itself, without the word cache, summed in float in token order.
        int[][] ids = TextTokenizer.fromFile(file, TextTokenizer.NO_TRUNCATION, false).tokenizerIds(texts);

        float[][] plain = SentenceTransformer.of(module).encode(texts, EncodeOptions.DEFAULTS);
        float[][] normalized = SentenceTransformer.of(module, new Normalize()).encode(texts, EncodeOptions.DEFAULTS);
        for (int i = 0; i < texts.size(); i++) {
            float[] expected = new float[48];
            for (int id : ids[i]) {
                for (int d = 0; d < 48; d++) {
                    expected[d] += table[id * 48 + d];
                }
            }
            for (int d = 0; d < 48 && ids[i].length > 0; d++) {
                expected[d] /= ids[i].length;
            }
            assertArrayEquals(expected, plain[i], 0f, "text " + i + " '" + texts.get(i) + "'");
            Normalize.normalizeInPlace(expected);
            assertArrayEquals(expected, normalized[i], 0f, "normalized, text " + i);
        }
    }

    @Test
    void normalizeAfterStaticEmbeddingGivesUnitRowsAndZerosStayZero() throws Exception {
        StaticEmbedding module = StaticEmbedding.fromWeights(tokenizer(false), knownTable());
        float[][] out = SentenceTransformer.of(module, new Normalize()).encode(TEXTS, EncodeOptions.DEFAULTS);
        float[][] expected = expected();
        for (int i = 0; i < TEXTS.size(); i++) {
            double norm = 0;
            for (float v : expected[i]) {
                norm += v * v;
            }
            for (int d = 0; d < DIM; d++) {
                float want = norm == 0 ? 0f : (float) (expected[i][d] / Math.sqrt(norm));
                assertEquals(want, out[i][d], 1e-6f, "text " + i + " dim " + d);
            }
        }
    }

    @Test
    void thePaddingTokenIsLeftOutOfTheMeanAndZeroAtRandomInit() throws Exception {
        StaticEmbedding module = StaticEmbedding.fromWeights(tokenizer(true), knownTable());
        float[][] out = SentenceTransformer.of(module).encode(List.of("a [PAD] b", "[PAD]"), EncodeOptions.DEFAULTS);
        assertArrayEquals(mean(5, 6), out[0], 1e-6f);
        assertArrayEquals(new float[DIM], out[1], 0f);

        StaticEmbedding random = StaticEmbedding.random(tokenizer(true), 16, 7);
        INDArray table = random.parameters().get(StaticEmbedding.WEIGHT);
        assertArrayEquals(new long[] {VOCAB, 16}, table.shape());
        assertEquals(0.0, table.getRow(TinyBert.PAD).norm2Number().doubleValue(), 0.0);
        INDArray rest = table.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, VOCAB),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        assertEquals(0.0, rest.meanNumber().doubleValue(), 0.1, "N(0, 1) mean");
        assertEquals(1.0, rest.stdNumber().doubleValue(), 0.1, "N(0, 1) standard deviation");
    }

    @Test
    void truncationKeepsTheFirstTokens() throws Exception {
        StaticEmbedding module = StaticEmbedding.fromWeights(tokenizer(false), knownTable()).withMaxSeqLength(2);
        float[][] out = SentenceTransformer.of(module).encode(List.of("a b c d"), EncodeOptions.DEFAULTS);
        assertArrayEquals(mean(5, 6), out[0], 1e-6f);
    }

    @Test
    void savedFolderHasTheSentenceTransformersLayoutAndLoadsBackIdentically() throws Exception {
        SentenceTransformer model = SentenceTransformer.of(StaticEmbedding.random(tokenizer(false), 8, 3), new Normalize());
        Path dir = tmp.resolve("model");
        model.save(dir);

        JsonNode modules = Json.read(dir.resolve("modules.json"));
        assertEquals(StaticEmbedding.TYPE, modules.get(0).get("type").asText());
        assertEquals("", modules.get(0).get("path").asText());
        assertEquals(Normalize.TYPE, modules.get(1).get("type").asText());
        assertEquals(List.of("1_Normalize", "config_sentence_transformers.json", "model.safetensors", "modules.json",
                "tokenizer.json"), list(dir));
        assertArrayEquals(Files.readAllBytes(tokenizer(false)), Files.readAllBytes(dir.resolve("tokenizer.json")));
        Map<String, INDArray> tensors = SafeTensors.read(dir.resolve("model.safetensors"));
        assertEquals(List.of(StaticEmbedding.WEIGHT), new ArrayList<>(tensors.keySet()));
        assertArrayEquals(new long[] {VOCAB, 8}, tensors.get(StaticEmbedding.WEIGHT).shape());

        SentenceTransformer loaded = SentenceTransformer.load(dir);
        float[][] before = model.encode(TEXTS, EncodeOptions.DEFAULTS);
        float[][] after = loaded.encode(TEXTS, EncodeOptions.DEFAULTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            assertArrayEquals(before[i], after[i], 0f, "text " + i);
        }
    }

    @Test
    void readsTheV6TypeNameAndModel2VecWeightName() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("m2v"));
        Files.copy(tokenizer(false), dir.resolve("tokenizer.json"));
        SafeTensors.write(dir.resolve("model.safetensors"), Map.of("embeddings", knownTable()), Map.of());
        Json.write(dir.resolve("modules.json"), List.of(Map.of("idx", 0, "name", "0", "path", "",
                "type", StaticEmbedding.TYPE_V6)), 2);
        float[][] out = SentenceTransformer.load(dir).encode(TEXTS, EncodeOptions.DEFAULTS);
        float[][] expected = expected();
        for (int i = 0; i < TEXTS.size(); i++) {
            assertArrayEquals(expected[i], out[i], 1e-6f);
        }
    }

    @Test
    void aTokenOutsideTheTableIsExplained() throws Exception {
        INDArray small = knownTable().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 20),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        StaticEmbedding module = StaticEmbedding.fromWeights(tokenizer(false), small);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SentenceTransformer.of(module).encode(List.of("z"), EncodeOptions.DEFAULTS));
        assertTrue(e.getMessage().contains("token id 30"), e.getMessage());
    }

    @Test
    void fromTransformerTakesItsWordEmbeddingsAndTokenizer() throws Exception {
        Transformer transformer = Transformer.load(TinyBert.folder(tmp.resolve("tiny")));
        StaticEmbedding module = StaticEmbedding.fromTransformer(transformer);
        INDArray words = transformer.parameters().get("embeddings.word_embeddings.weight");
        assertEquals(words, module.parameters().get(StaticEmbedding.WEIGHT));
        float[] out = SentenceTransformer.of(module).encode(List.of("a w41"), EncodeOptions.DEFAULTS)[0];
        float[] expected = words.getRow(5).add(words.getRow(41)).div(2).toFloatVector();
        assertArrayEquals(expected, out, 1e-6f);
    }

    @Test
    void tokenEmbeddingsAreRefused() throws Exception {
        SentenceTransformer model = SentenceTransformer.of(StaticEmbedding.fromWeights(tokenizer(false), knownTable()));
        assertThrows(UnsupportedOperationException.class, () -> model.encodeTokens(TEXTS, EncodeOptions.DEFAULTS));
    }

    /** sum over columns and rows of (e . v)^2 + e . u: smooth, so central differences are accurate. */
    private static final class QuadraticLoss implements Loss {
        @Override
        public SDVariable compute(SameDiff sd, List<SDVariable> embeddings, SDVariable labels) {
            SDVariable v = sd.constant(Nd4j.linspace(-1, 1, DIM, DataType.FLOAT).reshape(DIM, 1));
            SDVariable u = sd.constant(Nd4j.linspace(0.5, -0.5, DIM, DataType.FLOAT).reshape(DIM, 1));
            SDVariable total = null;
            for (SDVariable e : embeddings) {
                SDVariable term = e.mmul(v).pow(2).sum().add(e.mmul(u).sum());
                total = total == null ? term : total.add(term);
            }
            return total;
        }

        @Override
        public ColumnRequirements requirements() {
            return ColumnRequirements.atLeast(1, LabelType.NONE);
        }

        @Override
        public Map<String, Object> config() {
            return Map.of();
        }
    }

    @Test
    void tableGradientMatchesFiniteDifferences() throws Exception {
        StaticEmbedding module = StaticEmbedding.fromWeights(tokenizer(true), knownTable());
        SentenceTransformer model = SentenceTransformer.of(module, new Normalize());
        List<String> anchors = List.of("a b a", "w41 c", "", "[PAD] d");
        List<String> positives = List.of("z z y", "w42", "b", "w41 w43 w44");
        List<TokenBatch> batches = List.of(module.tokenize(anchors), module.tokenize(positives));
        GradientStep step = new GradientStep(model, new QuadraticLoss(), 0);
        INDArray gradient = step.compute(batches, null, 0).gradients().get("0." + StaticEmbedding.WEIGHT);
        INDArray table = module.parameters().get(StaticEmbedding.WEIGHT);

        // Rows used once, twice, in both columns, and rows no text uses (zero gradient), incl. the padding row.
        float h = 1e-2f;
        double worst = 0;
        for (int id : new int[] {5, 6, 41, 30, 8, 44, 0, 60}) {
            for (int d = 0; d < DIM; d++) {
                float original = table.getFloat(id, d);
                table.putScalar(id, d, original + h);
                double plus = step.loss(batches, null);
                table.putScalar(id, d, original - h);
                double minus = step.loss(batches, null);
                table.putScalar(id, d, original);
                double numeric = (plus - minus) / (2 * h);
                double analytic = gradient.getDouble(id, d);
                double error = Math.abs(numeric - analytic);
                assertTrue(error <= 2e-3 * Math.max(1, Math.abs(numeric)),
                        "row " + id + " dim " + d + ": analytic " + analytic + " vs numeric " + numeric);
                worst = Math.max(worst, error);
            }
        }
        assertEquals(0.0, gradient.getRow(0).norm2Number().doubleValue(), 0.0, "the padding row is never trained");
        assertEquals(0.0, gradient.getRow(60).norm2Number().doubleValue(), 0.0, "an unused row has no gradient");
        assertTrue(gradient.getRow(5).norm2Number().doubleValue() > 0);
        org.slf4j.LoggerFactory.getLogger(getClass()).info("static table gradient vs central differences: worst {}", worst);
    }

    private static List<String> list(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
