package io.st4j.core.train.optim;

import io.st4j.core.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Saves and loads an {@link OptimizerState} as a safetensors file (readable by Python's {@code safetensors}).
 *
 * <p>Format: safetensors (written by {@link SafeTensors}). Tensors are
 * {@code exp_avg.<parameter>} and {@code exp_avg_sq.<parameter>} ({@code "dtype": "F32"}, the parameter's
 * shape); {@code __metadata__} holds {@code "format": "st4j-adamw-state-1"} and, per parameter,
 * {@code "step.<parameter>"}: its update count in decimal. Writes go to a temporary file in the same folder
 * that is then moved over the target, so a crash never leaves a half-written file.
 */
public final class OptimizerStateFile {

    /** The {@code format} metadata value this class writes and accepts. */
    public static final String FORMAT = "st4j-adamw-state-1";
    private static final String STEP = "step.";

    private OptimizerStateFile() {
    }

    /** Writes {@code state} to {@code file} atomically. */
    public static void write(OptimizerState state, Path file) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        state.steps().forEach((name, step) -> metadata.put(STEP + name, Long.toString(step)));
        Files.createDirectories(file.toAbsolutePath().getParent());
        SafeTensors.write(file, state.tensors(), metadata);
    }

    /** Reads a file written by {@link #write}. */
    public static OptimizerState read(Path file) throws IOException {
        SafeTensors.Contents contents;
        try {
            contents = SafeTensors.readWithMetadata(file);
        } catch (RuntimeException e) {
            throw bad(file, e.getMessage());
        }
        Map<String, String> metadata = contents.metadata();
        if (!FORMAT.equals(metadata.get("format"))) {
            throw bad(file, "metadata format is '" + metadata.get("format") + "', expected '" + FORMAT + "'");
        }
        Map<String, Long> steps = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            if (entry.getKey().startsWith(STEP)) {
                steps.put(entry.getKey().substring(STEP.length()), parseStep(file, entry));
            }
        }
        Map<String, INDArray> tensors = contents.tensors();
        try {
            return OptimizerState.fromTensors(tensors, steps);
        } catch (IllegalArgumentException e) {
            throw bad(file, e.getMessage());
        }
    }

    private static long parseStep(Path file, Map.Entry<String, String> entry) throws IOException {
        try {
            long step = Long.parseLong(entry.getValue());
            if (step >= 0) {
                return step;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(file, "metadata '" + entry.getKey() + "' is '" + entry.getValue()
                + "', expected a non-negative integer");
    }

    private static IOException bad(Path file, String problem) {
        return new IOException("invalid optimizer state file " + file + ": " + problem);
    }
}
