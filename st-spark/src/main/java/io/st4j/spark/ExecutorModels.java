package io.st4j.spark;

import io.st4j.core.SentenceTransformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The models loaded in this JVM, one per folder, shared by every task the executor runs. */
final class ExecutorModels {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorModels.class);
    private static final Map<Path, SentenceTransformer> MODELS = new ConcurrentHashMap<>();

    private ExecutorModels() {
    }

    /** The model at {@code location}, loaded on first use in this JVM. */
    static SentenceTransformer get(ModelLocation location) {
        Path folder = location.resolve().toAbsolutePath().normalize();
        return MODELS.computeIfAbsent(folder, ExecutorModels::load);
    }

    private static SentenceTransformer load(Path folder) {
        LOG.info("Loading model {} in process {}", folder, ProcessHandle.current().pid());
        try {
            return SentenceTransformer.load(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load model folder " + folder, e);
        }
    }
}
