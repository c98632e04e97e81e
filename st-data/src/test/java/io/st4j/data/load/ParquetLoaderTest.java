package io.st4j.data.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.data.ColumnType;
import io.st4j.data.Dataset;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParquetLoaderTest {

    /** The schema pyarrow writes for strings, int64, float64 and a list of float32. */
    private static final MessageType SCHEMA = MessageTypeParser.parseMessageType("message schema {"
            + " optional binary anchor (STRING); optional binary positive (STRING);"
            + " optional double score; optional int64 label;"
            + " optional group emb (LIST) { repeated group list { optional float element; } } }");

    @TempDir
    Path dir;

    private Path write(String name, CompressionCodecName codec, int rows, BiConsumer<Integer, Group> fill)
            throws IOException {
        return write(name, codec, ParquetProperties.WriterVersion.PARQUET_1_0, rows, fill);
    }

    private Path write(String name, CompressionCodecName codec, ParquetProperties.WriterVersion version, int rows,
                       BiConsumer<Integer, Group> fill) throws IOException {
        Path file = dir.resolve(name);
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withType(SCHEMA).withConf(new PlainParquetConfiguration()).withCompressionCodec(codec).withWriterVersion(version)
                .withRowGroupSize(64 * 1024L).withPageSize(4 * 1024).build()) {
            for (int i = 0; i < rows; i++) {
                Group group = groups.newGroup();
                fill.accept(i, group);
                writer.write(group);
            }
        }
        return file;
    }

    private static void fullRow(int i, Group group) {
        group.append("anchor", "anchor " + i + " é").append("positive", "positive " + i)
                .append("score", i * 0.25).append("label", (long) i % 3);
        Group emb = group.addGroup("emb");
        for (int k = 0; k < i % 3; k++) {
            emb.addGroup("list").append("element", i + k / 2f);
        }
    }

    @ParameterizedTest
    @EnumSource(value = CompressionCodecName.class, names = {"SNAPPY", "ZSTD", "UNCOMPRESSED", "GZIP"})
    void readsEveryColumnTypeWithEachCodec(CompressionCodecName codec) throws IOException {
        Path file = write("data-" + codec + ".parquet", codec, 5, ParquetLoaderTest::fullRow);
        Dataset dataset = DataFiles.parquet(file);
        assertEquals(List.of("anchor", "positive", "score", "label", "emb"), dataset.columnNames());
        assertEquals(5, dataset.numRows());
        assertEquals(ColumnType.TEXT, dataset.column("anchor").type());
        assertEquals(ColumnType.FLOAT, dataset.column("score").type());
        assertEquals(ColumnType.INTEGER, dataset.column("label").type());
        assertEquals(ColumnType.FLOAT_VECTOR, dataset.column("emb").type());
        assertEquals("anchor 3 é", dataset.row(3).text("anchor"));
        assertEquals("positive 4", dataset.row(4).text("positive"));
        assertEquals(0.75, dataset.row(3).real("score"));
        assertEquals(2L, dataset.row(2).integer("label"));
        assertArrayEquals(new float[0], dataset.row(0).vector("emb"), "empty list");
        assertArrayEquals(new float[] {1f}, dataset.row(1).vector("emb"));
        assertArrayEquals(new float[] {2f, 2.5f}, dataset.row(2).vector("emb"));
        assertArrayEquals(new float[] {4f}, dataset.row(4).vector("emb"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pyarrow-snappy.parquet", "pyarrow-zstd.parquet"})
    void readsFilesWrittenByPyarrow(String name) throws URISyntaxException {
        Path file = Path.of(ParquetLoaderTest.class.getResource("/parquet/" + name).toURI());
        Dataset dataset = DataFiles.parquet(file);
        assertEquals(List.of("anchor", "positive", "score", "label", "small", "flag", "emb", "fixed"),
                dataset.columnNames());
        assertEquals(5, dataset.numRows());
        assertEquals(List.of("What is st4j?", "Ein Satz mit Umlauten: äöü", "日本語", "", "quote \" and\ttab"),
                IntStream.range(0, 5).mapToObj(i -> dataset.row(i).text("anchor")).toList());
        assertEquals("はい", dataset.row(2).text("positive"));
        assertEquals(List.of(0.5, 1.0, 0.0, 4.909, -1.25),
                IntStream.range(0, 5).mapToObj(i -> dataset.row(i).real("score")).toList());
        assertEquals(List.of(1L, 0L, 2L, 1L, 0L),
                IntStream.range(0, 5).mapToObj(i -> dataset.row(i).integer("label")).toList());
        assertEquals(5L, dataset.row(4).integer("small"));
        assertEquals(List.of(1L, 0L, 1L, 1L, 0L),
                IntStream.range(0, 5).mapToObj(i -> dataset.row(i).integer("flag")).toList());
        assertArrayEquals(new float[] {0.5f, 1.5f}, dataset.row(0).vector("emb"));
        assertArrayEquals(new float[0], dataset.row(1).vector("emb"));
        assertArrayEquals(new float[] {1f, 2f, 3f}, dataset.row(3).vector("emb"));
        assertArrayEquals(new float[] {9f, 10f}, dataset.row(4).vector("fixed"));
    }

    @Test
    void readsManyRowGroupsAndSeveralFiles() throws IOException {
        Path first = write("big.parquet", CompressionCodecName.ZSTD, 5000, ParquetLoaderTest::fullRow);
        Path second = write("small.parquet", CompressionCodecName.SNAPPY, 3, ParquetLoaderTest::fullRow);
        Dataset dataset = DataFiles.parquet(first, second);
        assertEquals(5003, dataset.numRows());
        for (int i : new int[] {0, 1234, 4999}) {
            assertEquals("anchor " + i + " é", dataset.row(i).text("anchor"));
            assertEquals(i * 0.25, dataset.row(i).real("score"));
            assertEquals(i % 3, dataset.row(i).vector("emb").length);
        }
        assertEquals("positive 2", dataset.row(5002).text("positive"));
    }

    @Test
    void readsVersion2DataPages() throws IOException {
        Path file = write("v2.parquet", CompressionCodecName.ZSTD, ParquetProperties.WriterVersion.PARQUET_2_0, 3000,
                ParquetLoaderTest::fullRow);
        Dataset dataset = DataFiles.parquet(file);
        assertEquals(3000, dataset.numRows());
        assertEquals("anchor 2999 é", dataset.row(2999).text("anchor"));
        assertArrayEquals(new float[] {2999f, 2999.5f}, dataset.row(2999).vector("emb"));
        assertEquals(2L, dataset.row(2999).integer("label"));
    }

    @Test
    void columnTypesCanBeSet() throws IOException {
        Path file = write("t.parquet", CompressionCodecName.SNAPPY, 2, ParquetLoaderTest::fullRow);
        Dataset dataset = ParquetLoader.builder().columnType("label", ColumnType.FLOAT).build().load(file);
        assertEquals(ColumnType.FLOAT, dataset.column("label").type());
        assertEquals(1.0, dataset.row(1).real("label"));
    }

    @Test
    void nullValuesAreRejectedNamingColumnAndRow() throws IOException {
        Path withNull = write("null.parquet", CompressionCodecName.SNAPPY, 3, (i, group) -> {
            group.append("anchor", "a" + i);
            if (i != 1) {
                group.append("positive", "p");
            }
            group.append("score", 1.0).append("label", 1L).addGroup("emb");
        });
        DatasetLoadException e = assertThrows(DatasetLoadException.class, () -> DataFiles.parquet(withNull));
        assertEquals(withNull + ": column 'positive' row 1 is null; fill or filter nulls before loading",
                e.getMessage());
    }

    @Test
    void truncatedFileIsRejectedNamingTheFile() throws IOException {
        Path file = write("whole.parquet", CompressionCodecName.ZSTD, 200, ParquetLoaderTest::fullRow);
        byte[] bytes = Files.readAllBytes(file);
        Path truncated = Files.write(dir.resolve("truncated.parquet"), Arrays.copyOf(bytes, bytes.length / 2));
        DatasetLoadException e = assertThrows(DatasetLoadException.class, () -> DataFiles.parquet(truncated));
        assertTrue(e.getMessage().startsWith(truncated + ": not a readable Parquet file (" + truncated
                + " is not a Parquet file"), e.getMessage());
        assertTrue(e.getMessage().endsWith("it may be truncated or corrupt"), e.getMessage());
        Path empty = Files.write(dir.resolve("empty.parquet"), new byte[0]);
        e = assertThrows(DatasetLoadException.class, () -> DataFiles.parquet(empty));
        assertTrue(e.getMessage().startsWith(empty + ": not a readable Parquet file"), e.getMessage());
    }
}
