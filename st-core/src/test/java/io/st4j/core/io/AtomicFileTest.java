package io.st4j.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

    @TempDir
    Path dir;

    @Test
    void createsTheFolderReplacesTheTextAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("new/folder/results.csv");
        AtomicFile.writeString(file, "first\n");
        AtomicFile.writeString(file, "é second\n");
        assertEquals("é second\n", Files.readString(file, StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }
}
