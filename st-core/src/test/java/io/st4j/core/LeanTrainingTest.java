package io.st4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.core.modules.Normalize;
import io.st4j.core.modules.Pooling;
import io.st4j.core.modules.PoolingMode;
import io.st4j.core.modules.TokenBatch;
import io.st4j.core.modules.Transformer;
import io.st4j.core.testing.TinyEncoders;
import io.st4j.core.train.GradientStep;
import io.st4j.core.train.Loss;
import io.st4j.data.ColumnRequirements;
import io.st4j.data.LabelType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The lean training path ({@link GradientStep#TRAIN_PATH_PROPERTY}) against the SameDiff training graph on the
 * tiny encoders with their dropout on: equal loss, equal gradients of every parameter (same dropout masks), for
 * columns of texts of varied lengths (packing must not change results); and against finite differences.
 */
class LeanTrainingTest {

    /** Largest difference of a gradient relative to its largest entry: float rounding of differently ordered sums. */
    private static final double GRADIENT_TOLERANCE = 1e-5;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"bert", "roberta", "xlm-roberta", "distilbert"})
    void leanGradientsEqualTheTrainingGraphs(String architecture) throws Exception {
        Transformer transformer = Transformer.load(TinyEncoders.folder(architecture, tmp.resolve(architecture)));
        SentenceTransformer model = SentenceTransformer.of(transformer,
                new Pooling(transformer.embeddingDimension(), PoolingMode.MEAN), new Normalize());
        assertPathsAgree(model, architecture, 6, 11);
    }

    @Test
    void otherPoolingModesAgreeToo() throws Exception {
        Transformer transformer = Transformer.load(TinyEncoders.folder("bert", tmp.resolve("bert")));
        SentenceTransformer model = SentenceTransformer.of(transformer, new Pooling(transformer.embeddingDimension(),
                List.of(PoolingMode.CLS, PoolingMode.MAX), true), new Normalize());
        assertPathsAgree(model, "bert CLS+MAX", 5, 3);
    }

    private static void assertPathsAgree(SentenceTransformer model, String label, int batchSize, long seed) {
        Transformer transformer = (Transformer) model.inputModule();
        Random random = new Random(seed);
        List<TokenBatch> columns = List.of(transformer.tokenize(texts(random, batchSize, 1, 4)),
                transformer.tokenize(texts(random, batchSize, 3, 14)));
        GradientStep step = new GradientStep(model, new InBatchRankingLoss(batchSize), 0);

        GradientStep.Gradients graph = withPath("samediff", () -> step.compute(columns, null, 42));
        GradientStep.Gradients lean = withPath("lean", () -> step.compute(columns, null, 42));
        GradientStep.Gradients otherSeed = withPath("lean", () -> step.compute(columns, null, 43));

        assertEquals(graph.loss(), lean.loss(), 1e-6 * Math.abs(graph.loss()), label + " loss");
        assertTrue(Math.abs(otherSeed.loss() - lean.loss()) > 1e-4, "another seed draws other dropout masks");
        assertEquals(new TreeSet<>(graph.gradients().keySet()), new TreeSet<>(lean.gradients().keySet()));
        double largest = 0;
        for (INDArray g : graph.gradients().values()) {
            largest = Math.max(largest, g.amaxNumber().doubleValue());
        }
        double worst = 0;
        String worstName = null;
        for (Map.Entry<String, INDArray> e : graph.gradients().entrySet()) {
            // The key bias shifts every score of a softmax row alike: its gradient is 0 up to rounding, measured
            // against the largest gradient entry of the model; every other gradient against its own largest entry.
            double scale = isKeyBias(e.getKey()) ? largest : e.getValue().amaxNumber().doubleValue();
            double diff = maxDiff(e.getValue(), lean.gradients().get(e.getKey())) / scale;
            if (diff > worst) {
                worst = diff;
                worstName = e.getKey();
            }
        }
        System.out.printf("%s: loss %.7f (SameDiff) vs %.7f (lean); largest gradient difference %.3g of the "
                + "largest entry, at %s%n", label, graph.loss(), lean.loss(), worst, worstName);
        assertTrue(worst <= GRADIENT_TOLERANCE, label + ": gradient " + worstName + " differs by " + worst);
    }

    /** Finite differences of the evaluation loss (dropout off) against the lean path's gradients. */
    @Test
    void leanGradientsEqualFiniteDifferences() throws Exception {
        Transformer transformer = Transformer.load(TinyEncoders.folderWithoutDropout("bert", tmp.resolve("bert")));
        SentenceTransformer model = SentenceTransformer.of(transformer,
                new Pooling(transformer.embeddingDimension(), PoolingMode.MEAN), new Normalize());
        Random random = new Random(5);
        List<TokenBatch> columns = List.of(transformer.tokenize(texts(random, 4, 1, 5)),
                transformer.tokenize(texts(random, 4, 2, 9)));
        GradientStep step = new GradientStep(model, new InBatchRankingLoss(4), 0);
        Map<String, INDArray> gradients = withPath("lean", () -> step.compute(columns, null, 1)).gradients();
        double h = 1e-2;
        for (String name : List.of("0.embeddings.word_embeddings.weight", "0.embeddings.position_embeddings.weight",
                "0.embeddings.LayerNorm.weight", "0.encoder.layer.0.attention.self.query.weight",
                "0.encoder.layer.0.attention.self.key.weight", "0.encoder.layer.1.attention.self.value.weight",
                "0.encoder.layer.0.intermediate.dense.weight", "0.encoder.layer.1.output.LayerNorm.bias")) {
            INDArray parameter = model.parameters().get(name);
            INDArray gradient = gradients.get(name);
            long index = Nd4j.argMax(Transforms.abs(gradient.reshape(-1))).getLong(0);
            double original = parameter.reshape(-1).getDouble(index);
            parameter.reshape(-1).putScalar(index, original + h);
            double plus = step.loss(columns, null);
            parameter.reshape(-1).putScalar(index, original - h);
            double minus = step.loss(columns, null);
            parameter.reshape(-1).putScalar(index, original);
            double numeric = (plus - minus) / (2 * h);
            double analytic = gradient.reshape(-1).getDouble(index);
            System.out.printf("%s[%d]: lean %.6f, finite difference %.6f%n", name, index, analytic, numeric);
            assertEquals(numeric, analytic, 2e-3 + 2e-2 * Math.abs(numeric), name);
        }
    }

    private static boolean isKeyBias(String name) {
        return name.endsWith(".attention.self.key.bias") || name.endsWith(".attention.k_lin.bias");
    }

    private static double maxDiff(INDArray expected, INDArray actual) {
        return Transforms.abs(expected.sub(actual.reshape(expected.shape()))).maxNumber().doubleValue();
    }

    private static List<String> texts(Random random, int count, int minWords, int maxWords) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add(io.st4j.core.testing.TinyBert.randomText(random, minWords + random.nextInt(maxWords - minWords + 1)));
        }
        return texts;
    }

    private static <T> T withPath(String path, Supplier<T> action) {
        String before = System.getProperty(GradientStep.TRAIN_PATH_PROPERTY);
        System.setProperty(GradientStep.TRAIN_PATH_PROPERTY, path);
        try {
            return action.get();
        } finally {
            if (before == null) {
                System.clearProperty(GradientStep.TRAIN_PATH_PROPERTY);
            } else {
                System.setProperty(GradientStep.TRAIN_PATH_PROPERTY, before);
            }
        }
    }

    /** Multiple-negatives ranking over two columns: cross-entropy of scaled dot products with the diagonal. */
    private static final class InBatchRankingLoss implements Loss {

        private final int batchSize;

        InBatchRankingLoss(int batchSize) {
            this.batchSize = batchSize;
        }

        @Override
        public SDVariable compute(SameDiff sd, List<SDVariable> embeddings, SDVariable labels) {
            SDVariable scores = sd.mmul(embeddings.get(0), embeddings.get(1), false, true, false).mul(20.0);
            // Scores of unit vectors times 20: exp cannot overflow.
            SDVariable logProbabilities = scores.sub(sd.math.log(sd.math.exp(scores).sum(true, 1)));
            return logProbabilities.mul(sd.constant(Nd4j.eye(batchSize))).sum().neg().div(batchSize);
        }

        @Override
        public ColumnRequirements requirements() {
            return ColumnRequirements.exactly(2, LabelType.NONE);
        }

        @Override
        public Map<String, Object> config() {
            return Map.of();
        }
    }
}
