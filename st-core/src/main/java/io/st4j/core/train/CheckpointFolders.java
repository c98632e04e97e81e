package io.st4j.core.train;

import io.st4j.core.io.AtomicFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The {@code checkpoint-N} folders of an output folder: finding, ordering and pruning them. */
final class CheckpointFolders {

    static final String PREFIX = "checkpoint-";
    private static final Pattern NAME = Pattern.compile(PREFIX + "(\\d+)");

    private CheckpointFolders() {
    }

    static Path folder(Path outputDir, long step) {
        return outputDir.resolve(PREFIX + step);
    }

    /** The checkpoints under {@code outputDir}, oldest (lowest step) first. */
    static List<Path> list(Path outputDir) throws IOException {
        if (!Files.isDirectory(outputDir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(outputDir)) {
            return children.filter(p -> Files.isDirectory(p) && NAME.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(CheckpointFolders::step)).toList();
        }
    }

    /** The newest checkpoint, or null. */
    static Path latest(Path outputDir) throws IOException {
        List<Path> all = list(outputDir);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    static long step(Path checkpoint) {
        Matcher m = NAME.matcher(checkpoint.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(checkpoint + " is not a checkpoint-N folder");
        }
        return Long.parseLong(m.group(1));
    }

    /** Deletes the oldest checkpoints beyond {@code limit}, never {@code best}. */
    static void prune(Path outputDir, int limit, Path best) throws IOException {
        List<Path> all = new ArrayList<>(list(outputDir));
        if (best != null) {
            all.removeIf(p -> p.toAbsolutePath().normalize().equals(best.toAbsolutePath().normalize()));
            limit = Math.max(0, limit - 1);
        }
        for (int i = 0; i < all.size() - limit; i++) {
            AtomicFolder.deleteRecursively(all.get(i));
        }
    }
}
