package io.st4j.losses.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.st4j.core.EncodeOptions;
import io.st4j.core.SentenceTransformer;
import io.st4j.core.io.Json;
import io.st4j.core.modules.Pooling;
import io.st4j.core.modules.PoolingMode;
import io.st4j.core.modules.Transformer;
import io.st4j.core.testing.SharedData;
import io.st4j.core.testing.TinyBert;
import io.st4j.core.train.IntervalStrategy;
import io.st4j.core.train.SentenceTransformerTrainer;
import io.st4j.core.train.SentenceTransformerTrainingArguments;
import io.st4j.core.train.TrainerState;
import io.st4j.data.Dataset;
import io.st4j.data.sampler.BatchSamplers;
import io.st4j.losses.MultipleNegativesRankingLoss;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The trainer against training_cases.json's end-to-end run of the real sentence-transformers trainer:
 * MNRL on the tiny BERT, 8 steps, batch 4, AdamW 1e-3, linear warmup 2, clipping at 1.0, dropout 0.
 */
class MnrlTrainingReferenceTest {

    private static final int BATCH = 4;

    @TempDir
    Path tmp;

    /** The text whose tokens are exactly {@code ids} under the test vocabulary (without [CLS]/[SEP]/padding). */
    static String text(JsonNode ids) {
        List<String> vocab = TinyBert.vocabulary();
        List<String> words = new ArrayList<>();
        for (JsonNode id : ids) {
            int v = id.asInt();
            if (v > TinyBert.SEP + 1) {
                words.add(vocab.get(v));
            }
        }
        return String.join(" ", words);
    }

    /** A tiny BERT folder with dropout off, as the reference run configured it. */
    static SentenceTransformer tinyModelWithoutDropout(Path dir) throws Exception {
        Path folder = TinyBert.folder(dir);
        ObjectNode config = (ObjectNode) Json.read(folder.resolve("config.json"));
        config.put("hidden_dropout_prob", 0.0);
        config.put("attention_probs_dropout_prob", 0.0);
        Json.write(folder.resolve("config.json"), config, 2);
        return SentenceTransformer.of(Transformer.load(folder), new Pooling(32, PoolingMode.MEAN));
    }

    @Test
    void eightStepsEqualPythonLossesNormsWeightsAndEmbeddings() throws Exception {
        JsonNode run = SharedData.referenceJson("training_cases.json").get("train_mnrl");
        JsonNode batches = run.get("batches");
        int rows = batches.size() * BATCH;

        // Place each reference batch where the seeded sampler's epoch 0 will draw it.
        List<int[]> drawn = BatchSamplers.BATCH_SAMPLER.create(
                Dataset.fromMap(Map.of("i", java.util.Collections.nCopies(rows, "x"))), BATCH, false, 42).epoch(0);
        String[] anchors = new String[rows];
        String[] positives = new String[rows];
        for (int k = 0; k < batches.size(); k++) {
            for (int i = 0; i < BATCH; i++) {
                anchors[drawn.get(k)[i]] = text(batches.get(k).get("anchor").get("input_ids").get(i));
                positives[drawn.get(k)[i]] = text(batches.get(k).get("positive").get("input_ids").get(i));
            }
        }
        Map<String, List<?>> columns = new java.util.LinkedHashMap<>();
        columns.put("anchor", Arrays.asList(anchors));
        columns.put("positive", Arrays.asList(positives));
        Dataset train = Dataset.fromMap(columns);

        SentenceTransformer model = tinyModelWithoutDropout(tmp.resolve("tiny"));
        List<String> batch0Anchors = new ArrayList<>();
        batches.get(0).get("anchor").get("input_ids").forEach(ids -> batch0Anchors.add(text(ids)));
        assertClose(run.get("anchor_embeddings_batch0_before_training"),
                model.encode(batch0Anchors, EncodeOptions.DEFAULTS), 1e-5, "anchor embeddings before training");

        SentenceTransformerTrainingArguments args = SentenceTransformerTrainingArguments.builder(tmp.resolve("out"))
                .maxSteps(8).perDeviceTrainBatchSize(BATCH).learningRate(1e-3).warmupSteps(2).maxGradNorm(1.0)
                .weightDecay(0.0).loggingSteps(1).saveStrategy(IntervalStrategy.NO).seed(42).build();
        TrainerState state = SentenceTransformerTrainer.builder(model, args).trainDataset(train)
                .loss(new MultipleNegativesRankingLoss()).build().train();

        List<Map<String, Object>> logs = state.logHistory();
        for (int k = 0; k < 8; k++) {
            JsonNode expected = run.get("steps").get(k);
            double loss = ((Number) logs.get(k).get("loss")).doubleValue();
            double norm = ((Number) logs.get(k).get("grad_norm")).doubleValue();
            assertEquals(expected.get("loss").asDouble(), loss, 1e-5, "loss at step " + k);
            assertEquals(1.0, norm / expected.get("grad_norm_before_clip").asDouble(), 1e-5, "grad norm at step " + k);
        }

        Map<String, INDArray> weights = model.parameters();
        double worst = 0;
        for (var it = run.get("final_weights").fields(); it.hasNext(); ) {
            var entry = it.next();
            INDArray actual = weights.get("0." + entry.getKey());
            double diff = maxAbsDiff(entry.getValue(), actual);
            boolean zeroTrueGradient = entry.getKey().endsWith("attention.self.key.bias");
            assertTrue(diff <= (zeroTrueGradient ? 1e-2 : 1e-5), entry.getKey() + " differs by " + diff);
            if (!zeroTrueGradient) {
                worst = Math.max(worst, diff);
            }
        }
        assertClose(run.get("anchor_embeddings_batch0_after_training"),
                model.encode(batch0Anchors, EncodeOptions.DEFAULTS), 1e-5, "anchor embeddings after training");
        org.slf4j.LoggerFactory.getLogger(getClass()).info("final weights max abs diff (excluding key.bias): {}", worst);
    }

    static double maxAbsDiff(JsonNode expected, INDArray actual) {
        double[] flat = actual.dup('c').data().asDouble();
        List<Double> values = new ArrayList<>();
        flatten(expected, values);
        assertEquals(values.size(), flat.length, "element count");
        double max = 0;
        for (int i = 0; i < flat.length; i++) {
            max = Math.max(max, Math.abs(values.get(i) - flat[i]));
        }
        return max;
    }

    private static void flatten(JsonNode node, List<Double> out) {
        if (node.isArray()) {
            node.forEach(child -> flatten(child, out));
        } else {
            out.add(node.asDouble());
        }
    }

    static void assertClose(JsonNode expected, float[][] actual, double tolerance, String what) {
        for (int i = 0; i < actual.length; i++) {
            for (int d = 0; d < actual[i].length; d++) {
                assertEquals(expected.get(i).get(d).asDouble(), actual[i][d], tolerance, what + " [" + i + "][" + d + "]");
            }
        }
    }
}
