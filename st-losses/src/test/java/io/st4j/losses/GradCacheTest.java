package io.st4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.core.train.CachedLoss;
import io.st4j.core.train.GradCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The GradCache pieces driven as a trainer would, through a small trainable encoder
 * ({@code tanh(x W + b)}, shared by both columns): the cached loss equals the plain loss in value and in
 * parameter gradients.
 */
class GradCacheTest {

    private static final int FEATURES = 10;
    private static final int DIM = 16;

    @Test
    void cachedMnrlEqualsMnrlOnSixtyFourPairsInMiniBatchesOfEight() {
        compare(new CachedMultipleNegativesRankingLoss(MultipleNegativesRankingLoss.builder(), 8), 64, 2);
    }

    @Test
    void cachedMnrlWithNegativesAndUnevenMiniBatches() {
        compare(new CachedMultipleNegativesRankingLoss(MultipleNegativesRankingLoss.builder(), 12), 64, 3);
    }

    @Test
    void cachedSymmetricAndMatryoshkaAroundCached() {
        compare(new CachedMultipleNegativesSymmetricRankingLoss(20.0, io.st4j.core.SimilarityFunction.COSINE, 8), 24, 2);
        compare(new MatryoshkaLoss(new CachedMultipleNegativesRankingLoss(MultipleNegativesRankingLoss.builder(), 5),
                new int[] {16, 8, 4}, new double[] {1.0, 0.5, 0.25}, -1), 24, 2);
    }

    private static void compare(io.st4j.core.train.Loss loss, int batch, int columns) {
        Nd4j.getRandom().setSeed(7);
        INDArray w = Nd4j.rand(DataType.FLOAT, FEATURES, DIM).subi(0.5);
        INDArray b = Nd4j.rand(DataType.FLOAT, 1, DIM).subi(0.5);
        List<INDArray> inputs = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            inputs.add(Nd4j.rand(DataType.FLOAT, batch, FEATURES).subi(0.5).muli(2));
        }

        // the plain loss on the whole batch, one graph
        SameDiff full = SameDiff.create();
        SDVariable fw = full.var("w", w.dup());
        SDVariable fb = full.var("b", b.dup());
        List<SDVariable> embeddings = new ArrayList<>();
        Map<String, INDArray> feed = new HashMap<>();
        for (int c = 0; c < columns; c++) {
            SDVariable x = full.placeHolder("x" + c, DataType.FLOAT, -1, FEATURES);
            embeddings.add(full.math.tanh(x.mmul(fw).add(fb)));
            feed.put("x" + c, inputs.get(c));
        }
        SDVariable value = loss.compute(full, embeddings, null);
        full.setLossVariables(value);
        Map<String, INDArray> expected = full.calculateGradients(feed, "w", "b");
        double expectedValue = full.output(feed, value.name()).get(value.name()).getDouble(0);

        // GradCache: embed in mini-batches without gradients, loss on the cached embeddings, then re-embed with the cached gradients
        int miniBatch = CachedLoss.miniBatchSizeOf(loss).orElseThrow();
        SameDiff encoder = SameDiff.create();
        SDVariable ew = encoder.var("w", w.dup());
        SDVariable eb = encoder.var("b", b.dup());
        SDVariable x = encoder.placeHolder("x", DataType.FLOAT, -1, FEATURES);
        SDVariable cached = encoder.placeHolder("cached", DataType.FLOAT, -1, DIM);
        SDVariable embedding = encoder.math.tanh(x.mmul(ew).add(eb));
        SDVariable surrogate = GradCache.surrogate(embedding, cached);
        encoder.setLossVariables(surrogate);

        List<int[]> ranges = GradCache.miniBatches(batch, miniBatch);
        List<INDArray> cachedEmbeddings = new ArrayList<>();
        for (INDArray in : inputs) {
            List<INDArray> parts = new ArrayList<>();
            for (int[] r : ranges) {
                parts.add(encoder.output(Map.of("x", rows(in, r)), embedding.name()).get(embedding.name()));
            }
            cachedEmbeddings.add(Nd4j.concat(0, parts.toArray(new INDArray[0])));
        }
        GradCache.Result result = GradCache.lossAndGradients(loss, cachedEmbeddings, null, null, 0);
        INDArray gw = Nd4j.zeros(DataType.FLOAT, FEATURES, DIM);
        INDArray gb = Nd4j.zeros(DataType.FLOAT, 1, DIM);
        for (int c = 0; c < columns; c++) {
            for (int[] r : ranges) {
                Map<String, INDArray> g = encoder.calculateGradients(
                        Map.of("x", rows(inputs.get(c), r), "cached", rows(result.embeddingGradients().get(c), r)), "w", "b");
                gw.addi(g.get("w"));
                gb.addi(g.get("b"));
            }
        }
        Tolerance.assertClose(loss.name() + " value", expectedValue, result.loss());
        assertClose(loss.name() + " dW", expected.get("w"), gw);
        assertClose(loss.name() + " db", expected.get("b"), gb);
        assertEquals(List.of(), List.copyOf(result.parameterGradients().keySet()));
    }

    private static INDArray rows(INDArray a, int[] range) {
        return a.get(NDArrayIndex.interval(range[0], range[1]), NDArrayIndex.all()).dup();
    }

    private static void assertClose(String what, INDArray expected, INDArray actual) {
        double[] e = expected.castTo(DataType.DOUBLE).data().asDouble();
        double[] a = actual.castTo(DataType.DOUBLE).data().asDouble();
        assertEquals(e.length, a.length);
        double scale = 0;
        for (double v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < e.length; i++) {
            double tol = Math.max(1e-5 * Math.abs(e[i]), 1e-6 * Math.max(1, scale));
            assertTrue(Math.abs(e[i] - a[i]) <= tol, what + "[" + i + "]: expected " + e[i] + " got " + a[i]);
        }
    }
}
