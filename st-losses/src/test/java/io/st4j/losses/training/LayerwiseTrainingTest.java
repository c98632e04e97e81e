package io.st4j.losses.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.st4j.core.SentenceTransformer;
import io.st4j.core.io.Json;
import io.st4j.core.modules.Activation;
import io.st4j.core.modules.Dense;
import io.st4j.core.modules.Module;
import io.st4j.core.modules.Normalize;
import io.st4j.core.modules.Pooling;
import io.st4j.core.modules.PoolingMode;
import io.st4j.core.modules.StaticEmbedding;
import io.st4j.core.modules.TokenBatch;
import io.st4j.core.modules.Transformer;
import io.st4j.core.testing.TinyBert;
import io.st4j.core.train.GradientStep;
import io.st4j.core.train.IntervalStrategy;
import io.st4j.core.train.LayerwiseLoss;
import io.st4j.core.train.SentenceTransformerTrainer;
import io.st4j.core.train.SentenceTransformerTrainingArguments;
import io.st4j.core.train.TrainerCallback;
import io.st4j.core.train.TrainerState;
import io.st4j.data.Dataset;
import io.st4j.losses.AdaptiveLayerLoss;
import io.st4j.losses.Matryoshka2dLoss;
import io.st4j.losses.MultipleNegativesRankingLoss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * AdaptiveLayerLoss and Matryoshka2dLoss through the trainer's hook: the embeddings of every prior hidden state
 * of the tiny BERT (2 layers: the embedding layer's output and the first layer's), run through pooling, a Dense
 * layer and Normalize as if each were the last.
 */
class LayerwiseTrainingTest {

    /** Finite-difference step, as in st-core's encoder gradient check. */
    private static final double STEP = 1e-2;

    @TempDir
    Path tmp;

    private Path folder;
    private final List<String> anchors = new ArrayList<>();
    private final List<String> positives = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        folder = TinyBert.folder(tmp.resolve("tiny"));
        setLayers(folder, null);
        Random random = new Random(5);
        for (int i = 0; i < 8; i++) {
            anchors.add(TinyBert.randomText(random, 3 + random.nextInt(4)));
            positives.add(TinyBert.randomText(random, 5 + random.nextInt(6)));
        }
    }

    /** Turns dropout off and, when {@code layers} is not null, keeps only that many encoder layers. */
    private static void setLayers(Path dir, Integer layers) throws Exception {
        ObjectNode config = (ObjectNode) Json.read(dir.resolve("config.json"));
        config.put("hidden_dropout_prob", 0.0);
        config.put("attention_probs_dropout_prob", 0.0);
        if (layers != null) {
            config.put("num_hidden_layers", layers);
        }
        Json.write(dir.resolve("config.json"), config, 2);
    }

    /** Pooling, a tanh Dense layer 32 -> 16 with seeded weights, Normalize: the modules after the transformer. */
    private static List<Module> head() {
        Random random = new Random(13);
        float[] w = new float[16 * 32];
        float[] b = new float[16];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() * 0.3);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (random.nextGaussian() * 0.1);
        }
        return List.of(new Pooling(32, PoolingMode.MEAN),
                new Dense(Nd4j.create(w, new long[] {16, 32}, 'c'), Nd4j.create(b, new long[] {16}, 'c'), Activation.TANH),
                new Normalize());
    }

    private static SentenceTransformer model(Path dir, List<Module> head) throws Exception {
        List<Module> modules = new ArrayList<>();
        modules.add(Transformer.load(dir));
        modules.addAll(head);
        return SentenceTransformer.of(io.st4j.core.ModelSettings.DEFAULTS, modules);
    }

    private List<TokenBatch> batches(SentenceTransformer model) {
        return List.of(model.inputModule().tokenize(anchors), model.inputModule().tokenize(positives));
    }

    private static AdaptiveLayerLoss allLayers() {
        return new AdaptiveLayerLoss(new MultipleNegativesRankingLoss(), -1, 1.5, 0.7, 0.9, 0.3,
                AdaptiveLayerLoss.LayerWeighting.LINEAR);
    }

    @Test
    void priorLayerEmbeddingsAreThoseOfTheTruncatedEncoders() throws Exception {
        List<Module> head = head();
        SentenceTransformer model = model(folder, head);
        AdaptiveLayerLoss loss = allLayers();
        GradientStep step = new GradientStep(model, loss, 0);

        // Hidden state k of the 2-layer encoder is the output of the same encoder cut to k layers.
        List<List<INDArray>> prior = new ArrayList<>();
        for (int layers = 0; layers < 2; layers++) {
            Path cut = tmp.resolve("cut" + layers);
            Files.createDirectories(cut);
            for (String file : List.of("config.json", "model.safetensors", "tokenizer.json")) {
                Files.copy(folder.resolve(file), cut.resolve(file));
            }
            setLayers(cut, layers);
            SentenceTransformer truncated = model(cut, head);
            prior.add(List.of(Nd4j.createFromArray(truncated.encode(anchors)),
                    Nd4j.createFromArray(truncated.encode(positives))));
        }
        List<INDArray> last = List.of(Nd4j.createFromArray(model.encode(anchors)), Nd4j.createFromArray(model.encode(positives)));
        double expected = value(loss, last, prior);

        assertEquals(expected, step.loss(batches(model), null), 1e-5 * Math.abs(expected), "evaluation graph");
        assertEquals(expected, step.compute(batches(model), null, 3).loss(), 1e-5 * Math.abs(expected), "training graph");
        assertTrue(Math.abs(expected - value(loss, last, List.of(prior.get(1), prior.get(0)))) > 1e-3,
                "the layers' order matters to the check");
    }

    /** The loss on fixed embeddings, built on its own. */
    private static double value(LayerwiseLoss loss, List<INDArray> last, List<List<INDArray>> prior) {
        SameDiff sd = SameDiff.create();
        List<SDVariable> finals = new ArrayList<>();
        last.forEach(e -> finals.add(sd.constant(e)));
        List<List<SDVariable>> layers = new ArrayList<>();
        for (List<INDArray> layer : prior) {
            List<SDVariable> columns = new ArrayList<>();
            layer.forEach(e -> columns.add(sd.constant(e)));
            layers.add(columns);
        }
        return loss.compute(sd, finals, layers, null).eval().getDouble(0);
    }

    /**
     * Without the KL term: its target, the final layer's distribution, is detached as in the library, so the
     * gradient is not the derivative of the loss value there (NewerLossesTest checks that term's gradient).
     */
    @Test
    void gradientsEqualFiniteDifferences() throws Exception {
        SentenceTransformer model = model(folder, head());
        GradientStep step = new GradientStep(model, new AdaptiveLayerLoss(new MultipleNegativesRankingLoss(), -1, 1.5,
                0.7, 0.9, 0.0, AdaptiveLayerLoss.LayerWeighting.LINEAR), 0);
        List<TokenBatch> batches = batches(model);
        Map<String, INDArray> gradients = step.compute(batches, null, 1).gradients();
        assertEquals(new TreeSet<>(model.parameters().keySet().stream().filter(n -> !n.startsWith("0.pooler.")).toList()),
                new TreeSet<>(gradients.keySet()));

        int word = batches.get(0).inputIds()[1];
        Map<String, long[]> probes = new LinkedHashMap<>();
        probes.put("0.embeddings.word_embeddings.weight", new long[] {word, 3});
        probes.put("0.embeddings.LayerNorm.weight", new long[] {4});
        probes.put("0.encoder.layer.0.attention.self.query.weight", new long[] {1, 2});
        probes.put("0.encoder.layer.0.output.dense.bias", new long[] {9});
        probes.put("0.encoder.layer.1.intermediate.dense.weight", new long[] {5, 7});
        probes.put("2.linear.weight", new long[] {3, 5});
        probes.put("2.linear.bias", new long[] {6});
        Map<String, INDArray> parameters = model.parameters();
        for (Map.Entry<String, long[]> probe : probes.entrySet()) {
            INDArray array = parameters.get(probe.getKey());
            long[] index = probe.getValue();
            double original = array.getDouble(index);
            array.putScalar(index, original + STEP);
            double plus = step.loss(batches, null);
            array.putScalar(index, original - STEP);
            double minus = step.loss(batches, null);
            array.putScalar(index, original);
            double numeric = (plus - minus) / (2 * STEP);
            double analytic = gradients.get(probe.getKey()).getDouble(index);
            String what = probe.getKey() + java.util.Arrays.toString(index);
            assertTrue(Math.abs(numeric) > 1e-3, what + " must influence the loss for the check to mean anything");
            assertEquals(numeric, analytic, 2e-3 + 2e-3 * Math.abs(numeric), what);
        }
    }

    @Test
    void sampledLayerRepeatsWithTheStepSeed() throws Exception {
        SentenceTransformer model = model(folder, head());
        GradientStep step = new GradientStep(model, new AdaptiveLayerLoss(new MultipleNegativesRankingLoss()), 0);
        List<TokenBatch> batches = batches(model);
        TreeSet<Double> values = new TreeSet<>();
        for (long seed = 0; seed < 8; seed++) {
            double first = step.compute(batches, null, seed).loss();
            assertEquals(first, step.compute(batches, null, seed).loss(), 0.0, "seed " + seed);
            values.add(first);
        }
        assertEquals(2, values.size(), "one of the 2 prior layers per step, both drawn over 8 seeds: " + values);
    }

    @Test
    void trainerLowersAdaptiveLayerAndMatryoshka2dLosses() throws Exception {
        Map<String, List<?>> columns = new LinkedHashMap<>();
        columns.put("anchor", anchors);
        columns.put("positive", positives);
        Dataset pairs = Dataset.fromMap(columns);
        int[] dims = {16, 8, 4};
        List<LayerwiseLoss> losses = List.of(new AdaptiveLayerLoss(new MultipleNegativesRankingLoss()),
                new Matryoshka2dLoss(new MultipleNegativesRankingLoss(), dims));
        List<LayerwiseLoss> measures = List.of(allLayers(),
                new Matryoshka2dLoss(new MultipleNegativesRankingLoss(), dims, null, -1, -1, 1.0, 1.0, 1.0, 0.3));
        for (int i = 0; i < losses.size(); i++) {
            LayerwiseLoss loss = losses.get(i);
            SentenceTransformer model = model(folder, head());
            GradientStep measure = new GradientStep(model, measures.get(i), 0);
            double before = measure.loss(batches(model), null);
            SentenceTransformerTrainingArguments args = SentenceTransformerTrainingArguments
                    .builder(tmp.resolve("out" + i)).maxSteps(6).perDeviceTrainBatchSize(8).learningRate(1e-3)
                    .saveStrategy(IntervalStrategy.NO).loggingSteps(1).seed(3).build();
            TrainerState state = SentenceTransformerTrainer.builder(model, args).trainDataset(pairs).loss(loss).build()
                    .train();
            assertEquals(6, state.globalStep(), loss.name());
            double after = measure.loss(batches(model), null);
            System.out.printf("%s: every layer's loss %.5f before, %.5f after 6 steps%n", loss.name(), before, after);
            assertTrue(after < before - 0.05, loss.name() + ": " + before + " -> " + after);
        }
    }

    @Test
    void resumedRunDrawsTheLayersOfAnUninterruptedOne() throws Exception {
        Path withDropout = TinyBert.folder(tmp.resolve("dropout"));
        Map<String, List<?>> columns = new LinkedHashMap<>();
        columns.put("anchor", anchors.subList(0, 6));
        columns.put("positive", positives.subList(0, 6));
        Dataset pairs = Dataset.fromMap(columns);
        SentenceTransformer reference = model(withDropout, head());
        TrainerState full = SentenceTransformerTrainer.builder(reference, resumeArgs(tmp.resolve("full")))
                .trainDataset(pairs).loss(new Matryoshka2dLoss(new MultipleNegativesRankingLoss(), 16, 8)).build().train();
        assertEquals(6, full.globalStep(), "3 epochs of 2 batches");

        Path out = tmp.resolve("interrupted");
        TrainerCallback crash = new CrashAfterStep(3);
        assertThrows(IllegalStateException.class, () -> SentenceTransformerTrainer.builder(model(withDropout, head()),
                resumeArgs(out)).trainDataset(pairs).loss(new Matryoshka2dLoss(new MultipleNegativesRankingLoss(), 16, 8))
                .callback(crash).build().train());
        SentenceTransformer resumedModel = model(withDropout, head());
        SentenceTransformerTrainer resumed = SentenceTransformerTrainer.builder(resumedModel, resumeArgs(out))
                .trainDataset(pairs).loss(new Matryoshka2dLoss(new MultipleNegativesRankingLoss(), 16, 8)).build();
        TrainerState state = resumed.train(out.resolve("checkpoint-2"));
        assertEquals(6, state.globalStep());
        for (int step = 2; step < 6; step++) {
            assertEquals(full.logHistory().get(step).get("loss"), state.logHistory().get(step).get("loss"), "step " + (step + 1));
        }
        double worst = 0;
        for (Map.Entry<String, INDArray> p : resumedModel.parameters().entrySet()) {
            worst = Math.max(worst, p.getValue().sub(reference.parameters().get(p.getKey())).amaxNumber().doubleValue());
        }
        assertTrue(worst <= 1e-6, "resumed vs uninterrupted weights differ by " + worst);
    }

    private static SentenceTransformerTrainingArguments resumeArgs(Path out) {
        return SentenceTransformerTrainingArguments.builder(out).numTrainEpochs(3).perDeviceTrainBatchSize(3)
                .learningRate(1e-3).saveStrategy(IntervalStrategy.STEPS).saveSteps(2).loggingSteps(1).seed(11).build();
    }

    @Test
    void staticEmbeddingModelIsRefusedNamingTheLoss() throws Exception {
        SentenceTransformer model = SentenceTransformer.of(StaticEmbedding.random(folder, 8, 1),
                new Normalize());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GradientStep(model, allLayers(), 0).graphVariables(2));
        assertTrue(e.getMessage().contains("AdaptiveLayerLoss") && e.getMessage().contains("hidden states"), e.getMessage());
    }
}
