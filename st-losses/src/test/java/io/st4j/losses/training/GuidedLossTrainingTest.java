package io.st4j.losses.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.modules.TokenBatch;
import io.st4j.core.testing.TinyBert;
import io.st4j.core.train.GradCache;
import io.st4j.core.train.GradientStep;
import io.st4j.core.train.IntervalStrategy;
import io.st4j.core.train.SentenceTransformerTrainer;
import io.st4j.core.train.SentenceTransformerTrainingArguments;
import io.st4j.core.train.TrainerState;
import io.st4j.data.Dataset;
import io.st4j.losses.CachedGISTEmbedLoss;
import io.st4j.losses.GISTEmbedLoss;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** GISTEmbedLoss through the trainer: the guide model's embeddings of every column reach the loss. */
class GuidedLossTrainingTest {

    @TempDir
    Path tmp;

    private final List<String> anchors = new ArrayList<>();
    private final List<String> positives = new ArrayList<>();

    private void pairs(int n) {
        Random random = new Random(9);
        for (int i = 0; i < n; i++) {
            anchors.add(TinyBert.randomText(random, 3 + random.nextInt(4)));
            positives.add(TinyBert.randomText(random, 5 + random.nextInt(6)));
        }
    }

    @Test
    void gistStepEqualsTheLossOnModelAndGuideEmbeddings() throws Exception {
        pairs(16);
        SentenceTransformer model = MnrlTrainingReferenceTest.tinyModelWithoutDropout(tmp.resolve("tiny"));
        // The guide: the plain Hugging Face folder of the same tiny BERT (Transformer + mean pooling).
        SentenceTransformer guide = SentenceTransformer.load(tmp.resolve("tiny"));
        GISTEmbedLoss gist = new GISTEmbedLoss(tmp.resolve("tiny").toString());
        List<INDArray> guideEmbeddings = List.of(Nd4j.createFromArray(guide.encode(anchors)),
                Nd4j.createFromArray(guide.encode(positives)));
        List<TokenBatch> batches = List.of(model.inputModule().tokenize(anchors), model.inputModule().tokenize(positives));

        GradientStep.Gradients step = new GradientStep(model, gist, 0).compute(batches, guideEmbeddings, null, 1);
        double expected = GradCache.lossAndGradients(gist, List.of(Nd4j.createFromArray(model.encode(anchors)),
                Nd4j.createFromArray(model.encode(positives))), guideEmbeddings, null, 0).loss();
        assertEquals(expected, step.loss(), 1e-5);
        assertTrue(step.gradients().containsKey("0.embeddings.word_embeddings.weight"));
    }

    @Test
    void trainerRunsGistAndCachedGistWithTheirGuide() throws Exception {
        pairs(24);
        Map<String, List<?>> columns = new LinkedHashMap<>();
        columns.put("anchor", anchors);
        columns.put("positive", positives);
        String guide = TinyBert.folder(tmp.resolve("guide")).toString();
        for (var loss : List.of(new GISTEmbedLoss(guide), new CachedGISTEmbedLoss(guide))) {
            SentenceTransformer model = MnrlTrainingReferenceTest.tinyModelWithoutDropout(tmp.resolve("m" + loss.name()));
            SentenceTransformerTrainingArguments args = SentenceTransformerTrainingArguments
                    .builder(tmp.resolve("out" + loss.name())).maxSteps(3).perDeviceTrainBatchSize(8).learningRate(1e-3)
                    .saveStrategy(IntervalStrategy.NO).loggingSteps(1).build();
            TrainerState state = SentenceTransformerTrainer.builder(model, args).trainDataset(Dataset.fromMap(columns))
                    .loss(loss).build().train();
            assertEquals(3, state.globalStep(), loss.name());
            double first = ((Number) state.logHistory().get(0).get("loss")).doubleValue();
            double last = ((Number) state.logHistory().get(2).get("loss")).doubleValue();
            assertTrue(Double.isFinite(first) && Double.isFinite(last), loss.name());
        }
    }
}
