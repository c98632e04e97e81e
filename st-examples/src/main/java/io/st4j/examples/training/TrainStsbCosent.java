package io.st4j.examples.training;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.train.IntervalStrategy;
import io.st4j.core.train.LoggingCallback;
import io.st4j.core.train.SentenceTransformerTrainer;
import io.st4j.core.train.SentenceTransformerTrainingArguments;
import io.st4j.data.Dataset;
import io.st4j.data.load.DataFiles;
import io.st4j.evaluation.EmbeddingSimilarityEvaluator;
import io.st4j.evaluation.StsData;
import io.st4j.hub.DefaultModel;
import io.st4j.losses.CoSENTLoss;
import java.nio.file.Path;

/**
 * Port of sentence-transformers' {@code training_stsbenchmark.py}: CoSENTLoss on STS Benchmark train,
 * EmbeddingSimilarityEvaluator on dev during training and on test at the end.
 *
 * <p>Arguments: {@code STS_DIR [EPOCHS] [OUTPUT_DIR]} where STS_DIR holds stsb_train.tsv, stsb_dev.tsv,
 * stsb_test.tsv (default: ../shared/data/sts).
 */
public final class TrainStsbCosent {

    private TrainStsbCosent() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/data/sts");
        double epochs = args.length > 1 ? Double.parseDouble(args[1]) : 1;
        Path output = Path.of(args.length > 2 ? args[2] : "st4j-stsb-cosent");

        Dataset train = DataFiles.tsv(dir.resolve("stsb_train.tsv"));
        EmbeddingSimilarityEvaluator dev = StsData.read(dir.resolve("stsb_dev.tsv"), 5.0).evaluator().name("sts-dev").build();
        EmbeddingSimilarityEvaluator test = StsData.read(dir.resolve("stsb_test.tsv"), 5.0).evaluator().name("sts-test").build();

        SentenceTransformer model = SentenceTransformer.load(DefaultModel.folder());
        SentenceTransformerTrainingArguments arguments = SentenceTransformerTrainingArguments.builder(output)
                .overwriteOutputDir(true).numTrainEpochs(epochs).perDeviceTrainBatchSize(16).learningRate(2e-5)
                .warmupRatio(0.1).evalStrategy(IntervalStrategy.STEPS).evalSteps(100)
                .saveStrategy(IntervalStrategy.STEPS).saveSteps(100).saveTotalLimit(2).loggingSteps(20).build();
        SentenceTransformerTrainer.builder(model, arguments).trainDataset(train).loss(new CoSENTLoss()).evaluator(dev)
                .callback(new LoggingCallback()).build().train();
        System.out.println(test.evaluate(model, output.resolve("eval"), -1, -1));
        model.save(output.resolve("final"));
    }
}
