package io.st4j.core.train;

import io.st4j.core.SentenceTransformer;
import io.st4j.data.Dataset;
import java.util.List;

/**
 * What a trainer trains, as {@link TrainerCallback#onInitEnd} receives it: the model, the arguments, each
 * training and evaluation dataset with its loss, and the evaluator (null if none).
 */
public record TrainingRun(SentenceTransformer model, SentenceTransformerTrainingArguments args,
        List<DatasetWithLoss> trainDatasets, List<DatasetWithLoss> evalDatasets, Evaluator evaluator) {

    /** A dataset, its name (null in single-dataset training) and the loss it is trained or evaluated with. */
    public record DatasetWithLoss(String name, Dataset dataset, Loss loss) {
    }

    public TrainingRun {
        trainDatasets = List.copyOf(trainDatasets);
        evalDatasets = List.copyOf(evalDatasets);
    }
}
