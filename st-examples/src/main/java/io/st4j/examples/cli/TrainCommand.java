package io.st4j.examples.cli;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.train.Evaluator;
import io.st4j.core.train.IntervalStrategy;
import io.st4j.core.train.SentenceTransformerTrainer;
import io.st4j.core.train.SentenceTransformerTrainingArguments;
import io.st4j.data.Dataset;
import io.st4j.evaluation.StsData;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code st4j train}: fine-tune a model on a data file with a loss, evaluate, save. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Fine-tune a model on a data file (columns: inputs, then an optional label/score column).")
final class TrainCommand implements Callable<Integer> {

    @Mixin
    ModelOption model;

    @Option(names = "--train", required = true, description = "Training data (.csv, .tsv, .json, .jsonl, .parquet).")
    Path train;

    @Option(names = "--eval", description = "Evaluation data for the evaluation loss (same layout as --train).")
    Path eval;

    @Option(names = "--loss", required = true, description = "Loss class name, e.g. CoSENTLoss, MultipleNegativesRankingLoss.")
    String loss;

    @Option(names = "--evaluator", paramLabel = "sts:FILE",
            description = "sts:FILE — EmbeddingSimilarityEvaluator on a sentence1/sentence2/score TSV (scores over --score-scale).")
    String evaluator;

    @Option(names = "--epochs", defaultValue = "1", description = "Epochs (default: ${DEFAULT-VALUE}).")
    double epochs;

    @Option(names = "--max-steps", defaultValue = "-1", description = "Stop after N optimizer steps (overrides --epochs).")
    long maxSteps;

    @Option(names = "--batch-size", defaultValue = "16", description = "Pairs per batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "5e-5", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--warmup-ratio", defaultValue = "0.1", description = "Warmup share of the steps (default: ${DEFAULT-VALUE}).")
    double warmupRatio;

    @Option(names = "--score-scale", defaultValue = "1", description = "Divide the label column by this (e.g. 5 for STS-B with CosineSimilarityLoss).")
    double scoreScale;

    @Option(names = "--save-steps", defaultValue = "500", description = "Checkpoint every N steps (default: ${DEFAULT-VALUE}).")
    long saveSteps;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(names = "--output", required = true, description = "Output folder: checkpoints, metrics, and the final model in final/.")
    Path output;

    @Option(names = "--resume", description = "Continue from the newest checkpoint in --output.")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        SentenceTransformer st = model.load();
        Dataset trainData = scaled(DataOption.load(train));
        Evaluator evaluatorInstance = evaluator == null ? null : parseEvaluator(evaluator, scoreScale);
        SentenceTransformerTrainingArguments args = SentenceTransformerTrainingArguments.builder(output)
                .numTrainEpochs(epochs).maxSteps(maxSteps).perDeviceTrainBatchSize(batchSize)
                .perDeviceEvalBatchSize(batchSize).learningRate(learningRate).warmupRatio(warmupRatio)
                .saveStrategy(IntervalStrategy.STEPS).saveSteps(saveSteps).loggingSteps(10).seed(seed)
                .evalStrategy(evaluatorInstance != null || eval != null ? IntervalStrategy.EPOCH : IntervalStrategy.NO)
                .build();
        SentenceTransformerTrainer.Builder builder = TrainingOutputs.addTo(SentenceTransformerTrainer.builder(st, args)
                .trainDataset(trainData).loss(LossCatalog.byName(loss)), output);
        if (eval != null) {
            builder.evalDataset(scaled(DataOption.load(eval)));
        }
        if (evaluatorInstance != null) {
            builder.evaluator(evaluatorInstance);
            System.out.println("before: " + evaluatorInstance.evaluate(st, null, -1, -1));
        }
        SentenceTransformerTrainer trainer = builder.build();
        trainer.train(resume ? trainer.latestCheckpoint() : null);
        if (evaluatorInstance != null) {
            System.out.println("after: " + evaluatorInstance.evaluate(st, null, -1, -1));
        }
        st.save(output.resolve("final"));
        System.out.println("saved " + output.resolve("final"));
        return 0;
    }

    private Dataset scaled(Dataset data) {
        if (scoreScale == 1 || !data.hasColumn("score")) {
            return data;
        }
        return data.map(row -> {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("score", ((Number) row.get("score")).doubleValue() / scoreScale);
            return values;
        });
    }

    /** {@code sts:FILE}: scores divided by {@code scoreScale}, as the training labels. */
    static Evaluator parseEvaluator(String spec, double scoreScale) {
        int colon = spec.indexOf(':');
        if (colon < 0 || !spec.substring(0, colon).equals("sts")) {
            throw new IllegalArgumentException("--evaluator takes sts:FILE, got '" + spec + "'");
        }
        return StsData.read(Path.of(spec.substring(colon + 1)), scoreScale).evaluator().name("sts").build();
    }
}
