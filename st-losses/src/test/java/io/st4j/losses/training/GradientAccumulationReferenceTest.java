package io.st4j.losses.training;

import static io.st4j.losses.training.MnrlTrainingReferenceTest.assertClose;
import static io.st4j.losses.training.MnrlTrainingReferenceTest.maxAbsDiff;
import static io.st4j.losses.training.MnrlTrainingReferenceTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.EncodeOptions;
import io.st4j.core.SentenceTransformer;
import io.st4j.core.testing.SharedData;
import io.st4j.core.train.IntervalStrategy;
import io.st4j.core.train.Loss;
import io.st4j.core.train.SentenceTransformerTrainer;
import io.st4j.core.train.SentenceTransformerTrainingArguments;
import io.st4j.core.train.TrainerState;
import io.st4j.data.Dataset;
import io.st4j.data.sampler.BatchSamplers;
import io.st4j.losses.CoSENTLoss;
import io.st4j.losses.CosineSimilarityLoss;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradient accumulation against training_cases.json: CoSENT and CosineSimilarity, 2 micro-batches of 2
 * per update vs full batches of 4 (loss divided by the accumulation steps, gradients summed).
 */
class GradientAccumulationReferenceTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"CoSENTLoss_accumulated_ga2", "CoSENTLoss_full_batch",
            "CosineSimilarityLoss_accumulated_ga2", "CosineSimilarityLoss_full_batch"})
    void runEqualsPython(String runName) throws Exception {
        JsonNode cases = SharedData.referenceJson("training_cases.json").get("train_grad_accumulation");
        JsonNode run = cases.get("runs").get(runName);
        int ga = run.get("gradient_accumulation_steps").asInt();
        int micro = run.get("micro_batch_size").asInt();
        JsonNode batches = ga == 1 ? cases.get("full_batches") : cases.get("micro_batches");
        int rows = batches.size() * micro;

        List<int[]> drawn = BatchSamplers.BATCH_SAMPLER.create(
                Dataset.fromMap(Map.of("i", Collections.nCopies(rows, "x"))), micro, false, 42).epoch(0);
        String[] first = new String[rows];
        String[] second = new String[rows];
        Double[] scores = new Double[rows];
        List<JsonNode> examples = new ArrayList<>();
        cases.get("examples").forEach(examples::add);
        for (int k = 0; k < batches.size(); k++) {
            for (int i = 0; i < micro; i++) {
                int row = drawn.get(k)[i];
                JsonNode example = examples.get(k * micro + i);
                first[row] = text(batches.get(k).get("sentence1").get("input_ids").get(i));
                second[row] = text(batches.get(k).get("sentence2").get("input_ids").get(i));
                assertEquals(text(example.get("sentence1")), first[row], "examples and batches agree");
                scores[row] = (double) (float) example.get("score").asDouble();
            }
        }
        Map<String, List<?>> columns = new LinkedHashMap<>();
        columns.put("sentence1", Arrays.asList(first));
        columns.put("sentence2", Arrays.asList(second));
        columns.put("score", Arrays.asList(scores));

        SentenceTransformer model = MnrlTrainingReferenceTest.tinyModelWithoutDropout(tmp.resolve("tiny"));
        Loss loss = runName.startsWith("CoSENT") ? new CoSENTLoss() : new CosineSimilarityLoss();
        SentenceTransformerTrainingArguments args = SentenceTransformerTrainingArguments.builder(tmp.resolve("out"))
                .maxSteps(8).perDeviceTrainBatchSize(micro).gradientAccumulationSteps(ga).learningRate(1e-3)
                .warmupSteps(2).loggingSteps(1).saveStrategy(IntervalStrategy.NO).seed(42).build();
        TrainerState state = SentenceTransformerTrainer.builder(model, args).trainDataset(Dataset.fromMap(columns))
                .loss(loss).build().train();

        for (int k = 0; k < 8; k++) {
            JsonNode expected = run.get("steps").get(k);
            Map<String, Object> log = state.logHistory().get(k);
            assertEquals(expected.get("loss").asDouble(), ((Number) log.get("loss")).doubleValue(), 1e-5,
                    "loss at step " + k);
            assertEquals(1.0, ((Number) log.get("grad_norm")).doubleValue()
                    / expected.get("grad_norm_before_clip").asDouble(), 1e-5, "grad norm at step " + k);
        }
        List<String> batch0 = new ArrayList<>();
        cases.get("full_batches").get(0).get("sentence1").get("input_ids").forEach(ids -> batch0.add(text(ids)));
        assertClose(run.get("sentence1_embeddings_batch0_after_training"), model.encode(batch0, EncodeOptions.DEFAULTS),
                1e-5, "sentence1 embeddings after training");
        if (run.has("final_weights")) {
            Map<String, INDArray> weights = model.parameters();
            for (var it = run.get("final_weights").fields(); it.hasNext(); ) {
                var entry = it.next();
                double diff = maxAbsDiff(entry.getValue(), weights.get("0." + entry.getKey()));
                boolean zeroTrueGradient = entry.getKey().endsWith("attention.self.key.bias");
                assertTrue(diff <= (zeroTrueGradient ? 1e-2 : 1e-5), entry.getKey() + " differs by " + diff);
            }
        }
    }
}
