package io.st4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.modules.TokenBatch;
import io.st4j.core.testing.TinyBert;
import io.st4j.core.train.GradientStep;
import io.st4j.core.train.Loss;
import io.st4j.core.train.optim.AdamW;
import io.st4j.core.train.optim.GradientClipping;
import io.st4j.core.train.optim.ParameterGroups;
import io.st4j.losses.CoSENTLoss;
import io.st4j.losses.MultipleNegativesRankingLoss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DataParallelTrainerTest {

    private static final double LEARNING_RATE = 1e-3;
    private static final int STEPS = 20;

    @TempDir
    static Path temp;

    private static Path folder;

    /**
     * The tiny BERT without dropout: dropout masks are drawn per batch shape, so a worker's 16-row shard can
     * not draw the masks one process draws for 32 rows; without dropout both compute the same function.
     */
    @BeforeAll
    static void model() throws Exception {
        folder = TinyBert.folder(temp.resolve("tiny-bert"));
        Path config = folder.resolve("config.json");
        String text = Files.readString(config).replace("\"attention_probs_dropout_prob\": 0.1",
                "\"attention_probs_dropout_prob\": 0.0").replace("\"hidden_dropout_prob\": 0.1", "\"hidden_dropout_prob\": 0.0");
        assertTrue(text.contains("\"hidden_dropout_prob\": 0.0"));
        Files.writeString(config, text);
    }

    private static List<Row> rows(int count, boolean withScore, long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String a = TinyBert.randomText(random, 2 + random.nextInt(12));
            String b = TinyBert.randomText(random, 2 + random.nextInt(20));
            rows.add(withScore ? RowFactory.create(a, b, random.nextDouble()) : RowFactory.create(a, b));
        }
        return rows;
    }

    private static Dataset<Row> frame(List<Row> rows, boolean withScore) {
        StructType schema = new StructType().add("sentence1", DataTypes.StringType)
                .add("sentence2", DataTypes.StringType);
        if (withScore) {
            schema = schema.add("score", DataTypes.DoubleType);
        }
        return LocalCluster.session().createDataFrame(rows, schema);
    }

    /** One process: the global batch through {@link GradientStep#compute}, clipping and AdamW. */
    private static double[] trainLocally(SentenceTransformer model, Loss loss, List<Row> rows, int batchSize, int steps) {
        Map<String, INDArray> parameters = model.parameters();
        AdamW optimizer = new AdamW(ParameterGroups.forTrainer(parameters.keySet(), LEARNING_RATE, 0.01, Map.of()));
        GradientStep step = new GradientStep(model, loss, 0);
        double[] losses = new double[steps];
        for (int s = 0; s < steps; s++) {
            List<String> a = new ArrayList<>();
            List<String> b = new ArrayList<>();
            float[] labels = new float[batchSize];
            for (int r = 0; r < batchSize; r++) {
                Row row = rows.get((s * batchSize + r) % rows.size());
                a.add(row.getString(0));
                b.add(row.getString(1));
                labels[r] = row.size() > 2 ? (float) row.getDouble(2) : 0;
            }
            List<TokenBatch> columns = List.of(model.inputModule().tokenize(a), model.inputModule().tokenize(b));
            GradientStep.Gradients g = step.compute(columns, rows.get(0).size() > 2 ? Nd4j.create(labels) : null, s);
            Map<String, INDArray> ordered = new LinkedHashMap<>();
            parameters.keySet().forEach(name -> {
                if (g.gradients().containsKey(name)) {
                    ordered.put(name, g.gradients().get(name));
                }
            });
            GradientClipping.clipGradNorm(ordered, 1.0);
            optimizer.step(parameters, ordered, 1.0);
            losses[s] = g.loss();
        }
        return losses;
    }

    @Test
    void twoWorkersWithSixteenRowsTrainLikeOneProcessWithThirtyTwo() throws Exception {
        List<Row> rows = rows(96, true, 7);
        DataParallelTrainer trainer = DataParallelTrainer.builder(LocalCluster.session(),
                        ModelLocation.ship(LocalCluster.session(), folder), new CoSENTLoss())
                .workers(2).globalBatchSize(32).learningRate(LEARNING_RATE).seed(3).build();
        DataParallelTrainer.Result distributed = trainer.train(frame(rows, true), STEPS);

        SentenceTransformer initial = SentenceTransformer.load(folder);
        SentenceTransformer local = SentenceTransformer.load(folder);
        double[] localLosses = trainLocally(local, new CoSENTLoss(), rows, 32, STEPS);

        for (int s = 0; s < STEPS; s++) {
            assertEquals(localLosses[s], distributed.losses()[s], 1e-5 * Math.max(1, Math.abs(localLosses[s])),
                    "loss of step " + (s + 1));
        }
        // The attention key biases are left out: a bias added to every key shifts all of a query's scores
        // alike, which softmax ignores, so their true gradient is zero and what both runs compute is rounding
        // noise, which AdamW scales up to steps of about the learning rate (measured: 1.3e-3 apart after 20
        // steps, every other parameter within 6.7e-6). Any two float computations of the step (torch's too)
        // part there.
        double moved = 0;
        double maxDifference = 0;
        String worst = null;
        for (Map.Entry<String, INDArray> p : local.parameters().entrySet()) {
            if (p.getKey().endsWith("attention.self.key.bias")) {
                continue;
            }
            INDArray trained = distributed.model().parameters().get(p.getKey());
            double difference = p.getValue().sub(trained).amaxNumber().doubleValue();
            if (difference > maxDifference) {
                maxDifference = difference;
                worst = p.getKey();
            }
            moved = Math.max(moved, p.getValue().sub(initial.parameters().get(p.getKey())).amaxNumber().doubleValue());
        }
        System.out.printf("CoSENT, %d steps: 2 workers x 16 vs 1 process x 32: max |weight difference| %.3g (%s);"
                + " largest weight change %.3g%n", STEPS, maxDifference, worst, moved);
        assertTrue(moved > 100 * 1e-5, "training must move the weights well beyond the tolerance, moved " + moved);
        assertTrue(maxDifference <= 1e-5, "max |weight difference| " + maxDifference + " in " + worst);
    }

    @Test
    void multipleNegativesRankingSeesTheGlobalBatchAsNegatives() {
        List<Row> rows = rows(32, false, 11);
        DataParallelTrainer.Result distributed = DataParallelTrainer.builder(LocalCluster.session(),
                        ModelLocation.shared(folder.toString()), new MultipleNegativesRankingLoss())
                .workers(2).globalBatchSize(32).learningRate(LEARNING_RATE).build()
                .train(frame(rows, false), 1);
        double[] global = trainLocally(load(), new MultipleNegativesRankingLoss(), rows, 32, 1);
        double[] firstHalf = trainLocally(load(), new MultipleNegativesRankingLoss(), rows.subList(0, 16), 16, 1);
        assertEquals(global[0], distributed.losses()[0], 1e-6 * Math.max(1, global[0]));
        // Per-worker in-batch negatives would give a smaller loss (16 candidates per anchor instead of 32).
        assertTrue(firstHalf[0] < global[0] - 0.1, firstHalf[0] + " vs " + global[0]);
    }

    @Test
    void badSettingsAreNamed() {
        ModelLocation model = ModelLocation.shared(folder.toString());
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DataParallelTrainer.builder(LocalCluster.session(), model, new CoSENTLoss()).workers(3)
                        .globalBatchSize(32).build()).getMessage().contains("multiple of the number of workers 3"));
        DataParallelTrainer trainer = DataParallelTrainer.builder(LocalCluster.session(), model, new CoSENTLoss())
                .build();
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> trainer.train(frame(rows(10, true, 1), true), 1)).getMessage().contains("fewer than one global batch"));
    }

    private static SentenceTransformer load() {
        try {
            return SentenceTransformer.load(folder);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
