package io.st4j.core.train;

import io.st4j.core.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/** Appends every log entry (training and evaluation) as one JSON object per line to a file. */
public final class JsonLinesMetricsCallback implements TrainerCallback {

    private final Path file;

    /** Writes to {@code file} (e.g. {@code outputDir/metrics.jsonl}), appending. */
    public JsonLinesMetricsCallback(Path file) {
        this.file = file;
    }

    @Override
    public void onLog(TrainerState state, Map<String, Object> logs) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, Json.dumps(logs) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append metrics to " + file, e);
        }
    }
}
