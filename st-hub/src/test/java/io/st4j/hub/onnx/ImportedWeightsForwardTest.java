package io.st4j.hub.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.testing.SharedData;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Proves the name mapping and the [in,out] → [out,in] transposition numerically: a plain ND4J BERT
 * forward pass written here from Hugging Face's BertModel equations, run on the imported weights, must
 * give Python sentence-transformers' mean-pooled all-MiniLM-L6-v2 embeddings.
 */
class ImportedWeightsForwardTest {

    private static final double TOLERANCE = 1e-5;

    /** Sentences 0 ("A man is eating food.", 8 tokens), 9 (empty: [CLS] [SEP]) and 19 (256 tokens). */
    @ParameterizedTest
    @ValueSource(ints = {0, 9, 19})
    void meanPooledForwardEqualsSentenceTransformers(int sentence) {
        JsonNode reference = SharedData.referenceJson("minilm_embeddings.json");
        JsonNode tokenIds = reference.get("token_ids").get(sentence);
        int[] ids = new int[tokenIds.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokenIds.get(i).asInt();
        }
        JsonNode expected = reference.get("embeddings_before_normalize").get(sentence);

        INDArray pooled = meanPooledForward(RealMiniLm.imported(), ids);

        assertEquals(expected.size(), pooled.length());
        double maxDiff = 0;
        for (int i = 0; i < expected.size(); i++) {
            maxDiff = Math.max(maxDiff, Math.abs(expected.get(i).asDouble() - pooled.getDouble(i)));
        }
        assertTrue(maxDiff <= TOLERANCE, "sentence " + sentence + ": max abs diff " + maxDiff);
    }

    /** BertModel's last hidden state for one unpadded sequence (token type 0), averaged over tokens. */
    private static INDArray meanPooledForward(ImportedBert bert, int[] ids) {
        Map<String, INDArray> w = bert.weights();
        BertDimensions dims = bert.dims();
        int hidden = dims.hiddenSize();
        int headSize = hidden / dims.numAttentionHeads();
        double eps = dims.layerNormEps();

        INDArray x = Nd4j.create(DataType.FLOAT, ids.length, hidden);
        for (int t = 0; t < ids.length; t++) {
            x.putRow(t, w.get("embeddings.word_embeddings.weight").getRow(ids[t])
                    .add(w.get("embeddings.position_embeddings.weight").getRow(t))
                    .add(w.get("embeddings.token_type_embeddings.weight").getRow(0)));
        }
        x = layerNorm(x, w, "embeddings.LayerNorm.", eps);
        for (int layer = 0; layer < dims.numHiddenLayers(); layer++) {
            String p = "encoder.layer." + layer + ".";
            INDArray q = linear(x, w, p + "attention.self.query.");
            INDArray k = linear(x, w, p + "attention.self.key.");
            INDArray v = linear(x, w, p + "attention.self.value.");
            INDArray context = Nd4j.create(DataType.FLOAT, ids.length, hidden);
            for (int head = 0; head < dims.numAttentionHeads(); head++) {
                INDArray[] qkv = new INDArray[3];
                INDArray[] sources = {q, k, v};
                for (int i = 0; i < 3; i++) {
                    qkv[i] = sources[i].get(NDArrayIndex.all(),
                            NDArrayIndex.interval(head * headSize, (head + 1) * headSize));
                }
                INDArray scores = qkv[0].mmul(qkv[1].transpose()).divi(Math.sqrt(headSize));
                context.put(new INDArrayIndex[] {NDArrayIndex.all(),
                        NDArrayIndex.interval(head * headSize, (head + 1) * headSize)},
                        Transforms.softmax(scores).mmul(qkv[2]));
            }
            INDArray attention = layerNorm(linear(context, w, p + "attention.output.dense.").addi(x), w,
                    p + "attention.output.LayerNorm.", eps);
            INDArray intermediate = erfGelu(linear(attention, w, p + "intermediate.dense."));
            x = layerNorm(linear(intermediate, w, p + "output.dense.").addi(attention), w,
                    p + "output.LayerNorm.", eps);
        }
        return x.mean(0);
    }

    /** torch.nn.Linear: x · weightᵀ + bias, weight laid out [out, in]. */
    private static INDArray linear(INDArray x, Map<String, INDArray> w, String prefix) {
        return x.mmul(w.get(prefix + "weight").transpose()).addRowVector(w.get(prefix + "bias"));
    }

    private static INDArray layerNorm(INDArray x, Map<String, INDArray> w, String prefix, double eps) {
        INDArray centered = x.subColumnVector(x.mean(true, 1));
        INDArray variance = centered.mul(centered).mean(true, 1);
        return centered.divColumnVector(Transforms.sqrt(variance.addi(eps)))
                .mulRowVector(w.get(prefix + "weight")).addRowVector(w.get(prefix + "bias"));
    }

    /** x · ½ · (1 + erf(x / √2)). */
    private static INDArray erfGelu(INDArray x) {
        INDArray erf = Nd4j.exec(new Erf(x.div(Math.sqrt(2))));
        return x.mul(erf.addi(1)).muli(0.5);
    }
}
