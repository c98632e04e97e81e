package io.st4j.core.train;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.io.AtomicFolder;
import io.st4j.core.io.SafeTensors;
import io.st4j.core.train.optim.AdamW;
import io.st4j.core.train.optim.OptimizerState;
import io.st4j.core.train.optim.OptimizerStateFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The {@code checkpoint-N} folders of an output folder: writing, reading, finding, ordering and pruning them. A
 * checkpoint holds the model folder, {@code optimizer.safetensors} (AdamW's state), {@code
 * loss_parameters.safetensors} when the losses have parameters of their own, and {@code trainer_state.json}.
 */
public final class CheckpointFolders {

    static final String PREFIX = "checkpoint-";
    private static final Pattern NAME = Pattern.compile(PREFIX + "(\\d+)");

    private CheckpointFolders() {
    }

    public static Path folder(Path outputDir, long step) {
        return outputDir.resolve(PREFIX + step);
    }

    /** The checkpoints under {@code outputDir}, oldest (lowest step) first. */
    public static List<Path> list(Path outputDir) throws IOException {
        if (!Files.isDirectory(outputDir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(outputDir)) {
            return children.filter(p -> Files.isDirectory(p) && NAME.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(CheckpointFolders::step)).toList();
        }
    }

    /** The newest checkpoint, or null. */
    public static Path latest(Path outputDir) throws IOException {
        List<Path> all = list(outputDir);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    public static long step(Path checkpoint) {
        Matcher m = NAME.matcher(checkpoint.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(checkpoint + " is not a checkpoint-N folder");
        }
        return Long.parseLong(m.group(1));
    }

    /** Deletes the oldest checkpoints beyond {@code limit}, never {@code best}. */
    public static void prune(Path outputDir, int limit, Path best) throws IOException {
        List<Path> all = new ArrayList<>(list(outputDir));
        if (best != null) {
            all.removeIf(p -> p.toAbsolutePath().normalize().equals(best.toAbsolutePath().normalize()));
            limit = Math.max(0, limit - 1);
        }
        for (int i = 0; i < all.size() - limit; i++) {
            AtomicFolder.deleteRecursively(all.get(i));
        }
    }

    /**
     * Writes the checkpoint folder {@code checkpoint} atomically (a temporary folder moved into place): the model
     * folder, the optimizer state, {@code lossParameters} (when not empty) and {@code state}.
     */
    public static void write(Path checkpoint, SentenceTransformer model, AdamW optimizer,
                             Map<String, INDArray> lossParameters, TrainerState state) throws IOException {
        AtomicFolder.write(checkpoint, dir -> {
            model.writeTo(dir);
            OptimizerStateFile.write(optimizer.state(), dir.resolve(SentenceTransformerTrainer.OPTIMIZER_FILE));
            if (!lossParameters.isEmpty()) {
                SafeTensors.write(dir.resolve(SentenceTransformerTrainer.LOSS_PARAMETERS_FILE), lossParameters, Map.of());
            }
            state.write(dir);
        });
    }

    /** The optimizer state saved in {@code checkpoint}. */
    public static OptimizerState optimizerState(Path checkpoint) throws IOException {
        return OptimizerStateFile.read(checkpoint.resolve(SentenceTransformerTrainer.OPTIMIZER_FILE));
    }

    /** The losses' own parameters saved in {@code checkpoint}, by graph name; empty when it holds none. */
    public static Map<String, INDArray> lossParameters(Path checkpoint) throws IOException {
        Path file = checkpoint.resolve(SentenceTransformerTrainer.LOSS_PARAMETERS_FILE);
        return Files.isRegularFile(file) ? SafeTensors.read(file) : Map.of();
    }
}
