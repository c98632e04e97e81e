package io.st4j.hub;

import io.st4j.core.ModelSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@link ModelSource} for Hub model ids ({@code org/name} or {@code name}): a snapshot download into
 * the shared huggingface_hub cache, configured from the environment. Weights in formats st4j does not
 * read (PyTorch pickles, TensorFlow, Flax, Rust, ONNX, OpenVINO) are not downloaded.
 */
public final class HubModelSource implements ModelSource {

    /** Files of other frameworks that a sentence-transformers repository often carries. */
    public static final SnapshotFilter MODEL_FILES = SnapshotFilter.ignore("*.bin", "*.pt", "*.pth", "*.ckpt",
            "*.h5", "*.msgpack", "*.ot", "*.onnx", "*.onnx_data", "onnx/", "openvino/", "coreml/", "*.mlmodel",
            "*.tflite");

    private final HubClient client;

    /** Used by {@link java.util.ServiceLoader}: a client from the environment, created on first use. */
    public HubModelSource() {
        this(null);
    }

    public HubModelSource(HubClient client) {
        this.client = client;
    }

    @Override
    public Optional<Path> resolve(String modelId, String revision) throws IOException {
        if (!RepoIds.isValid(modelId) || Files.exists(Path.of(modelId))) {
            return Optional.empty();
        }
        HubClient hub = client != null ? client : Holder.DEFAULT;
        return Optional.of(hub.snapshotDownload(RepoType.MODEL, modelId, revision, MODEL_FILES));
    }

    private static final class Holder {
        static final HubClient DEFAULT = HubClient.fromEnvironment();
    }
}
