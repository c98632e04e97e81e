package io.st4j.hub.onnx;

import java.util.LinkedHashMap;
import java.util.Map;

/** The tensors of a Hugging Face {@code BertModel} state dict (no prefix), with their shapes, in order. */
final class HfBertLayout {

    static final String WORD_EMBEDDINGS = "embeddings.word_embeddings.weight";
    static final String POSITION_EMBEDDINGS = "embeddings.position_embeddings.weight";
    static final String TOKEN_TYPE_EMBEDDINGS = "embeddings.token_type_embeddings.weight";
    static final String LAYER_PREFIX = "encoder.layer.";
    static final String POOLER_PREFIX = "pooler.dense.";

    private HfBertLayout() {
    }

    /** Name → shape of every tensor a model of these dimensions has. */
    static Map<String, long[]> shapes(BertDimensions dims, boolean withPooler) {
        long h = dims.hiddenSize();
        long ffn = dims.intermediateSize();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put(WORD_EMBEDDINGS, new long[] {dims.vocabSize(), h});
        shapes.put(POSITION_EMBEDDINGS, new long[] {dims.maxPositionEmbeddings(), h});
        shapes.put(TOKEN_TYPE_EMBEDDINGS, new long[] {dims.typeVocabSize(), h});
        layerNorm(shapes, "embeddings.LayerNorm.", h);
        for (int i = 0; i < dims.numHiddenLayers(); i++) {
            String layer = LAYER_PREFIX + i + ".";
            linear(shapes, layer + "attention.self.query.", h, h);
            linear(shapes, layer + "attention.self.key.", h, h);
            linear(shapes, layer + "attention.self.value.", h, h);
            linear(shapes, layer + "attention.output.dense.", h, h);
            layerNorm(shapes, layer + "attention.output.LayerNorm.", h);
            linear(shapes, layer + "intermediate.dense.", h, ffn);
            linear(shapes, layer + "output.dense.", ffn, h);
            layerNorm(shapes, layer + "output.LayerNorm.", h);
        }
        if (withPooler) {
            linear(shapes, POOLER_PREFIX, h, h);
        }
        return shapes;
    }

    private static void linear(Map<String, long[]> shapes, String prefix, long in, long out) {
        shapes.put(prefix + "weight", new long[] {out, in});
        shapes.put(prefix + "bias", new long[] {out});
    }

    private static void layerNorm(Map<String, long[]> shapes, String prefix, long h) {
        shapes.put(prefix + "weight", new long[] {h});
        shapes.put(prefix + "bias", new long[] {h});
    }
}
