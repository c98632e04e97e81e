package io.st4j.examples.training;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.train.IntervalStrategy;
import io.st4j.core.train.LoggingCallback;
import io.st4j.core.train.SentenceTransformerTrainer;
import io.st4j.core.train.SentenceTransformerTrainingArguments;
import io.st4j.data.Dataset;
import io.st4j.data.load.DataFiles;
import io.st4j.data.sampler.MultiDatasetBatchSamplers;
import io.st4j.evaluation.StsData;
import io.st4j.hub.DefaultModel;
import io.st4j.losses.CoSENTLoss;
import io.st4j.losses.MultipleNegativesRankingLoss;
import java.nio.file.Path;

/**
 * Port of sentence-transformers' multi-dataset training script: NLI triplets with
 * MultipleNegativesRankingLoss and STS-B pairs with CoSENTLoss in one run, each batch drawn from one
 * dataset (PROPORTIONAL sampler), evaluated on STS-B dev.
 *
 * <p>Arguments: {@code DATA_DIR [ROWS_PER_DATASET] [OUTPUT_DIR]} where DATA_DIR holds nli/snli_dev.tsv and
 * sts/stsb_train.tsv, sts/stsb_dev.tsv (default: ../shared/data).
 */
public final class TrainMultiDataset {

    private TrainMultiDataset() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        Path output = Path.of(args.length > 2 ? args[2] : "st4j-multi-dataset");

        Dataset nli = NliTriplets.read(data.resolve("nli/snli_dev.tsv"));
        Dataset sts = DataFiles.tsv(data.resolve("sts/stsb_train.tsv"));
        SentenceTransformer model = SentenceTransformer.load(DefaultModel.folder());
        SentenceTransformerTrainingArguments arguments = SentenceTransformerTrainingArguments.builder(output)
                .overwriteOutputDir(true).numTrainEpochs(1).perDeviceTrainBatchSize(16).learningRate(2e-5)
                .warmupRatio(0.1).multiDatasetBatchSampler(MultiDatasetBatchSamplers.PROPORTIONAL)
                .evalStrategy(IntervalStrategy.EPOCH).saveStrategy(IntervalStrategy.NO).loggingSteps(10).build();
        SentenceTransformerTrainer.builder(model, arguments)
                .trainDataset("nli", nli.selectRange(0, Math.min(rows, nli.numRows())))
                .trainDataset("sts", sts.selectRange(0, Math.min(rows, sts.numRows())))
                .loss("nli", new MultipleNegativesRankingLoss())
                .loss("sts", new CoSENTLoss())
                .evaluator(StsData.read(data.resolve("sts/stsb_dev.tsv"), 5.0).evaluator().name("sts-dev").build())
                .callback(new LoggingCallback()).build().train();
        model.save(output.resolve("final"));
    }
}
