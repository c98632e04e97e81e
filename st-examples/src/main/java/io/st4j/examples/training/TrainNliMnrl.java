package io.st4j.examples.training;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.train.LoggingCallback;
import io.st4j.core.train.SentenceTransformerTrainer;
import io.st4j.core.train.SentenceTransformerTrainingArguments;
import io.st4j.core.train.IntervalStrategy;
import io.st4j.data.Dataset;
import io.st4j.data.TextColumn;
import io.st4j.data.sampler.BatchSamplers;
import io.st4j.evaluation.TripletEvaluator;
import io.st4j.hub.DefaultModel;
import io.st4j.losses.MultipleNegativesRankingLoss;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Port of sentence-transformers' {@code training_nli_v2.py}: (anchor, positive, negative) triplets from
 * NLI data, MultipleNegativesRankingLoss with the NO_DUPLICATES sampler, TripletEvaluator on the triplets
 * of a held-apart file before and after.
 *
 * <p>Arguments: {@code TRAIN_TSV EVAL_TSV [TRAIN_ROWS] [OUTPUT_DIR]} (defaults: ../shared/data/nli/snli_dev.tsv,
 * ../shared/data/nli/snli_test.tsv, all rows).
 */
public final class TrainNliMnrl {

    private TrainNliMnrl() {
    }

    public static void main(String[] args) throws Exception {
        Path trainFile = Path.of(args.length > 0 ? args[0] : "../shared/data/nli/snli_dev.tsv");
        Path evalFile = Path.of(args.length > 1 ? args[1] : "../shared/data/nli/snli_test.tsv");
        int trainRows = args.length > 2 ? Integer.parseInt(args[2]) : Integer.MAX_VALUE;
        Path output = Path.of(args.length > 3 ? args[3] : "st4j-nli-mnrl");

        Dataset all = NliTriplets.read(trainFile);
        Dataset train = all.selectRange(0, Math.min(trainRows, all.numRows()));
        Dataset test = NliTriplets.read(evalFile);
        TripletEvaluator evaluator = TripletEvaluator.builder(texts(test, "anchor"), texts(test, "positive"),
                texts(test, "negative")).name("snli-test").build();

        SentenceTransformer model = SentenceTransformer.load(DefaultModel.folder());
        double before = evaluator.evaluate(model, null, -1, -1).get(evaluator.primaryMetric());
        SentenceTransformerTrainingArguments args2 = SentenceTransformerTrainingArguments.builder(output)
                .overwriteOutputDir(true).numTrainEpochs(1).perDeviceTrainBatchSize(32).learningRate(2e-5)
                .warmupRatio(0.1).batchSampler(BatchSamplers.NO_DUPLICATES).saveStrategy(IntervalStrategy.NO)
                .loggingSteps(5).build();
        SentenceTransformerTrainer.builder(model, args2).trainDataset(train).loss(new MultipleNegativesRankingLoss())
                .callback(new LoggingCallback()).build().train();
        double after = evaluator.evaluate(model, null, -1, -1).get(evaluator.primaryMetric());
        model.save(output.resolve("final"));
        System.out.printf("%s on %d held-apart triplets: before %.4f, after %.4f (trained on %d triplets)%n",
                evaluator.primaryMetric(), test.numRows(), before, after, train.numRows());
    }

    static List<String> texts(Dataset dataset, String column) {
        TextColumn values = dataset.column(column, TextColumn.class);
        List<String> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            out.add(values.get(i));
        }
        return out;
    }
}
