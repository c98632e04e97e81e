package io.st4j.data.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the project's read-only {@code ../shared/data} files for tests, as st-core's {@code SharedData}
 * does (st-data does not depend on st-core); tests skip with a message where {@code shared} is absent.
 */
public final class SharedFiles {

    private SharedFiles() {
    }

    /** A file under {@code shared/data}, skipping the calling test when absent. */
    public static Path data(String name) {
        Path root = locate();
        Assumptions.assumeTrue(root != null, "skipped: ../shared (reference data) is absent; it is present in CI");
        Path file = root.resolve("data").resolve(name);
        Assumptions.assumeTrue(Files.exists(file), "skipped: " + file + " is absent");
        return file;
    }

    private static Path locate() {
        String configured = System.getProperty("st4j.shared");
        if (configured != null && Files.isDirectory(Paths.get(configured, "data"))) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared");
            if (Files.isDirectory(candidate.resolve("data"))) {
                return candidate;
            }
        }
        return null;
    }
}
