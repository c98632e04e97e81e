package io.st4j.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.data.Dataset;
import io.st4j.data.load.DatasetLoadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hub datasets by id read into st-data {@link Dataset}s, from Parquet and CSV files served by the fake Hub. */
class HubDatasetLoadTest {

    /** The schema pyarrow writes for a pair-class subset: two strings and an int64 label. */
    private static final MessageType PAIR_CLASS = MessageTypeParser.parseMessageType("message schema {"
            + " optional binary premise (STRING); optional binary hypothesis (STRING); optional int64 label; }");

    private static final String CARD = """
            ---
            configs:
            - config_name: pair-class
              data_files:
              - split: train
                path: pair-class/train-*
              - split: test
                path: pair-class/test-*
            ---
            """;

    @TempDir
    Path work;

    private FakeHub hub;
    private HubDatasets datasets;

    @BeforeEach
    void setUp() throws IOException {
        hub = new FakeHub();
        datasets = new HubDatasets(new HubClient(hub.config(work.resolve("cache")).build()));
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    @Test
    void parquetSplitAcrossFilesSlicedByTheSplitExpression() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("README.md", CARD.getBytes(StandardCharsets.UTF_8));
        files.put("pair-class/train-00000-of-00002.parquet", parquet(0, 6));
        files.put("pair-class/train-00001-of-00002.parquet", parquet(6, 16));
        files.put("pair-class/test-00000-of-00001.parquet", parquet(100, 103));
        hub.commit(RepoType.DATASET, "sentence-transformers/all-nli", "main", files);

        Dataset first10 = datasets.load("sentence-transformers/all-nli", "pair-class", "train[:10]");

        assertEquals(List.of("premise", "hypothesis", "label"), first10.columnNames());
        assertEquals(IntStream.range(0, 10).mapToObj(i -> "premise " + i).toList(), texts(first10, "premise"),
                "the first 10 rows run across both files, in file order");
        assertEquals(IntStream.range(0, 10).mapToObj(i -> (long) i % 3).toList(),
                IntStream.range(0, 10).mapToObj(i -> first10.row(i).integer("label")).toList());
        assertEquals(16, datasets.load("sentence-transformers/all-nli", "pair-class", "train").numRows());
        assertEquals(List.of("premise 12", "premise 13", "premise 14", "premise 15"),
                texts(datasets.load("sentence-transformers/all-nli", "pair-class", "train[-4:]"), "premise"));
        assertEquals(List.of("premise 6", "premise 7"),
                texts(datasets.load("sentence-transformers/all-nli", "pair-class", "train[6:8]"), "premise"));
        assertEquals(List.of("premise 100", "premise 101", "premise 102"),
                texts(datasets.load("sentence-transformers/all-nli", "pair-class", "test[:1000]"), "premise"));
    }

    @Test
    void csvSplitsInferredFromFileNamesWithPercentSlices() throws IOException {
        StringBuilder train = new StringBuilder("sentence1,sentence2,score\n");
        for (int i = 0; i < 20; i++) {
            train.append("\"a, ").append(i).append("\",b ").append(i).append(',').append(i / 20.0).append('\n');
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("train.csv", train.toString().getBytes(StandardCharsets.UTF_8));
        files.put("test.csv", "sentence1,sentence2,score\nc,d,0.5\n".getBytes(StandardCharsets.UTF_8));
        hub.commit(RepoType.DATASET, "org/sts", "main", files);

        Dataset tail = datasets.load("org/sts", null, "train[90%:]");

        assertEquals(List.of("sentence1", "sentence2", "score"), tail.columnNames());
        assertEquals(List.of("a, 18", "a, 19"), texts(tail, "sentence1"));
        assertEquals(0.95, tail.row(1).real("score"), 0.0);
        Dataset test = datasets.load("org/sts", "default", "test");
        assertEquals(1, test.numRows());
        assertEquals("d", test.row(0).text("sentence2"));
    }

    @Test
    void aBrokenDataFileNamesTheFile() throws IOException {
        hub.commit(RepoType.DATASET, "org/broken", "main",
                Map.of("train.parquet", "not a parquet file at all".getBytes(StandardCharsets.UTF_8)));
        DatasetLoadException broken = assertThrows(DatasetLoadException.class,
                () -> datasets.load("org/broken", null, "train[:10]"));
        assertTrue(broken.getMessage().contains("train.parquet"), broken.getMessage());
    }

    /** A Parquet file of rows {@code from} to {@code to}, written as the st-data tests write them. */
    private byte[] parquet(int from, int to) throws IOException {
        Path file = work.resolve("rows-" + from + ".parquet");
        SimpleGroupFactory groups = new SimpleGroupFactory(PAIR_CLASS);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(PAIR_CLASS)
                .withConf(new PlainParquetConfiguration()).build()) {
            for (int i = from; i < to; i++) {
                writer.write(groups.newGroup().append("premise", "premise " + i).append("hypothesis", "hypothesis " + i)
                        .append("label", (long) i % 3));
            }
        }
        return Files.readAllBytes(file);
    }

    private static List<String> texts(Dataset dataset, String column) {
        return IntStream.range(0, dataset.numRows()).mapToObj(i -> dataset.row(i).text(column)).toList();
    }
}
