package io.st4j.losses.training;

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
import io.st4j.data.Dataset;
import io.st4j.losses.MultipleNegativesRankingLoss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 500-step run on the tiny BERT holds its process memory flat after warm-up: ND4J's native buffers are
 * released (the trainer runs the garbage collector each step) rather than accumulating.
 */
class MemoryFlatTest {

    @TempDir
    Path tmp;

    @Test
    void residentMemoryDoesNotGrowAfterWarmUp() throws Exception {
        Random random = new Random(5);
        List<String> anchors = new ArrayList<>();
        List<String> positives = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            anchors.add(TinyBert.randomText(random, 4 + random.nextInt(8)));
            positives.add(TinyBert.randomText(random, 8 + random.nextInt(16)));
        }
        Map<String, List<?>> columns = new LinkedHashMap<>();
        columns.put("anchor", anchors);
        columns.put("positive", positives);

        SentenceTransformer model = SentenceTransformer.of(Transformer.load(TinyBert.folder(tmp.resolve("tiny"))),
                new Pooling(32, PoolingMode.MEAN));
        long[] rssAt = new long[501];
        TrainerCallback probe = new TrainerCallback() {
            @Override
            public void onStepEnd(TrainerState state) {
                rssAt[(int) state.globalStep()] = residentKiB();
            }
        };
        SentenceTransformerTrainingArguments args = SentenceTransformerTrainingArguments.builder(tmp.resolve("out"))
                .maxSteps(500).perDeviceTrainBatchSize(16).learningRate(1e-4).saveStrategy(IntervalStrategy.NO)
                .loggingSteps(100).build();
        SentenceTransformerTrainer.builder(model, args).trainDataset(Dataset.fromMap(columns))
                .loss(new MultipleNegativesRankingLoss()).callback(probe).build().train();

        long warm = max(rssAt, 90, 110);
        long late = max(rssAt, 480, 500);
        org.slf4j.LoggerFactory.getLogger(getClass()).info("RSS after warm-up (steps 90-110) {} MiB, at the end (480-500) {} MiB",
                warm / 1024, late / 1024);
        assertTrue(late - warm < 64 * 1024, "resident memory grew from " + warm / 1024 + " MiB to " + late / 1024
                + " MiB between steps 100 and 500");
    }

    private static long max(long[] values, int from, int to) {
        long max = 0;
        for (int i = from; i <= to; i++) {
            max = Math.max(max, values[i]);
        }
        return max;
    }

    /** VmRSS of this process in KiB, from /proc/self/status. */
    private static long residentKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/status", e);
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
