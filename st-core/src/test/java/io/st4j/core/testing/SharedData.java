package io.st4j.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the project's read-only {@code ../shared} folder (reference values from Python
 * sentence-transformers, evaluation data). Tests that need it skip, with a message saying so, where it
 * is absent (outside CI); code under test never reads it.
 */
public final class SharedData {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SharedData() {
    }

    /** The shared folder, or a skip of the calling test when it is absent. */
    public static Path root() {
        Path root = locate();
        Assumptions.assumeTrue(root != null,
                "skipped: ../shared (reference values) is absent; it is present in CI");
        return root;
    }

    /** A file under {@code shared/reference}, skipping the test when absent. */
    public static Path reference(String name) {
        Path file = root().resolve("reference").resolve(name);
        Assumptions.assumeTrue(Files.exists(file), "skipped: " + file + " is absent");
        return file;
    }

    /** A file under {@code shared/data}, skipping the test when absent. */
    public static Path data(String name) {
        Path file = root().resolve("data").resolve(name);
        Assumptions.assumeTrue(Files.exists(file), "skipped: " + file + " is absent");
        return file;
    }

    /** Parses a JSON file under {@code shared/reference}. */
    public static JsonNode referenceJson(String name) {
        try {
            return JSON.readTree(reference(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path locate() {
        String configured = System.getProperty("st4j.shared");
        if (configured != null && Files.isDirectory(Paths.get(configured, "reference"))) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared");
            if (Files.isDirectory(candidate.resolve("reference"))) {
                return candidate;
            }
        }
        return null;
    }
}
