package io.st4j.examples.cli;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.io.AtomicFolder;
import io.st4j.core.train.IntervalStrategy;
import io.st4j.core.train.SentenceTransformerTrainer;
import io.st4j.core.train.SentenceTransformerTrainingArguments;
import io.st4j.data.Dataset;
import io.st4j.data.load.DataFiles;
import io.st4j.evaluation.EmbeddingSimilarityEvaluator;
import io.st4j.evaluation.StsData;
import io.st4j.hub.DefaultModel;
import io.st4j.hub.SentenceTransformerModelCardData;
import io.st4j.losses.CoSENTLoss;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code st4j quickstart}: the main job. Fine-tunes the built-in all-MiniLM-L6-v2 with CoSENTLoss on the
 * bundled STS Benchmark training subset, evaluates on the STS Benchmark dev split before and after, saves
 * the model and prints both scores.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Fine-tune all-MiniLM-L6-v2 with CoSENTLoss on bundled STS-B data; print dev Spearman before/after.")
final class QuickstartCommand implements Callable<Integer> {

    private static final String DATA = "io/st4j/examples/stsb/";

    @Option(names = "--output", defaultValue = "st4j-quickstart", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--train-rows", defaultValue = "1024", description = "Training pairs used, at most 2000 (default: ${DEFAULT-VALUE}).")
    int trainRows;

    @Option(names = "--epochs", defaultValue = "1", description = "Epochs (default: ${DEFAULT-VALUE}).")
    double epochs;

    @Option(names = "--batch-size", defaultValue = "16", description = "Pairs per batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "2e-5", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        Path data = Files.createTempDirectory("st4j-quickstart-data");
        try {
            Dataset train = DataFiles.tsv(extract("stsb_train_subset.tsv", data));
            train = train.selectRange(0, Math.min(trainRows, train.numRows()));
            EmbeddingSimilarityEvaluator dev = StsData.read(extract("stsb_dev.tsv", data), 5.0).evaluator()
                    .name("sts-dev").build();

            SentenceTransformer model = SentenceTransformer.load(DefaultModel.folder());
            model.setModelCardData(SentenceTransformerModelCardData.builder()
                    .baseModel("sentence-transformers/" + DefaultModel.NAME, null).language("en").build());
            Map<String, Double> before = dev.evaluate(model, null, -1, -1);
            System.out.printf("STS-B dev cosine Spearman before training: %.4f%n", before.get(dev.primaryMetric()));

            SentenceTransformerTrainingArguments args = SentenceTransformerTrainingArguments.builder(output)
                    .overwriteOutputDir(true).numTrainEpochs(epochs).perDeviceTrainBatchSize(batchSize)
                    .learningRate(learningRate).warmupRatio(0.1).loggingSteps(10)
                    .saveStrategy(IntervalStrategy.NO).seed(42).build();
            SentenceTransformerTrainer trainer = TrainingOutputs.addTo(SentenceTransformerTrainer.builder(model, args)
                    .trainDataset(train).loss(new CoSENTLoss()).evaluator(dev), output).build();
            trainer.train();

            // Through the trainer, so that the model card (README.md of the saved model) shows the evaluation.
            Map<String, Double> after = trainer.evaluate();
            model.save(output.resolve("final"));
            double minutes = (System.nanoTime() - start) / 6e10;
            System.out.printf("STS-B dev cosine Spearman before training: %.4f%n", before.get(dev.primaryMetric()));
            System.out.printf("STS-B dev cosine Spearman after training:  %.4f%n",
                    after.get("eval_" + dev.primaryMetric()));
            System.out.printf("trained on %d pairs, %s epoch(s), batch %d, in %.1f minutes; model saved to %s%n",
                    train.numRows(), epochs, batchSize, minutes, output.resolve("final"));
            return 0;
        } finally {
            AtomicFolder.deleteRecursively(data);
        }
    }

    private static Path extract(String name, Path dir) throws IOException {
        try (InputStream in = QuickstartCommand.class.getClassLoader().getResourceAsStream(DATA + name)) {
            if (in == null) {
                throw new IOException("bundled resource " + DATA + name + " is missing from the st-examples jar");
            }
            Path file = dir.resolve(name);
            Files.copy(in, file);
            return file;
        }
    }
}
