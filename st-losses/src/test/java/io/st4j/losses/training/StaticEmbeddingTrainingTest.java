package io.st4j.losses.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.core.EncodeOptions;
import io.st4j.core.SentenceTransformer;
import io.st4j.core.modules.StaticEmbedding;
import io.st4j.core.testing.TinyBert;
import io.st4j.core.train.IntervalStrategy;
import io.st4j.core.train.SentenceTransformerTrainer;
import io.st4j.core.train.SentenceTransformerTrainingArguments;
import io.st4j.core.train.TrainerState;
import io.st4j.data.Dataset;
import io.st4j.losses.MatryoshkaLoss;
import io.st4j.losses.MultipleNegativesRankingLoss;
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
 * A randomly initialized StaticEmbedding trained by the trainer with MNRL (and MNRL inside MatryoshkaLoss)
 * on synthetic pairs: 8 topics of 6 words each; an anchor takes words from the first half of its topic and
 * its positive from the second half, so no word is shared and a random table ranks positives at chance.
 */
class StaticEmbeddingTrainingTest {

    private static final int TOPICS = 8;
    private static final int WORDS_PER_TOPIC = 6;

    @TempDir
    Path tmp;

    /** {@code words} random words of one half of a topic's words (ids 41 + 6 * topic ...). */
    private static String topicText(Random random, int topic, int half, int words) {
        List<String> vocab = TinyBert.vocabulary();
        List<String> out = new ArrayList<>();
        int halfSize = WORDS_PER_TOPIC / 2;
        for (int i = 0; i < words; i++) {
            out.add(vocab.get(41 + topic * WORDS_PER_TOPIC + half * halfSize + random.nextInt(halfSize)));
        }
        return String.join(" ", out);
    }

    private static Dataset pairs(int rows, long seed) {
        Random random = new Random(seed);
        List<String> anchors = new ArrayList<>();
        List<String> positives = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            int topic = i % TOPICS;
            anchors.add(topicText(random, topic, 0, 2 + random.nextInt(2)));
            positives.add(topicText(random, topic, 1, 3 + random.nextInt(3)));
        }
        Map<String, List<?>> columns = new LinkedHashMap<>();
        columns.put("anchor", anchors);
        columns.put("positive", positives);
        return Dataset.fromMap(columns);
    }

    /** How often an anchor's nearest positive (cosine) is one of its own topic, over held-out pairs. */
    private static double topicAccuracy(SentenceTransformer model, Dataset pairs) {
        List<String> anchors = new ArrayList<>();
        List<String> positives = new ArrayList<>();
        for (int i = 0; i < pairs.numRows(); i++) {
            anchors.add(pairs.row(i).text("anchor"));
            positives.add(pairs.row(i).text("positive"));
        }
        float[][] scores = model.similarity(model.encode(anchors, EncodeOptions.DEFAULTS),
                model.encode(positives, EncodeOptions.DEFAULTS));
        int correct = 0;
        for (int i = 0; i < scores.length; i++) {
            int best = 0;
            for (int j = 1; j < scores[i].length; j++) {
                best = scores[i][j] > scores[i][best] ? j : best;
            }
            correct += best % TOPICS == i % TOPICS ? 1 : 0;
        }
        return (double) correct / scores.length;
    }

    /** 40 steps on 256 pairs; the dataset named {@code datasetName}, or unnamed when null. */
    private TrainerState train(SentenceTransformer model, io.st4j.core.train.Loss loss, String datasetName)
            throws Exception {
        SentenceTransformerTrainingArguments args = SentenceTransformerTrainingArguments.builder(
                        tmp.resolve(String.valueOf(datasetName)))
                .maxSteps(40).perDeviceTrainBatchSize(16).learningRate(0.2).warmupSteps(0).loggingSteps(1)
                .saveStrategy(IntervalStrategy.NO).seed(1).build();
        SentenceTransformerTrainer.Builder trainer = SentenceTransformerTrainer.builder(model, args).loss(loss);
        if (datasetName == null) {
            trainer.trainDataset(pairs(256, 11));
        } else {
            trainer.trainDataset(datasetName, pairs(256, 11));
        }
        return trainer.build().train();
    }

    private static double loss(TrainerState state, int step) {
        return ((Number) state.logHistory().get(step).get("loss")).doubleValue();
    }

    private static double meanLoss(TrainerState state, int from, int to) {
        double sum = 0;
        for (int k = from; k < to; k++) {
            sum += loss(state, k);
        }
        return sum / (to - from);
    }

    @Test
    void mnrlTrainsARandomTableTowardsTheTopics() throws Exception {
        Path tokenizer = Files.createDirectories(tmp.resolve("tokenizer"));
        TinyBert.writeTokenizer(tokenizer);
        SentenceTransformer model = SentenceTransformer.of(StaticEmbedding.random(tokenizer, 16, 5));
        Dataset heldOut = pairs(64, 99);
        double accuracyBefore = topicAccuracy(model, heldOut);

        TrainerState state = train(model, new MultipleNegativesRankingLoss(), null);
        assertEquals(40, state.logHistory().stream().filter(log -> log.containsKey("loss")).count());
        double first = meanLoss(state, 0, 5);
        double last = meanLoss(state, 35, 40);
        double accuracyAfter = topicAccuracy(model, heldOut);
        org.slf4j.LoggerFactory.getLogger(getClass()).info(
                "static MNRL: loss {} -> {} (mean of first/last 5 steps); held-out topic accuracy {} -> {}",
                first, last, accuracyBefore, accuracyAfter);
        assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);
        assertTrue(accuracyAfter > accuracyBefore + 0.3, "accuracy " + accuracyBefore + " -> " + accuracyAfter);

        Path saved = tmp.resolve("trained");
        model.save(saved);
        assertEquals(accuracyAfter, topicAccuracy(SentenceTransformer.load(saved), heldOut), 0.0);
    }

    @Test
    void matryoshkaMnrlTrainsTheTruncatedDimensionsToo() throws Exception {
        // Also one named dataset alone, which the trainer samples as a single dataset.
        Path tokenizer = Files.createDirectories(tmp.resolve("tokenizer"));
        TinyBert.writeTokenizer(tokenizer);
        SentenceTransformer model = SentenceTransformer.of(StaticEmbedding.random(tokenizer, 16, 5));
        TrainerState state = train(model, new MatryoshkaLoss(new MultipleNegativesRankingLoss(), 16, 8, 4), "topic-pairs");
        double first = meanLoss(state, 0, 5);
        double last = meanLoss(state, 35, 40);
        assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);
        model.setSettings(model.settings().withTruncateDim(4));
        double truncated = topicAccuracy(model, pairs(64, 99));
        org.slf4j.LoggerFactory.getLogger(getClass()).info(
                "static Matryoshka MNRL: loss {} -> {}; held-out topic accuracy at 4 dims {}", first, last, truncated);
        assertTrue(truncated > 0.6, "accuracy at 4 dims " + truncated);
    }
}
