package io.st4j.core.modules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.st4j.core.io.Json;
import io.st4j.core.io.ModelFormatException;
import io.st4j.core.io.SafeTensors;
import io.st4j.core.testing.SharedData;
import io.st4j.core.testing.TinyEncoders;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The per-architecture details of the encoders against tiny_models/cases.json, and their checkpoint names. */
class EncoderArchitectureTest {

    @TempDir
    Path tmp;

    private static JsonNode caseOf(String architecture) {
        return SharedData.referenceJson("tiny_models/cases.json").path("architectures").path(architecture);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert", "roberta", "xlm-roberta", "distilbert", "mpnet"})
    void positionIdsEqualTheModelsOwn(String architecture) throws Exception {
        JsonNode testCase = caseOf(architecture);
        Transformer transformer = Transformer.load(TinyEncoders.folder(architecture, tmp.resolve(architecture)));
        TokenBatch batch = TinyEncoders.referenceBatch(testCase);
        int[] expected = new int[batch.size() * batch.length()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = testCase.get("position_ids").get(i / batch.length()).get(i % batch.length()).asInt();
        }
        assertArrayEquals(expected, transformer.config().positionIds(batch));
    }

    @Test
    void mpnetBucketsEqualTransformers() {
        JsonNode byDistance = caseOf("mpnet").get("relative_position_bucket_by_distance");
        JsonNode distances = byDistance.get("relative_position(key_minus_query)");
        for (int i = 0; i < distances.size(); i++) {
            assertEquals(byDistance.get("bucket").get(i).asInt(), RelativePositionBuckets.bucket(distances.get(i).asInt()),
                    "key - query = " + distances.get(i).asInt());
        }
        JsonNode matrix = caseOf("mpnet").get("relative_position_bucket");
        int length = matrix.size();
        INDArray oneHot = RelativePositionBuckets.oneHot(length, 32);
        assertEquals(length * length, oneHot.sum(0).sumNumber().intValue(), "one 1 per column");
        for (int q = 0; q < length; q++) {
            for (int k = 0; k < length; k++) {
                assertEquals(1.0, oneHot.getDouble(matrix.get(q).get(k).asInt(), q * length + k), "query " + q + " key " + k);
            }
        }
    }

    @Test
    void unknownModelTypeNamesItselfAndTheSupportedList() throws Exception {
        Path dir = TinyEncoders.folder("bert", tmp.resolve("t5"));
        ObjectNode config = (ObjectNode) Json.read(dir.resolve("config.json"));
        config.put("model_type", "t5");
        Json.write(dir.resolve("config.json"), Json.mapper().convertValue(config, Object.class), 2);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Transformer.load(dir));
        assertTrue(e.getMessage().contains("model_type 't5' is not supported; supported: "
                + "[bert, roberta, xlm-roberta, distilbert, mpnet]"), e.getMessage());
    }

    @Test
    void mpnetWithFewerThan32BucketsIsRefused() throws Exception {
        Path dir = TinyEncoders.folder("mpnet", tmp.resolve("mpnet16"));
        ObjectNode config = (ObjectNode) Json.read(dir.resolve("config.json"));
        config.put("relative_attention_num_buckets", 16);
        Json.write(dir.resolve("config.json"), Json.mapper().convertValue(config, Object.class), 2);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Transformer.load(dir));
        assertTrue(e.getMessage().contains("relative_attention_num_buckets 16 is below the 32 buckets"), e.getMessage());
    }

    /**
     * A task-model checkpoint (prefix {@code roberta.}/{@code distilbert.}/{@code mpnet.}, plus a head) loads
     * as the base model, and saving writes the base model's Hugging Face names, unchanged.
     */
    @ParameterizedTest
    @ValueSource(strings = {"bert", "roberta", "xlm-roberta", "distilbert", "mpnet"})
    void prefixedCheckpointsLoadAndSavingKeepsHuggingFaceNames(String architecture) throws Exception {
        Path dir = TinyEncoders.folder(architecture, tmp.resolve("prefixed"));
        Map<String, INDArray> original = SafeTensors.read(dir.resolve("model.safetensors"));
        String prefix = Map.of("xlm-roberta", "roberta.").getOrDefault(architecture, architecture + ".");
        Map<String, INDArray> prefixed = new TreeMap<>();
        original.forEach((name, array) -> prefixed.put(prefix + name, array));
        prefixed.put(prefix + "embeddings.position_ids", Nd4j.arange(64).reshape(1, 64));
        prefixed.put("lm_head.dense.weight", Nd4j.ones(32, 32));
        SafeTensors.write(dir.resolve("model.safetensors"), prefixed, Map.of("format", "pt"));

        Transformer transformer = Transformer.load(dir);
        assertEquals(original.keySet(), transformer.parameters().keySet());
        Path saved = tmp.resolve("saved");
        java.nio.file.Files.createDirectories(saved);
        transformer.save(saved);
        Map<String, INDArray> written = SafeTensors.read(saved.resolve("model.safetensors"));
        assertEquals(original.keySet(), written.keySet());
        original.forEach((name, array) -> assertEquals(array, written.get(name), name));
        assertEquals(Json.read(dir.resolve("config.json")), Json.read(saved.resolve("config.json")));

        TokenBatch batch = TinyEncoders.referenceBatch(caseOf(architecture));
        Map<String, INDArray> before = new HashMap<>(transformer.graphInputs(batch));
        Map<String, INDArray> after = Transformer.load(saved).graphInputs(batch);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((name, value) -> assertEquals(value, after.get(name), name));
    }

    @Test
    void maxSeqLengthLeavesRoomForRobertaPositionOffset() throws Exception {
        // 64 positions with padding id 1: real tokens take positions 2..63, so at most 62 tokens.
        assertEquals(62, Transformer.load(TinyEncoders.folder("roberta", tmp.resolve("r"))).maxSeqLength());
        assertEquals(64, Transformer.load(TinyEncoders.folder("distilbert", tmp.resolve("d"))).maxSeqLength());
    }

    @ParameterizedTest
    @ValueSource(strings = {"roberta", "mpnet"})
    void robertaStyleTokenizerPadsWithTheConfigPadId(String architecture) throws Exception {
        Transformer transformer = Transformer.load(TinyEncoders.folder(architecture, tmp.resolve(architecture)));
        List<String> vocab = TinyEncoders.vocabulary(architecture);
        TokenBatch batch = transformer.tokenize(List.of("a b c", "z"));
        assertEquals(5, batch.length());
        assertArrayEquals(new int[] {0, vocab.indexOf("a"), vocab.indexOf("b"), vocab.indexOf("c"), 2,
                0, vocab.indexOf("z"), 2, 1, 1}, batch.inputIds());
        assertArrayEquals(new int[] {2, 3, 4, 5, 6, 2, 3, 4, 1, 1}, transformer.config().positionIds(batch));
    }
}
