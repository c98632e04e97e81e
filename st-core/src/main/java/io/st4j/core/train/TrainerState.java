package io.st4j.core.train;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.io.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The progress of a training run, written to {@code trainer_state.json} in each checkpoint and the
 * output folder (Hugging Face's {@code TrainerState} keys).
 */
public final class TrainerState {

    public static final String FILE = "trainer_state.json";

    long globalStep;
    double epoch;
    long maxSteps;
    double numTrainEpochs;
    int trainBatchSize;
    long loggingSteps;
    long evalSteps;
    long saveSteps;
    Double bestMetric;
    String bestModelCheckpoint;
    final List<Map<String, Object>> logHistory = new ArrayList<>();

    /** Optimizer steps taken. */
    public long globalStep() {
        return globalStep;
    }

    /** Epochs done, fractional. */
    public double epoch() {
        return epoch;
    }

    /** Total optimizer steps of the run. */
    public long maxSteps() {
        return maxSteps;
    }

    /** The best value of the metric for the best model, or null. */
    public Double bestMetric() {
        return bestMetric;
    }

    /** The checkpoint holding the best model so far, or null. */
    public String bestModelCheckpoint() {
        return bestModelCheckpoint;
    }

    /** Every log entry so far (training logs and evaluations), in order. */
    public List<Map<String, Object>> logHistory() {
        return List.copyOf(logHistory);
    }

    /**
     * Sets the sizes of a run, as the trainer does when it starts (for trainers outside this package, such as
     * st-spark's data-parallel one).
     */
    public void start(long maxSteps, double numTrainEpochs, int trainBatchSize, long loggingSteps, long evalSteps,
                      long saveSteps) {
        this.maxSteps = maxSteps;
        this.numTrainEpochs = numTrainEpochs;
        this.trainBatchSize = trainBatchSize;
        this.loggingSteps = loggingSteps;
        this.evalSteps = evalSteps;
        this.saveSteps = saveSteps;
    }

    /** Records an optimizer step: {@code globalStep} steps taken, {@code epoch} epochs done. */
    public void advance(long globalStep, double epoch) {
        this.globalStep = globalStep;
        this.epoch = epoch;
    }

    /** Appends a log entry, adding the current {@code epoch} and {@code step} as the trainer does. */
    public Map<String, Object> log(Map<String, Object> logs) {
        Map<String, Object> entry = new LinkedHashMap<>(logs);
        entry.put("epoch", epoch);
        entry.put("step", globalStep);
        logHistory.add(entry);
        return entry;
    }

    /** Train batch size of the run ({@code train_batch_size}). */
    public int trainBatchSize() {
        return trainBatchSize;
    }

    /** Writes {@code trainer_state.json} into {@code dir}. */
    public void write(Path dir) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("best_metric", bestMetric);
        json.put("best_model_checkpoint", bestModelCheckpoint);
        json.put("epoch", epoch);
        json.put("eval_steps", evalSteps);
        json.put("global_step", globalStep);
        json.put("log_history", logHistory);
        json.put("logging_steps", loggingSteps);
        json.put("max_steps", maxSteps);
        json.put("num_train_epochs", numTrainEpochs);
        json.put("save_steps", saveSteps);
        json.put("train_batch_size", trainBatchSize);
        Json.write(dir.resolve(FILE), json, 2);
    }

    /** Reads the {@code trainer_state.json} of {@code dir} (a checkpoint). */
    public static TrainerState read(Path dir) throws IOException {
        JsonNode json = Json.read(dir.resolve(FILE));
        TrainerState state = new TrainerState();
        state.globalStep = json.path("global_step").asLong();
        state.epoch = json.path("epoch").asDouble();
        state.maxSteps = json.path("max_steps").asLong();
        state.numTrainEpochs = json.path("num_train_epochs").asDouble();
        state.trainBatchSize = json.path("train_batch_size").asInt();
        state.loggingSteps = json.path("logging_steps").asLong();
        state.evalSteps = json.path("eval_steps").asLong();
        state.saveSteps = json.path("save_steps").asLong();
        state.bestMetric = json.path("best_metric").isNumber() ? json.get("best_metric").asDouble() : null;
        state.bestModelCheckpoint = json.path("best_model_checkpoint").isTextual()
                ? json.get("best_model_checkpoint").asText() : null;
        for (JsonNode entry : json.path("log_history")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = Json.mapper().convertValue(entry, LinkedHashMap.class);
            state.logHistory.add(map);
        }
        return state;
    }
}
