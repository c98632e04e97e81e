package io.st4j.data.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.data.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFilesTest {

    @TempDir
    Path dir;

    @Test
    void choosesTheLoaderByExtension() throws IOException {
        Path tsv = Files.writeString(dir.resolve("a.tsv"), "q\tp\n\"x\"\ty\n");
        Path csv = Files.writeString(dir.resolve("a.CSV"), "q,p\n\"x\",y\n");
        Path jsonl = Files.writeString(dir.resolve("a.jsonl"), "{\"q\": \"x\", \"p\": \"y\"}\n");
        assertEquals("\"x\"", DataFiles.load(tsv).row(0).text("q"), "TSV keeps quotes");
        assertEquals("x", DataFiles.load(csv).row(0).text("q"), "CSV unquotes");
        Dataset lines = DataFiles.load(jsonl, jsonl);
        assertEquals(2, lines.numRows());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataFiles.load(tsv, csv));
        assertTrue(e.getMessage().startsWith("all files must have one format"), e.getMessage());
        Path txt = Files.writeString(dir.resolve("a.txt"), "q\n");
        e = assertThrows(IllegalArgumentException.class, () -> DataFiles.load(txt));
        assertTrue(e.getMessage().contains("unknown data file extension 'txt'"), e.getMessage());
    }
}
