package io.st4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.modules.Pooling;
import io.st4j.core.modules.PoolingMode;
import io.st4j.core.modules.TokenBatch;
import io.st4j.core.modules.Transformer;
import io.st4j.core.testing.SharedData;
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
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training through every encoder graph: the gradients of GradientStep (SameDiff's backward pass plus the
 * embedding-table scatter in Transformer) against central finite differences of the loss, for weights of
 * every kind: word, position and token type tables, attention and feed-forward weights, layer norms and
 * MPNet's relative attention bias. Dropout is off so that both sides compute the same function; the ids
 * are the reference's padded batch, so pad positions must get no gradient from the mean.
 */
class EncoderGradientCheckTest {

    /** Finite-difference step; float32 rounding of a loss of size ~5 gives an error of ~3e-5 at this step. */
    private static final double STEP = 1e-2;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"bert", "roberta", "xlm-roberta", "distilbert", "mpnet"})
    void gradientsEqualFiniteDifferences(String architecture) throws Exception {
        JsonNode testCase = SharedData.referenceJson("tiny_models/cases.json").path("architectures").path(architecture);
        Transformer transformer = Transformer.load(TinyEncoders.folderWithoutDropout(architecture, tmp.resolve(architecture)));
        SentenceTransformer model = SentenceTransformer.of(transformer,
                new Pooling(transformer.embeddingDimension(), PoolingMode.MEAN));
        GradientStep step = new GradientStep(model, new ProjectionLoss(transformer.embeddingDimension()), 0);
        List<TokenBatch> batches = List.of(TinyEncoders.referenceBatch(testCase));
        Map<String, INDArray> gradients = step.compute(batches, null, 1).gradients();

        boolean offsetPositions = !architecture.equals("bert") && !architecture.equals("distilbert");
        int firstPosition = offsetPositions ? 2 : 0;
        List<Probe> probes = new ArrayList<>(List.of(
                new Probe("embeddings.word_embeddings.weight", testCase.get("input_ids").get(1).get(2).asInt(), 3),
                new Probe("embeddings.position_embeddings.weight", firstPosition, 5),
                new Probe("embeddings.position_embeddings.weight", firstPosition + 5, 7),
                new Probe("embeddings.LayerNorm.weight", 4)));
        switch (architecture) {
            case "distilbert" -> probes.addAll(List.of(
                    new Probe("transformer.layer.0.attention.q_lin.weight", 1, 2),
                    new Probe("transformer.layer.0.sa_layer_norm.bias", 6),
                    new Probe("transformer.layer.1.ffn.lin2.bias", 9)));
            case "mpnet" -> probes.addAll(List.of(
                    new Probe("encoder.layer.0.attention.attn.q.weight", 1, 2),
                    new Probe("encoder.layer.1.attention.attn.o.weight", 3, 4),
                    new Probe("encoder.relative_attention_bias.weight", 0, 1),
                    new Probe("encoder.relative_attention_bias.weight", 3, 0),
                    new Probe("encoder.relative_attention_bias.weight", 17, 2),
                    new Probe("encoder.relative_attention_bias.weight", 24, 3)));
            default -> probes.addAll(List.of(
                    new Probe("embeddings.token_type_embeddings.weight", 0, 1),
                    new Probe("encoder.layer.0.attention.self.query.weight", 1, 2),
                    new Probe("encoder.layer.1.output.dense.bias", 9)));
        }
        if (architecture.equals("bert")) {
            probes.add(new Probe("embeddings.token_type_embeddings.weight", 1, 1));
        }

        Map<String, INDArray> parameters = model.parameters();
        for (Probe probe : probes) {
            INDArray array = parameters.get("0." + probe.name());
            double original = array.getDouble(probe.index());
            array.putScalar(probe.index(), original + STEP);
            double plus = step.loss(batches, null);
            array.putScalar(probe.index(), original - STEP);
            double minus = step.loss(batches, null);
            array.putScalar(probe.index(), original);
            double numeric = (plus - minus) / (2 * STEP);
            double analytic = gradients.get("0." + probe.name()).getDouble(probe.index());
            System.out.printf("%s %s: SameDiff %.6f, finite difference %.6f%n", architecture, probe, analytic, numeric);
            assertTrue(Math.abs(numeric) > 1e-3, probe + " must influence the loss for the check to mean anything");
            assertEquals(numeric, analytic, 2e-3 + 2e-3 * Math.abs(numeric), architecture + " " + probe);
        }
    }

    /**
     * A training step with the models' own dropout (0.1 everywhere): every dropout site the graph has is fed,
     * every parameter but the unused pooler gets a finite gradient, and the masks follow the seed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"bert", "roberta", "xlm-roberta", "distilbert", "mpnet"})
    void trainingStepWithDropoutReachesEveryParameter(String architecture) throws Exception {
        JsonNode testCase = SharedData.referenceJson("tiny_models/cases.json").path("architectures").path(architecture);
        Transformer transformer = Transformer.load(TinyEncoders.folder(architecture, tmp.resolve(architecture)));
        SentenceTransformer model = SentenceTransformer.of(transformer,
                new Pooling(transformer.embeddingDimension(), PoolingMode.MEAN));
        GradientStep step = new GradientStep(model, new ProjectionLoss(transformer.embeddingDimension()), 0);
        List<TokenBatch> batches = List.of(TinyEncoders.referenceBatch(testCase));

        GradientStep.Gradients first = step.compute(batches, null, 1);
        Set<String> expected = new TreeSet<>(model.parameters().keySet());
        expected.removeIf(name -> name.startsWith("0.pooler."));
        assertEquals(expected, new TreeSet<>(first.gradients().keySet()));
        first.gradients().forEach((name, g) -> assertTrue(Double.isFinite(g.sumNumber().doubleValue()), name));

        double withoutDropout = step.loss(batches, null);
        assertEquals(first.loss(), step.compute(batches, null, 1).loss(), 0.0, "same seed, same masks");
        assertNotEquals(withoutDropout, first.loss(), 1e-3, "dropout changes the training loss");
    }

    private record Probe(String name, long... index) {
        @Override
        public String toString() {
            return name + java.util.Arrays.toString(index);
        }
    }

    /** The embeddings projected on a fixed random direction, summed over the batch. */
    private static final class ProjectionLoss implements Loss {

        private final INDArray direction;

        ProjectionLoss(int dimension) {
            Random random = new Random(7);
            float[] values = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                values[i] = (float) random.nextGaussian();
            }
            direction = Nd4j.createFromArray(values).reshape(1, dimension);
        }

        @Override
        public SDVariable compute(SameDiff sd, List<SDVariable> embeddings, SDVariable labels) {
            return embeddings.get(0).mul(sd.constant(direction)).sum();
        }

        @Override
        public ColumnRequirements requirements() {
            return ColumnRequirements.exactly(1, LabelType.NONE);
        }

        @Override
        public Map<String, Object> config() {
            return Map.of();
        }
    }
}
