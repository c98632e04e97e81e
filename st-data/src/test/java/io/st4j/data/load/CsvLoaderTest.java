package io.st4j.data.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.data.ColumnType;
import io.st4j.data.Dataset;
import io.st4j.data.testing.SharedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLoaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void readsQuotedCsvAndInfersTypes() throws IOException {
        Path file = write("a.csv", "sentence1,sentence2,score,id\n"
                + "\"A man, quoted\",\"He said \"\"hi\"\"\",2.5,1\n"
                + "plain,\"multi\nline\",4,2\n");
        Dataset dataset = DataFiles.csv(file);
        assertEquals(List.of("sentence1", "sentence2", "score", "id"), dataset.columnNames());
        assertEquals(2, dataset.numRows());
        assertEquals("A man, quoted", dataset.row(0).text("sentence1"));
        assertEquals("He said \"hi\"", dataset.row(0).text("sentence2"));
        assertEquals("multi\nline", dataset.row(1).text("sentence2"));
        assertEquals(ColumnType.FLOAT, dataset.column("score").type());
        assertEquals(4.0, dataset.row(1).real("score"));
        assertEquals(ColumnType.INTEGER, dataset.column("id").type());
        assertEquals(2L, dataset.row(1).integer("id"));
    }

    @Test
    void readsTsvWithoutQuotingKeepingQuotesAsText() throws IOException {
        Path file = write("a.tsv", "premise\thypothesis\tlabel\n"
                + "\"Quoted\" start\tA \"b\" c\"\tneutral\n"
                + "x\ty\tentailment\n");
        Dataset dataset = DataFiles.tsv(file);
        assertEquals("\"Quoted\" start", dataset.row(0).text("premise"));
        assertEquals("A \"b\" c\"", dataset.row(0).text("hypothesis"));
        assertEquals(ColumnType.TEXT, dataset.column("label").type());
    }

    @Test
    void columnTypesCanBeSet() throws IOException {
        Path file = write("ids.csv", "id,score\n007,1\n010,2\n");
        Dataset dataset = CsvLoader.csv().columnType("id", ColumnType.TEXT).columnType("score", ColumnType.FLOAT)
                .build().load(file);
        assertEquals("007", dataset.row(0).text("id"));
        assertEquals(ColumnType.FLOAT, dataset.column("score").type());
        assertEquals(2.0, dataset.row(1).real("score"));
        Dataset inferred = DataFiles.csv(file);
        assertEquals(7L, inferred.row(0).integer("id"));
    }

    @Test
    void readsSeveralFilesAsOne() throws IOException {
        Path first = write("1.csv", "text,score\na,1\n");
        Path second = write("2.csv", "text,score\nb,0.5\n");
        Dataset dataset = DataFiles.csv(first, second);
        assertEquals(2, dataset.numRows());
        assertEquals("b", dataset.row(1).text("text"));
        assertEquals(ColumnType.FLOAT, dataset.column("score").type(), "inferred over all files");
        Path other = write("3.csv", "text,label\nc,1\n");
        DatasetLoadException e = assertThrows(DatasetLoadException.class, () -> DataFiles.csv(first, other));
        assertTrue(e.getMessage().contains("3.csv: header [text, label] differs from [text, score]"), e.getMessage());
    }

    @Test
    void headerOnlyGivesAnEmptyTextDataset() throws IOException {
        Dataset dataset = DataFiles.csv(write("h.csv", "a,b\n"));
        assertEquals(0, dataset.numRows());
        assertEquals(ColumnType.TEXT, dataset.column("b").type());
    }

    @Test
    void tooManyFieldsNamesFileAndLine() throws IOException {
        Path file = write("bad.tsv", "s1\ts2\tscore\na\tb\t1\nc\td\t2\textra\n");
        DatasetLoadException e = assertThrows(DatasetLoadException.class, () -> DataFiles.tsv(file));
        assertEquals(file + ": line 3 has 4 fields but the header has 3 (a delimiter inside a field?)", e.getMessage());
    }

    @Test
    void nonNumericValueInAFloatColumnNamesFileLineColumnAndValue() throws IOException {
        Path file = write("f.csv", "text,score\na,1.5\nb,high\n");
        DatasetLoadException e = assertThrows(DatasetLoadException.class,
                () -> CsvLoader.csv().columnType("score", ColumnType.FLOAT).build().load(file));
        assertEquals(file + ": line 3: column 'score' is FLOAT but holds 'high', which is not a number", e.getMessage());
        Path empty = write("g.csv", "text,score\na,\n");
        e = assertThrows(DatasetLoadException.class,
                () -> CsvLoader.csv().columnType("score", ColumnType.FLOAT).build().load(empty));
        assertEquals(empty + ": line 2: column 'score' is FLOAT but holds '', which is not a number", e.getMessage());
    }

    @Test
    void emptyFileIsRejected() throws IOException {
        Path file = write("empty.csv", "");
        DatasetLoadException e = assertThrows(DatasetLoadException.class, () -> DataFiles.csv(file));
        assertEquals(file + ": the file is empty; expected a header row naming the columns", e.getMessage());
    }

    @Test
    void invalidUtf8IsRejectedNamingTheFile() throws IOException {
        Path file = dir.resolve("latin1.csv");
        byte[] head = "text\nok\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'c', 'a', 'f', (byte) 0xE9, '\n'};
        byte[] all = new byte[head.length + bad.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        Files.write(file, all);
        DatasetLoadException e = assertThrows(DatasetLoadException.class, () -> DataFiles.csv(file));
        assertEquals(file + ": line 3 (byte offset 11) is not valid UTF-8; save the file as UTF-8", e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("absent.csv");
        DatasetLoadException e = assertThrows(DatasetLoadException.class, () -> DataFiles.csv(file));
        assertTrue(e.getMessage().startsWith(file + ": cannot read"), e.getMessage());
    }

    @Test
    void sharedStsbTrainHasTheDocumentedRows() {
        Dataset dataset = DataFiles.tsv(SharedFiles.data("sts/stsb_train.tsv"));
        assertEquals(5749, dataset.numRows());
        assertEquals(List.of("sentence1", "sentence2", "score"), dataset.columnNames());
        assertEquals(ColumnType.FLOAT, dataset.column("score").type());
    }

    @Test
    void sharedSnliDevHasTheDocumentedRows() {
        Dataset dataset = DataFiles.tsv(SharedFiles.data("nli/snli_dev.tsv"));
        assertEquals(9842, dataset.numRows());
        assertEquals(List.of("premise", "hypothesis", "label"), dataset.columnNames());
        long entailment = dataset.filter(row -> row.text("label").equals("entailment")).numRows();
        assertEquals(3329, entailment, "SOURCES.md: dev 3329 entailment");
    }
}
