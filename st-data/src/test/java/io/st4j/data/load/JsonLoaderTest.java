package io.st4j.data.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.data.ColumnType;
import io.st4j.data.Dataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLoaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void readsAnArrayOfObjects() throws IOException {
        Path file = write("a.json", "[{\"query\": \"q1\", \"doc\": \"d1\", \"label\": 1, \"emb\": [0.5, 1]},\n"
                + " {\"doc\": \"d2\", \"query\": \"q2 \\u00e9\", \"label\": 0, \"emb\": [2, 3.25]}]");
        Dataset dataset = DataFiles.json(file);
        assertEquals(List.of("query", "doc", "label", "emb"), dataset.columnNames());
        assertEquals("q2 é", dataset.row(1).text("query"));
        assertEquals(ColumnType.INTEGER, dataset.column("label").type());
        assertArrayEquals(new float[] {2f, 3.25f}, dataset.row(1).vector("emb"));
    }

    @Test
    void readsJsonLinesFromSeveralFilesWithOverrides() throws IOException {
        Path first = write("a.jsonl", "{\"text\": \"a\", \"score\": 1}\n{\"text\": \"b\", \"score\": 2}\n");
        Path second = write("b.jsonl", "{\"text\": \"c\", \"score\": 0.5}\n");
        Dataset dataset = DataFiles.jsonl(first, second);
        assertEquals(3, dataset.numRows());
        assertEquals(ColumnType.FLOAT, dataset.column("score").type(), "integers and floats together are floats");
        assertEquals(0.5, dataset.row(2).real("score"));
        Dataset text = JsonLoader.jsonl().columnType("score", ColumnType.TEXT).build().load(first);
        assertEquals("2", text.row(1).text("score"));
    }

    @Test
    void rejectsObjectsWithOtherKeysNamingTheLine() throws IOException {
        Path file = write("k.jsonl", "{\"a\": \"x\", \"b\": \"y\"}\n{\"a\": \"x\"}\n");
        DatasetLoadException e = assertThrows(DatasetLoadException.class, () -> DataFiles.jsonl(file));
        assertEquals(file + ": line 2: the object has keys [a] but the first object has [a, b]", e.getMessage());
    }

    @Test
    void rejectsAColumnMixingTextAndNumbersNamingTheLine() throws IOException {
        Path file = write("m.jsonl", "{\"a\": \"x\"}\n{\"a\": \"y\"}\n{\"a\": 1}\n");
        DatasetLoadException e = assertThrows(DatasetLoadException.class, () -> DataFiles.jsonl(file));
        assertEquals(file + ": line 3: column 'a' holds TEXT values but here INTEGER 1", e.getMessage());
    }

    @Test
    void rejectsNullsEmptyFilesAndTruncatedJson() throws IOException {
        Path nulls = write("n.jsonl", "{\"a\": null}\n");
        DatasetLoadException e = assertThrows(DatasetLoadException.class, () -> DataFiles.jsonl(nulls));
        assertTrue(e.getMessage().contains("line 1: column 'a' holds null"), e.getMessage());
        Path empty = write("e.json", "");
        e = assertThrows(DatasetLoadException.class, () -> DataFiles.json(empty));
        assertEquals(empty + ": the file is empty; expected a JSON array of objects", e.getMessage());
        Path truncated = write("t.json", "[{\"a\": \"x\"}, {\"a\": \"y");
        e = assertThrows(DatasetLoadException.class, () -> DataFiles.json(truncated));
        assertTrue(e.getMessage().startsWith(truncated + ": "), e.getMessage());
    }

    @Test
    void rejectsInvalidUtf8() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.write(file, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '(', '"', '}', '\n'});
        DatasetLoadException e = assertThrows(DatasetLoadException.class, () -> DataFiles.jsonl(file));
        assertEquals(file + ": line 1 (byte offset 6) is not valid UTF-8; save the file as UTF-8", e.getMessage());
    }
}
