package io.st4j.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubDatasetsTest {

    private static final String ALL_NLI_CARD = """
            ---
            language:
            - en
            size_categories:
            - 1M<n<10M
            configs:
            - config_name: pair
              data_files:
              - split: train
                path: pair/train-*
              - split: dev
                path: pair/dev-*
            - config_name: pair-class
              data_files:
              - split: train
                path: pair-class/train-*
              - split: dev
                path: pair-class/dev-*
              - split: test
                path: pair-class/test-*
            ---
            # Dataset Card for AllNLI
            """;

    @TempDir
    Path cache;

    private FakeHub hub;
    private HubDatasets datasets;

    @BeforeEach
    void setUp() throws IOException {
        hub = new FakeHub();
        datasets = new HubDatasets(new HubClient(hub.config(cache).build()));
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    @Test
    void configAndSplitFromTheDatasetCard() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("README.md", ALL_NLI_CARD.getBytes(StandardCharsets.UTF_8));
        files.put("pair/train-00000-of-00001.parquet", bytes("pair train"));
        files.put("pair/dev-00000-of-00001.parquet", bytes("pair dev"));
        files.put("pair-class/train-00000-of-00002.parquet", bytes("pair-class train 0"));
        files.put("pair-class/train-00001-of-00002.parquet", bytes("pair-class train 1"));
        files.put("pair-class/dev-00000-of-00001.parquet", bytes("pair-class dev"));
        files.put("pair-class/test-00000-of-00001.parquet", bytes("pair-class test"));
        String sha = hub.commit(RepoType.DATASET, "sentence-transformers/all-nli", "main", files);

        DatasetFiles train = datasets.dataFiles("sentence-transformers/all-nli", "pair-class", "train[:10000]", null);

        assertEquals("pair-class", train.config());
        assertEquals(DataFileFormat.PARQUET, train.format());
        assertEquals(sha, train.commit());
        assertEquals(List.of("pair-class/train-00000-of-00002.parquet", "pair-class/train-00001-of-00002.parquet"),
                train.files().stream().map(p -> cache.resolve("datasets--sentence-transformers--all-nli/snapshots")
                        .resolve(sha).relativize(p).toString()).toList());
        assertArrayEquals(bytes("pair-class train 1"), Files.readAllBytes(train.files().get(1)));
        assertEquals("train", train.split().name());
        assertArrayEquals(new long[] {0, 10000}, train.split().rowRange(942069));
        assertEquals(List.of("pair", "pair-class"), datasets.configNames("sentence-transformers/all-nli", null));

        IllegalArgumentException noConfig = assertThrows(IllegalArgumentException.class,
                () -> datasets.dataFiles("sentence-transformers/all-nli", null, "train", null));
        assertTrue(noConfig.getMessage().contains("[pair, pair-class]"), noConfig.getMessage());
        IllegalArgumentException badSplit = assertThrows(IllegalArgumentException.class,
                () -> datasets.dataFiles("sentence-transformers/all-nli", "pair", "test", null));
        assertTrue(badSplit.getMessage().contains("[train, dev]"), badSplit.getMessage());
        IllegalArgumentException badConfig = assertThrows(IllegalArgumentException.class,
                () -> datasets.dataFiles("sentence-transformers/all-nli", "triplet", "train", null));
        assertTrue(badConfig.getMessage().contains("triplet"), badConfig.getMessage());

        HubDatasets offline = new HubDatasets(new HubClient(hub.config(cache).offline(true).build()));
        DatasetFiles cached = offline.dataFiles("sentence-transformers/all-nli", "pair-class", "train", null);
        assertEquals(train.files(), cached.files(), "offline: served from the cache");
    }

    @Test
    void splitsInferredFromFileNamesWithoutConfigs() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("README.md", bytes("# no front matter\n"));
        files.put("train.csv", bytes("sentence1,sentence2,score\na,b,0.5\n"));
        files.put("test.csv", bytes("sentence1,sentence2,score\nc,d,0.1\n"));
        hub.commit(RepoType.DATASET, "org/sts", "main", files);

        DatasetFiles test = datasets.dataFiles("org/sts", null, "test", null);

        assertEquals("default", test.config());
        assertEquals(DataFileFormat.CSV, test.format());
        assertEquals(1, test.files().size());
        assertEquals("test.csv", test.files().get(0).getFileName().toString());
        assertEquals(List.of("default"), datasets.configNames("org/sts", null));
    }

    @Test
    void defaultSplitPatternsAsDatasetsInfersThem() {
        assertEquals(List.of("train", "validation"), List.copyOf(DataFilePatterns.inferSplits(List.of(
                "data/train-00000-of-00002.jsonl", "data/train-00001-of-00002.jsonl",
                "data/validation-00000-of-00001.jsonl", "README.md")).keySet()));
        Map<String, List<String>> byFolder = DataFilePatterns.inferSplits(List.of("data/train/a.csv", "data/dev/b.csv"));
        assertEquals(List.of("train", "validation"), List.copyOf(byFolder.keySet()));
        assertEquals(List.of("data/dev/b.csv"), DataFilePatterns.resolve(List.of("data/train/a.csv", "data/dev/b.csv"),
                byFolder.get("validation")));
        assertEquals(Map.of("train", List.of("**")), DataFilePatterns.inferSplits(List.of("corpus.jsonl", "README.md")));
        assertEquals(List.of("my_train_1.parquet"), DataFilePatterns.resolve(
                List.of("my_train_1.parquet", "constrained.parquet", "test.parquet"),
                DataFilePatterns.inferSplits(List.of("my_train_1.parquet", "test.parquet")).get("train")));
        assertEquals(List.of(), DataFilePatterns.resolve(List.of(".hidden/train.csv", "__pycache__/train.csv"),
                List.of("**")), "hidden and private folders are not data");
    }

    @Test
    void globsHaveFsspecSemantics() {
        List<String> files = List.of("a.csv", "x/a.csv", "x/y/a.csv");
        assertEquals(List.of("a.csv"), DataFilePatterns.resolve(files, List.of("*.csv")));
        assertEquals(files, DataFilePatterns.resolve(files, List.of("**.csv")));
        assertEquals(files, DataFilePatterns.resolve(files, List.of("**/a.csv")));
        assertEquals(List.of("x/a.csv", "x/y/a.csv"), DataFilePatterns.resolve(files, List.of("x/**")));
        assertEquals(List.of("x/a.csv"), DataFilePatterns.resolve(files, List.of("x/*")));
    }

    @Test
    void splitExpressions() {
        assertArrayEquals(new long[] {0, 100}, SplitSpec.parse("train").rowRange(100));
        assertArrayEquals(new long[] {10, 20}, SplitSpec.parse("test[10:20]").rowRange(100));
        assertArrayEquals(new long[] {0, 50}, SplitSpec.parse("train[:10000]").rowRange(50));
        assertArrayEquals(new long[] {90, 100}, SplitSpec.parse("train[-10:]").rowRange(100));
        assertArrayEquals(new long[] {0, 90}, SplitSpec.parse("train[:-10]").rowRange(100));
        assertArrayEquals(new long[] {0, 2}, SplitSpec.parse("train[:10%]").rowRange(25), "2.5 rounds half to even");
        assertArrayEquals(new long[] {4, 7}, SplitSpec.parse("train[10%:20%]").rowRange(37), "3.7 -> 4, 7.4 -> 7");
        assertEquals("train[:10%]", SplitSpec.parse("train[:10%]").toString());
        assertThrows(IllegalArgumentException.class, () -> SplitSpec.parse("train+test"));
        assertThrows(IllegalArgumentException.class, () -> SplitSpec.parse("train[10%:20]"));
        assertThrows(IllegalArgumentException.class, () -> SplitSpec.parse("train[:200%]"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
