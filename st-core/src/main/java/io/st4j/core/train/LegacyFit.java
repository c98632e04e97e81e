package io.st4j.core.train;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.io.AtomicFolder;
import io.st4j.data.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * sentence-transformers' deprecated {@code model.fit(train_objectives, epochs, warmup_steps, ...)}, mapped
 * onto {@link SentenceTransformerTrainer} as the Python library maps it: the examples become a dataset
 * with columns {@code text_0, text_1, ...} (and {@code label}), trained with fit's defaults (AdamW at
 * 2e-5, weight decay 0.01, {@code WarmupLinear}: linear schedule after the given warmup steps, gradient
 * clipping at 1.0).
 */
public final class LegacyFit {

    private LegacyFit() {
    }

    /**
     * Trains {@code model} on {@code examples} with {@code loss}.
     *
     * @param batchSize   examples per batch (the DataLoader's batch size in the Python scripts)
     * @param epochs      epochs
     * @param warmupSteps linear warmup steps
     * @param outputPath  where the trained model is saved, or null to keep it in memory only
     */
    public static TrainerState fit(SentenceTransformer model, List<InputExample> examples, Loss loss, int batchSize,
                                   int epochs, int warmupSteps, Path outputPath) throws IOException {
        Path workDir = Files.createTempDirectory("st4j-fit");
        try {
            SentenceTransformerTrainingArguments args = SentenceTransformerTrainingArguments.builder(workDir)
                    .numTrainEpochs(epochs).perDeviceTrainBatchSize(batchSize).warmupSteps(warmupSteps)
                    .learningRate(2e-5).weightDecay(0.01).maxGradNorm(1.0).saveStrategy(IntervalStrategy.NO).build();
            TrainerState state = SentenceTransformerTrainer.builder(model, args).trainDataset(toDataset(examples))
                    .loss(loss).build().train();
            if (outputPath != null) {
                model.save(outputPath);
            }
            return state;
        } finally {
            AtomicFolder.deleteRecursively(workDir);
        }
    }

    /** {@code text_0 ... text_{n-1}} columns, plus {@code label} when the examples carry labels. */
    static Dataset toDataset(List<InputExample> examples) {
        int texts = examples.get(0).texts().size();
        boolean labelled = examples.get(0).label() != null;
        Map<String, List<Object>> columns = new LinkedHashMap<>();
        for (int c = 0; c < texts; c++) {
            columns.put("text_" + c, new ArrayList<>());
        }
        if (labelled) {
            columns.put("label", new ArrayList<>());
        }
        for (int i = 0; i < examples.size(); i++) {
            InputExample example = examples.get(i);
            if (example.texts().size() != texts || (example.label() != null) != labelled) {
                throw new IllegalArgumentException("example " + i + " has " + example.texts().size() + " texts and "
                        + (example.label() == null ? "no label" : "a label") + "; example 0 has " + texts + " and "
                        + (labelled ? "a label" : "no label") + ": every example needs the same");
            }
            for (int c = 0; c < texts; c++) {
                columns.get("text_" + c).add(example.texts().get(c));
            }
            if (labelled) {
                columns.get("label").add(example.label());
            }
        }
        return Dataset.fromMap(new LinkedHashMap<>(columns));
    }
}
