package io.st4j.spark;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.modules.TokenBatch;
import io.st4j.core.train.GradientStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A data-parallel worker's state in an executor JVM: its own copy of the model (one per training run), kept
 * at the weights the driver broadcast for the current step, and the {@link GradientStep} that runs the
 * model's training graph.
 */
final class Worker {

    private static final Map<String, Worker> WORKERS = new ConcurrentHashMap<>();

    private final SentenceTransformer model;
    private final GradientStep step;
    private long version = -1;

    private Worker(SentenceTransformer model) {
        this.model = model;
        // Only the embeddings' forward and backward passes run here; the loss runs on the driver.
        this.step = new GradientStep(model, null, -1);
    }

    /**
     * This JVM's worker of training run {@code run}, at the broadcast {@code weights}. An executor keeps the
     * model copy of one run: a new run drops the copies of earlier ones.
     */
    static Worker of(String run, ModelLocation location, Weights weights) {
        WORKERS.keySet().removeIf(other -> !other.equals(run));
        Worker worker = WORKERS.computeIfAbsent(run, r -> new Worker(load(location)));
        synchronized (worker) {
            if (worker.version != weights.version()) {
                weights.assignTo(worker.model.parameters());
                worker.version = weights.version();
            }
        }
        return worker;
    }

    private static SentenceTransformer load(ModelLocation location) {
        try {
            return SentenceTransformer.load(location.resolve());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load model folder " + location, e);
        }
    }

    /** Pass 1: the shard's training-mode embeddings, {@code [column][row][dim]}. */
    synchronized float[][][] embed(Shard shard) {
        float[][][] out = new float[shard.columns().size()][][];
        for (int c = 0; c < out.length; c++) {
            INDArray embeddings = step.trainingEmbeddings(tokenize(shard, c), columnSeed(shard, c));
            out[c] = embeddings.toFloatMatrix();
        }
        return out;
    }

    /** The last pass: the shard's share of d loss / d parameters, given d loss / d its embeddings. */
    synchronized Weights gradients(Shard shard) {
        Map<String, INDArray> sum = new HashMap<>();
        for (int c = 0; c < shard.columns().size(); c++) {
            GradientStep.Gradients g = step.backpropagate(tokenize(shard, c), Nd4j.create(shard.upstream()[c]),
                    columnSeed(shard, c));
            g.gradients().forEach((name, value) -> sum.merge(name, value, INDArray::add));
        }
        return Weights.of(version, sum);
    }

    private TokenBatch tokenize(Shard shard, int column) {
        return model.inputModule().tokenize(new ArrayList<>(shard.columns().get(column)));
    }

    private static long columnSeed(Shard shard, int column) {
        return shard.seed() * 31 + column;
    }
}
