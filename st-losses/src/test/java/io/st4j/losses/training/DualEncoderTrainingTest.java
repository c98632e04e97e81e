package io.st4j.losses.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.io.SafeTensors;
import io.st4j.core.modules.Pooling;
import io.st4j.core.modules.PoolingMode;
import io.st4j.core.modules.TokenBatch;
import io.st4j.core.modules.Transformer;
import io.st4j.core.testing.TinyBert;
import io.st4j.core.train.GradCache;
import io.st4j.core.train.GradientStep;
import io.st4j.core.train.IntervalStrategy;
import io.st4j.core.train.Loss;
import io.st4j.core.train.SentenceTransformerTrainer;
import io.st4j.core.train.SentenceTransformerTrainingArguments;
import io.st4j.core.train.TrainerCallback;
import io.st4j.core.train.TrainerState;
import io.st4j.data.Dataset;
import io.st4j.losses.ContrastiveTensionLoss;
import io.st4j.losses.ContrastiveTensionLossInBatchNegatives;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ContrastiveTensionLoss and ContrastiveTensionLossInBatchNegatives through the trainer: a trainable copy of the
 * model embeds the first column, the model the last; both are trained, only the model is saved, and the copy's
 * weights travel in the checkpoint so that a resumed run ends where an uninterrupted one does.
 */
class DualEncoderTrainingTest {

    private static final String COPY = "copy/";

    @TempDir
    Path tmp;

    private static List<String> sentences(int n, long seed) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(TinyBert.randomText(random, 3 + random.nextInt(6)));
        }
        return out;
    }

    /** Contrastive Tension pairs: every fourth pair a sentence with itself (label 1), the others two sentences (0). */
    private static Dataset ctPairs(List<String> sentences) {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            boolean same = i % 4 == 0;
            first.add(sentences.get(i));
            second.add(same ? sentences.get(i) : sentences.get((i + 1) % sentences.size()));
            labels.add(same ? 1 : 0);
        }
        Map<String, List<?>> columns = new LinkedHashMap<>();
        columns.put("sentence_A", first);
        columns.put("sentence_B", second);
        columns.put("label", labels);
        return Dataset.fromMap(columns);
    }

    private static Dataset single(List<String> sentences) {
        Map<String, List<?>> columns = new LinkedHashMap<>();
        columns.put("sentence", sentences);
        return Dataset.fromMap(columns);
    }

    @Test
    void stepUsesTheCopyOnTheFirstColumnAndTheModelOnTheLast() throws Exception {
        SentenceTransformer model = MnrlTrainingReferenceTest.tinyModelWithoutDropout(tmp.resolve("tiny"));
        SentenceTransformer copy = GradientStep.trainableCopy(model);
        INDArray query = model.parameters().get("0.encoder.layer.0.attention.self.query.weight");
        Nd4j.getRandom().setSeed(17);
        query.addi(Nd4j.randn(query.dataType(), query.shape()).muli(0.5)); // the two encoders now differ
        List<String> a = sentences(8, 1);
        List<String> b = sentences(8, 2);
        INDArray labels = Nd4j.createFromArray(1f, 0f, 0f, 0f, 1f, 0f, 0f, 0f);
        List<TokenBatch> batches = List.of(model.inputModule().tokenize(a), model.inputModule().tokenize(b));

        ContrastiveTensionLoss ct = new ContrastiveTensionLoss();
        GradientStep.Gradients step = new GradientStep(model, copy, ct, 0).compute(batches, labels, 1);
        double expected = GradCache.lossAndGradients(ct, List.of(encode(copy, a), encode(model, b)), null, labels, 0).loss();
        double swapped = GradCache.lossAndGradients(ct, List.of(encode(model, a), encode(copy, b)), null, labels, 0).loss();
        assertEquals(expected, step.loss(), 1e-5 * Math.abs(expected));
        assertTrue(Math.abs(expected - swapped) > 1e-3, "the check must tell the encoders apart");
        assertTrue(step.gradients().containsKey("0.encoder.layer.0.attention.self.query.weight"));
        assertTrue(step.gradients().containsKey(COPY + "0.encoder.layer.0.attention.self.query.weight"));
        assertTrue(step.gradients().containsKey(COPY + "0.embeddings.word_embeddings.weight"));

        ContrastiveTensionLossInBatchNegatives inBatch = new ContrastiveTensionLossInBatchNegatives();
        GradientStep.Gradients one = new GradientStep(model, copy, inBatch, 0).compute(batches.subList(0, 1), null, 1);
        double expectedOne = GradCache.lossAndGradients(inBatch, List.of(encode(copy, a), encode(model, a)), null, null, 0)
                .loss();
        assertEquals(expectedOne, one.loss(), 1e-5 * Math.abs(expectedOne));
        assertTrue(one.gradients().containsKey(ContrastiveTensionLossInBatchNegatives.LOGIT_SCALE));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GradientStep(model, ct, 0));
        assertTrue(e.getMessage().contains("ContrastiveTensionLoss"), e.getMessage());
    }

    private static INDArray encode(SentenceTransformer model, List<String> texts) {
        return Nd4j.createFromArray(model.encode(texts));
    }

    @Test
    void trainingMovesModelAndCopyApartAndSavesOnlyTheModel() throws Exception {
        List<String> sentences = sentences(16, 3);
        Map<String, Supplier<Loss>> losses = new LinkedHashMap<>();
        losses.put("ct", ContrastiveTensionLoss::new);
        losses.put("inbatch", ContrastiveTensionLossInBatchNegatives::new);
        for (Map.Entry<String, Supplier<Loss>> entry : losses.entrySet()) {
            Loss loss = entry.getValue().get();
            Dataset data = loss instanceof ContrastiveTensionLoss ? ctPairs(sentences) : single(sentences);
            // With dropout, as in the library: without it the in-batch loss is symmetric in the two encoders,
            // which then see the same texts and stay equal.
            SentenceTransformer model = fresh(TinyBert.folder(tmp.resolve("m" + entry.getKey())));
            Map<String, INDArray> initial = new LinkedHashMap<>();
            model.parameters().forEach((name, array) -> initial.put(name, array.dup()));
            Path out = tmp.resolve("out" + entry.getKey());
            SentenceTransformerTrainingArguments args = SentenceTransformerTrainingArguments.builder(out).maxSteps(6)
                    .perDeviceTrainBatchSize(16).learningRate(1e-3).saveStrategy(IntervalStrategy.STEPS).saveSteps(6)
                    .loggingSteps(1).seed(5).build();
            SentenceTransformerTrainer trainer = SentenceTransformerTrainer.builder(model, args).trainDataset(data)
                    .evalDataset(data).loss(loss).build();
            double before = trainer.evaluate().get("eval_loss");
            trainer.train();
            double after = trainer.evaluate().get("eval_loss");
            System.out.printf("%s: evaluation loss %.5f before, %.5f after 6 steps%n", loss.name(), before, after);
            assertTrue(after < before, loss.name() + ": " + before + " -> " + after);

            Path checkpoint = out.resolve("checkpoint-6");
            Map<String, INDArray> savedModel = SafeTensors.read(checkpoint.resolve("model.safetensors"));
            assertFalse(savedModel.keySet().stream().anyMatch(n -> n.startsWith(COPY)), "the copy is not saved with the model");
            Map<String, INDArray> loaded = SentenceTransformer.load(checkpoint).parameters();
            Map<String, INDArray> copyWeights = SafeTensors.read(checkpoint.resolve("loss_parameters.safetensors"));
            String probe = "0.encoder.layer.0.attention.self.query.weight";
            for (Map.Entry<String, INDArray> p : model.parameters().entrySet()) {
                assertEquals(p.getValue(), loaded.get(p.getKey()), "saved model holds the trained " + p.getKey());
                assertTrue(copyWeights.containsKey(COPY + p.getKey()), "checkpoint holds the copy's " + p.getKey());
            }
            assertTrue(changed(initial.get(probe), model.parameters().get(probe)), "the model trained");
            assertTrue(changed(initial.get(probe), copyWeights.get(COPY + probe)), "the copy trained");
            assertTrue(changed(model.parameters().get(probe), copyWeights.get(COPY + probe)), "independently");
        }
    }

    private static boolean changed(INDArray before, INDArray after) {
        return before.sub(after).amaxNumber().doubleValue() > 1e-6;
    }

    @Test
    void resumedInBatchRunEndsWithTheWeightsOfAnUninterruptedOne() throws Exception {
        Path folder = TinyBert.folder(tmp.resolve("tiny")); // dropout 0.1: resume must replay the masks of both encoders
        Dataset data = single(sentences(14, 7));
        SentenceTransformer reference = fresh(folder);
        TrainerState full = SentenceTransformerTrainer.builder(reference, resumeArgs(tmp.resolve("full"))).trainDataset(data)
                .loss(new ContrastiveTensionLossInBatchNegatives()).build().train();
        assertEquals(12, full.globalStep(), "3 epochs of 4 batches (14 rows, batch 4)");

        Path out = tmp.resolve("interrupted");
        TrainerCallback crash = new CrashAfterStep(6);
        assertThrows(IllegalStateException.class, () -> SentenceTransformerTrainer.builder(fresh(folder), resumeArgs(out))
                .trainDataset(data).loss(new ContrastiveTensionLossInBatchNegatives()).callback(crash).build().train());

        SentenceTransformer resumedModel = fresh(folder);
        SentenceTransformerTrainer resumed = SentenceTransformerTrainer.builder(resumedModel, resumeArgs(out))
                .trainDataset(data).loss(new ContrastiveTensionLossInBatchNegatives()).build();
        assertEquals(out.resolve("checkpoint-4"), resumed.latestCheckpoint());
        TrainerState state = resumed.train(resumed.latestCheckpoint());
        assertEquals(12, state.globalStep());

        assertSame("model", reference.parameters(), resumedModel.parameters());
        Map<String, INDArray> fullCopy = SafeTensors.read(tmp.resolve("full/checkpoint-12/loss_parameters.safetensors"));
        Map<String, INDArray> resumedCopy = SafeTensors.read(out.resolve("checkpoint-12/loss_parameters.safetensors"));
        assertEquals(fullCopy.keySet(), resumedCopy.keySet());
        assertSame("copy and logit scale", fullCopy, resumedCopy);
        assertEquals(full.logHistory().get(11).get("loss"), state.logHistory().get(11).get("loss"));
    }

    private static SentenceTransformer fresh(Path folder) throws Exception {
        return SentenceTransformer.of(Transformer.load(folder), new Pooling(32, PoolingMode.MEAN));
    }

    private static SentenceTransformerTrainingArguments resumeArgs(Path out) {
        return SentenceTransformerTrainingArguments.builder(out).numTrainEpochs(3).perDeviceTrainBatchSize(4)
                .learningRate(1e-3).warmupRatio(0.1).saveStrategy(IntervalStrategy.STEPS).saveSteps(4)
                .loggingSteps(1).seed(11).build();
    }

    private static void assertSame(String what, Map<String, INDArray> expected, Map<String, INDArray> actual) {
        double worst = 0;
        for (Map.Entry<String, INDArray> p : actual.entrySet()) {
            worst = Math.max(worst, p.getValue().sub(expected.get(p.getKey())).amaxNumber().doubleValue());
        }
        assertTrue(worst <= 1e-6, what + ": resumed vs uninterrupted differ by " + worst);
    }
}
