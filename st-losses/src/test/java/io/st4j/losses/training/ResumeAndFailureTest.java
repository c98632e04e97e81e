package io.st4j.losses.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.modules.Pooling;
import io.st4j.core.modules.PoolingMode;
import io.st4j.core.modules.Transformer;
import io.st4j.core.testing.TinyBert;
import io.st4j.core.train.IntervalStrategy;
import io.st4j.core.train.SentenceTransformerTrainer;
import io.st4j.core.train.SentenceTransformerTrainingArguments;
import io.st4j.core.train.TrainerCallback;
import io.st4j.core.train.TrainerState;
import io.st4j.core.train.TrainingException;
import io.st4j.data.Dataset;
import io.st4j.losses.CoSENTLoss;
import io.st4j.losses.MultipleNegativesRankingLoss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Resuming from a checkpoint, and the trainer's refusals: mismatched data, NaN loss, an occupied output folder. */
class ResumeAndFailureTest {

    @TempDir
    Path tmp;

    private Path modelFolder;
    private Dataset pairs;

    @BeforeEach
    void setUp() throws Exception {
        modelFolder = TinyBert.folder(tmp.resolve("tiny")); // dropout 0.1 as configured: resume must replay the masks
        Random random = new Random(7);
        List<String> anchors = new ArrayList<>();
        List<String> positives = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            anchors.add(TinyBert.randomText(random, 3 + random.nextInt(4)));
            positives.add(TinyBert.randomText(random, 5 + random.nextInt(6)));
        }
        Map<String, List<?>> columns = new LinkedHashMap<>();
        columns.put("anchor", anchors);
        columns.put("positive", positives);
        pairs = Dataset.fromMap(columns);
    }


    private SentenceTransformer freshModel() throws Exception {
        return SentenceTransformer.of(Transformer.load(modelFolder), new Pooling(32, PoolingMode.MEAN));
    }

    private SentenceTransformerTrainingArguments args(Path out) {
        return SentenceTransformerTrainingArguments.builder(out).numTrainEpochs(3).perDeviceTrainBatchSize(4)
                .learningRate(1e-3).warmupRatio(0.1).saveStrategy(IntervalStrategy.STEPS).saveSteps(4)
                .loggingSteps(1).seed(11).build();
    }

    @Test
    void resumedRunEndsWithTheWeightsOfAnUninterruptedOne() throws Exception {
        SentenceTransformer reference = freshModel();
        TrainerState full = SentenceTransformerTrainer.builder(reference, args(tmp.resolve("full"))).trainDataset(pairs)
                .loss(new MultipleNegativesRankingLoss()).build().train();
        assertEquals(12, full.globalStep(), "3 epochs of 4 batches (14 rows, batch 4)");

        Path out = tmp.resolve("interrupted");
        TrainerCallback crash = new CrashAfterStep(6);
        assertThrows(IllegalStateException.class, () -> SentenceTransformerTrainer.builder(freshModel(), args(out))
                .trainDataset(pairs).loss(new MultipleNegativesRankingLoss()).callback(crash).build().train());
        Path checkpoint = out.resolve("checkpoint-4");
        assertTrue(Files.isRegularFile(checkpoint.resolve("optimizer.safetensors")));
        assertFalse(Files.exists(out.resolve("checkpoint-8")));

        SentenceTransformer resumedModel = freshModel();
        SentenceTransformerTrainer resumed = SentenceTransformerTrainer.builder(resumedModel, args(out))
                .trainDataset(pairs).loss(new MultipleNegativesRankingLoss()).build();
        assertEquals(checkpoint, resumed.latestCheckpoint());
        TrainerState state = resumed.train(resumed.latestCheckpoint());
        assertEquals(12, state.globalStep());

        Map<String, INDArray> expected = reference.parameters();
        double worst = 0;
        for (Map.Entry<String, INDArray> p : resumedModel.parameters().entrySet()) {
            worst = Math.max(worst, p.getValue().sub(expected.get(p.getKey())).amaxNumber().doubleValue());
        }
        assertTrue(worst <= 1e-6, "resumed vs uninterrupted weights differ by " + worst);
        assertEquals(full.logHistory().get(11).get("loss"), state.logHistory().get(11).get("loss"));
    }

    @Test
    void datasetThatDoesNotFitTheLossFailsBeforeTraining() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SentenceTransformerTrainer.builder(freshModel(), args(tmp.resolve("o"))).trainDataset(pairs)
                        .loss(new CoSENTLoss()).build());
        assertTrue(e.getMessage().contains("CoSENTLoss") && e.getMessage().contains("anchor"), e.getMessage());
    }

    @Test
    void nanLossStopsWithTheStepAndKeepsTheLastCheckpoint() throws Exception {
        Path out = tmp.resolve("nan");
        SentenceTransformer model = freshModel();
        TrainerCallback poison = new TrainerCallback() {
            @Override
            public void onStepEnd(TrainerState state) {
                if (state.globalStep() == 5) {
                    model.parameters().get("0.embeddings.LayerNorm.weight").assign(Double.NaN);
                }
            }
        };
        TrainingException e = assertThrows(TrainingException.class, () -> SentenceTransformerTrainer
                .builder(model, args(out)).trainDataset(pairs).loss(new MultipleNegativesRankingLoss())
                .callback(poison).build().train());
        assertTrue(e.getMessage().contains("step 6"), e.getMessage());
        assertTrue(Files.isRegularFile(out.resolve("checkpoint-4/model.safetensors")));
        assertFalse(Files.exists(out.resolve("checkpoint-6")));
        SentenceTransformer saved = SentenceTransformer.load(out.resolve("checkpoint-4"));
        assertFalse(saved.parameters().get("0.embeddings.LayerNorm.weight").isNaN().any(), "checkpoint holds good weights");
    }

    @Test
    void occupiedOutputFolderIsNotClobbered() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        TrainingException e = assertThrows(TrainingException.class, () -> SentenceTransformerTrainer
                .builder(freshModel(), args(out)).trainDataset(pairs).loss(new MultipleNegativesRankingLoss())
                .build().train());
        assertTrue(e.getMessage().contains("overwriteOutputDir"), e.getMessage());
        assertEquals("mine", Files.readString(out.resolve("keep.txt")));
    }
}
