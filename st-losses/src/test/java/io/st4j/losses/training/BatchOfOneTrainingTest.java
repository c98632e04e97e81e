package io.st4j.losses.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.modules.Pooling;
import io.st4j.core.modules.PoolingMode;
import io.st4j.core.modules.Transformer;
import io.st4j.core.testing.TinyBert;
import io.st4j.core.train.IntervalStrategy;
import io.st4j.core.train.Loss;
import io.st4j.core.train.SentenceTransformerTrainer;
import io.st4j.core.train.SentenceTransformerTrainingArguments;
import io.st4j.core.train.TrainerState;
import io.st4j.data.Dataset;
import io.st4j.losses.AdaptiveLayerLoss;
import io.st4j.losses.MatryoshkaLoss;
import io.st4j.losses.MultipleNegativesRankingLoss;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An epoch whose last batch holds a single row trains through the wrappers (9 pairs, batch size 8). */
class BatchOfOneTrainingTest {

    @TempDir
    Path tmp;

    @Test
    void lastBatchOfOneRowTrains() throws Exception {
        Random random = new Random(4);
        List<String> anchors = new ArrayList<>();
        List<String> positives = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            anchors.add(TinyBert.randomText(random, 3 + random.nextInt(4)));
            positives.add(TinyBert.randomText(random, 5 + random.nextInt(6)));
        }
        Map<String, List<?>> columns = new LinkedHashMap<>();
        columns.put("anchor", anchors);
        columns.put("positive", positives);
        Path folder = TinyBert.folder(tmp.resolve("tiny"));
        List<Loss> losses = List.of(new MatryoshkaLoss(new MultipleNegativesRankingLoss(), 32, 16, 8),
                new AdaptiveLayerLoss(new MultipleNegativesRankingLoss()));
        for (Loss loss : losses) {
            SentenceTransformer model = SentenceTransformer.of(Transformer.load(folder), new Pooling(32, PoolingMode.MEAN));
            SentenceTransformerTrainingArguments args = SentenceTransformerTrainingArguments
                    .builder(tmp.resolve("out" + loss.name())).numTrainEpochs(1).perDeviceTrainBatchSize(8)
                    .learningRate(1e-3).saveStrategy(IntervalStrategy.NO).loggingSteps(1).seed(2).build();
            TrainerState state = SentenceTransformerTrainer.builder(model, args).trainDataset(Dataset.fromMap(columns))
                    .loss(loss).build().train();
            assertEquals(2, state.globalStep(), loss.name() + ": a batch of 8 rows, then one of 1");
            Object last = state.logHistory().get(1).get("loss");
            assertTrue(Double.isFinite(((Number) last).doubleValue()), loss.name() + " " + last);
        }
    }
}
