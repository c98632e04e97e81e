package io.st4j.core;

import static io.st4j.core.testing.TrainPaths.withPath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.core.modules.Normalize;
import io.st4j.core.modules.Pooling;
import io.st4j.core.modules.PoolingMode;
import io.st4j.core.modules.TokenBatch;
import io.st4j.core.modules.Transformer;
import io.st4j.core.testing.TinyBert;
import io.st4j.core.testing.TinyEncoders;
import io.st4j.core.testing.TrainPaths;
import io.st4j.core.train.GradientStep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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

    @Test
    void anUnknownTrainPathIsRejected() throws Exception {
        Transformer transformer = Transformer.load(TinyEncoders.folder("bert", tmp.resolve("bert")));
        SentenceTransformer model = SentenceTransformer.of(transformer,
                new Pooling(transformer.embeddingDimension(), PoolingMode.MEAN));
        List<TokenBatch> columns = List.of(transformer.tokenize(List.of("a b", "c")),
                transformer.tokenize(List.of("d", "e f")));
        GradientStep step = new GradientStep(model, TrainPaths.inBatchRankingLoss(2), 0);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> withPath("fast", () -> step.compute(columns, null, 1)));
        assertEquals("system property st4j.train.path is 'fast'; expected lean or samediff", e.getMessage());
    }

    private static void assertPathsAgree(SentenceTransformer model, String label, int batchSize, long seed) {
        Transformer transformer = (Transformer) model.inputModule();
        Random random = new Random(seed);
        List<TokenBatch> columns = List.of(transformer.tokenize(texts(random, batchSize, 1, 4)),
                transformer.tokenize(texts(random, batchSize, 3, 14)));
        GradientStep step = new GradientStep(model, TrainPaths.inBatchRankingLoss(batchSize), 0);

        GradientStep.Gradients graph = withPath("samediff", () -> step.compute(columns, null, 42));
        GradientStep.Gradients lean = withPath("lean", () -> step.compute(columns, null, 42));
        GradientStep.Gradients otherSeed = withPath("lean", () -> step.compute(columns, null, 43));

        assertEquals(graph.loss(), lean.loss(), 1e-6 * Math.abs(graph.loss()), label + " loss");
        assertTrue(Math.abs(otherSeed.loss() - lean.loss()) > 1e-4, "another seed draws other dropout masks");
        assertEquals(new TreeSet<>(graph.gradients().keySet()), new TreeSet<>(lean.gradients().keySet()));
        TrainPaths.Difference worst = TrainPaths.largestDifference(graph.gradients(), lean.gradients());
        System.out.printf("%s: loss %.7f (SameDiff) vs %.7f (lean); largest gradient difference %.3g of the "
                + "largest entry, at %s%n", label, graph.loss(), lean.loss(), worst.relative(), worst.name());
        assertTrue(worst.relative() <= GRADIENT_TOLERANCE, label + ": " + worst);
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
        GradientStep step = new GradientStep(model, TrainPaths.inBatchRankingLoss(4), 0);
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

    private static List<String> texts(Random random, int count, int minWords, int maxWords) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add(TinyBert.randomText(random, minWords + random.nextInt(maxWords - minWords + 1)));
        }
        return texts;
    }
}
