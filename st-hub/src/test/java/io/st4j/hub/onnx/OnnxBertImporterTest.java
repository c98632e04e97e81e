package io.st4j.hub.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.st4j.core.testing.SharedData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class OnnxBertImporterTest {

    /** all-MiniLM-L6-v2's real config.json values. */
    private static final BertDimensions MINILM = new BertDimensions(384, 6, 12, 1536, 30522, 512, 2, 1e-12, "gelu");

    @Test
    void infersTheRealMiniLmConfig() {
        assertEquals(MINILM, RealMiniLm.imported().dims());
    }

    @Test
    void mapsEveryBertModelTensorOnceWithItsHuggingFaceShape() {
        Map<String, long[]> expected = expectedMiniLmShapes();
        Map<String, INDArray> weights = RealMiniLm.imported().weights();

        assertEquals(List.copyOf(expected.keySet()), List.copyOf(weights.keySet()));
        assertEquals(6 * 16 + 5 + 2, weights.size());
        for (Map.Entry<String, long[]> entry : expected.entrySet()) {
            INDArray weight = weights.get(entry.getKey());
            assertArrayEquals(entry.getValue(), weight.shape(), entry.getKey());
            assertEquals(DataType.FLOAT, weight.dataType(), entry.getKey());
            assertEquals('c', weight.ordering(), entry.getKey());
        }
    }

    @Test
    void headsFromTheReshapesAndFromTheScoreScalingAgree() throws Exception {
        OnnxGraph graph = OnnxGraph.parse(RealMiniLm.onnxFile());
        List<LinearWeight> projections = new ArrayList<>();
        for (LinearWeight linear : LinearWeight.findAll(graph)) {
            if (linear.layerName().startsWith("encoder.layer.0.attention.self.")) {
                projections.add(linear);
            }
        }
        assertEquals(3, projections.size());
        assertEquals(List.of(12, 12, 12), BertGraphFacts.headsFromReshapes(graph, 384, projections));
        assertEquals(List.of(12, 12, 12, 12, 12, 12), BertGraphFacts.headsFromScaling(graph, 384));
    }

    @Test
    void configJsonHasTheKeysAndDefaultsTransformersWrites() throws Exception {
        ObjectMapper json = new ObjectMapper();
        // A config.json written by transformers 4.47.1 save_pretrained (tiny BertModel), with MiniLM's sizes.
        ObjectNode written = (ObjectNode) SharedData.referenceJson("tiny_models/bert/config.json");
        written.remove("transformers_version");
        written.put("hidden_size", 384).put("num_hidden_layers", 6).put("num_attention_heads", 12)
                .put("intermediate_size", 1536).put("vocab_size", 30522).put("max_position_embeddings", 512);

        JsonNode ours = json.readTree(json.writeValueAsString(MINILM.toConfigJson()));

        assertEquals(written, ours);
        assertEquals(List.copyOf(iterable(written.fieldNames())), List.copyOf(iterable(ours.fieldNames())));
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    /** The BertModel state dict of all-MiniLM-L6-v2, written out by hand. */
    private static Map<String, long[]> expectedMiniLmShapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("embeddings.word_embeddings.weight", new long[] {30522, 384});
        shapes.put("embeddings.position_embeddings.weight", new long[] {512, 384});
        shapes.put("embeddings.token_type_embeddings.weight", new long[] {2, 384});
        shapes.put("embeddings.LayerNorm.weight", new long[] {384});
        shapes.put("embeddings.LayerNorm.bias", new long[] {384});
        for (int i = 0; i < 6; i++) {
            String p = "encoder.layer." + i + ".";
            for (String projection : List.of("query", "key", "value")) {
                shapes.put(p + "attention.self." + projection + ".weight", new long[] {384, 384});
                shapes.put(p + "attention.self." + projection + ".bias", new long[] {384});
            }
            shapes.put(p + "attention.output.dense.weight", new long[] {384, 384});
            shapes.put(p + "attention.output.dense.bias", new long[] {384});
            shapes.put(p + "attention.output.LayerNorm.weight", new long[] {384});
            shapes.put(p + "attention.output.LayerNorm.bias", new long[] {384});
            shapes.put(p + "intermediate.dense.weight", new long[] {1536, 384});
            shapes.put(p + "intermediate.dense.bias", new long[] {1536});
            shapes.put(p + "output.dense.weight", new long[] {384, 1536});
            shapes.put(p + "output.dense.bias", new long[] {384});
            shapes.put(p + "output.LayerNorm.weight", new long[] {384});
            shapes.put(p + "output.LayerNorm.bias", new long[] {384});
        }
        shapes.put("pooler.dense.weight", new long[] {384, 384});
        shapes.put("pooler.dense.bias", new long[] {384});
        return shapes;
    }
}
