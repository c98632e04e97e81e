package io.st4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.apache.spark.sql.functions.input_file_name;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.st4j.core.EncodeOptions;
import io.st4j.core.Precision;
import io.st4j.core.SentenceTransformer;
import io.st4j.core.testing.TinyBert;
import io.st4j.core.util.Quantization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SparkEncodeJobTest {

    private static final int ROWS = 300;

    @TempDir
    static Path temp;

    private static Path folder;
    private static SentenceTransformer local;
    private static List<String> texts;

    @BeforeAll
    static void model() throws Exception {
        LocalCluster.session(); // the job's getOrCreate() then joins the test cluster
        folder = TinyBert.folder(temp.resolve("tiny-bert"));
        local = SentenceTransformer.load(folder);
        Random random = new Random(5);
        texts = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            texts.add(TinyBert.randomText(random, 1 + random.nextInt(40)));
        }
    }

    /** Runs the job's command line as {@code spark-submit} would, on the test cluster's session. */
    private static void run(String... args) {
        assertEquals(0, new CommandLine(new SparkEncodeJob()).execute(args), "exit status");
    }

    /** Rows of the Parquet folder in file order: part files by name, rows of each file in order. */
    private static List<Row> readInOrder(Path parquet) {
        List<Row> rows = LocalCluster.session().read().parquet(parquet.toString())
                .withColumn("file", input_file_name()).collectAsList();
        Map<String, List<Row>> byFile = new LinkedHashMap<>();
        for (Row row : rows) {
            byFile.computeIfAbsent(row.getString(row.fieldIndex("file")), f -> new ArrayList<>()).add(row);
        }
        return byFile.keySet().stream().sorted().flatMap(f -> byFile.get(f).stream()).toList();
    }

    private static float[] floats(Row row, String column) {
        List<Float> values = row.getList(row.fieldIndex(column));
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /** Equal within 1e-6 x max(1, largest |value| of the row), as in {@link SparkEncoderTest}. */
    private static void assertEmbeddingsEqual(float[][] expected, List<Row> rows, String column) {
        assertEquals(expected.length, rows.size());
        for (int i = 0; i < expected.length; i++) {
            float[] actual = floats(rows.get(i), column);
            assertEquals(expected[i].length, actual.length, "dimensions of row " + i);
            double scale = 1;
            for (float v : expected[i]) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int k = 0; k < actual.length; k++) {
                assertEquals(expected[i][k], actual[k], 1e-6 * scale, "row " + i + " dimension " + k);
            }
        }
    }

    private static Path jsonLines(String name, List<String> values) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", i);
            row.put("text", values.get(i));
            lines.add(json.writeValueAsString(row));
        }
        return Files.write(temp.resolve(name), lines);
    }

    @Test
    void jsonLinesWithShippedModelAndOptionsEqualLocalEncodeInOrder() throws IOException {
        Path input = jsonLines("texts.jsonl", texts);
        Path output = temp.resolve("json-out");
        run("--input", input.toString(), "--output", output.toString(), "--model", folder.toString(), "--ship",
                "--batch-size", "7", "--normalize", "--truncate-dim", "16", "--prompt", "query : ",
                "--read-option", "multiLine=false");

        List<Row> rows = readInOrder(output);
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(i, rows.get(i).getLong(rows.get(i).fieldIndex("id")), "row order");
            assertEquals(texts.get(i), rows.get(i).getString(rows.get(i).fieldIndex("text")));
        }
        EncodeOptions options = EncodeOptions.builder().batchSize(7).normalizeEmbeddings(true).truncateDim(16)
                .prompt("query : ").build();
        assertEmbeddingsEqual(local.encode(texts, options), rows, "embedding");
        try (Stream<Path> siblings = Files.list(temp)) {
            assertTrue(siblings.noneMatch(p -> p.getFileName().toString().contains(".st4j-")), "no staging folder left");
        }
    }

    @Test
    void csvWithSharedModelEqualsLocalEncode() throws IOException {
        List<String> lines = new ArrayList<>(List.of("title,body"));
        for (int i = 0; i < texts.size(); i++) {
            lines.add("t" + i + "," + texts.get(i));
        }
        Path input = Files.write(temp.resolve("texts.csv"), lines);
        Path output = temp.resolve("csv-out");
        run("--input", input.toString(), "--text-column", "body", "--output", output.toString(),
                "--output-column", "vector", "--model", folder.toString());

        List<Row> rows = readInOrder(output);
        for (int i = 0; i < rows.size(); i++) {
            assertEquals("t" + i, rows.get(i).getString(0), "row order");
        }
        assertEmbeddingsEqual(local.encode(texts, EncodeOptions.DEFAULTS), rows, "vector");
    }

    @Test
    void parquetToInt8QuantizesTheFloatOutputWithRangesOfAllRows() {
        Path input = temp.resolve("texts.parquet");
        List<Row> inputRows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            inputRows.add(RowFactory.create((long) i, texts.get(i)));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType, false).add("text", DataTypes.StringType);
        LocalCluster.session().createDataFrame(LocalCluster.context().parallelize(inputRows, 3), schema)
                .write().parquet(input.toString());
        Path floatOut = temp.resolve("float-out");
        Path int8Out = temp.resolve("int8-out");
        run("--input", input.toString(), "--output", floatOut.toString(), "--model", folder.toString());
        run("--input", input.toString(), "--output", int8Out.toString(), "--model", folder.toString(),
                "--precision", "int8");

        List<Row> floatRows = readInOrder(floatOut);
        float[][] floatEmbeddings = new float[floatRows.size()][];
        for (int i = 0; i < floatEmbeddings.length; i++) {
            floatEmbeddings[i] = floats(floatRows.get(i), "embedding");
        }
        float[][] expected = Quantization.quantizeEmbeddings(floatEmbeddings, Precision.INT8).toFloats();
        List<Row> int8Rows = readInOrder(int8Out);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], floats(int8Rows.get(i), "embedding"), "row " + i);
        }
    }

    @Test
    void aFailedEncodeLeavesNoOutput() throws IOException {
        List<String> withNull = new ArrayList<>(texts.subList(0, 20));
        withNull.set(13, null);
        Path input = jsonLines("with-null.jsonl", withNull);
        Path output = temp.resolve("failed-out");
        SparkEncodeJob job = new SparkEncodeJob();
        new CommandLine(job).parseArgs("--input", input.toString(), "--output", output.toString(),
                "--model", folder.toString());
        Exception e = assertThrows(Exception.class, job::call);
        assertTrue(e.getMessage().contains("null text"), e.getMessage());
        assertFalse(Files.exists(output));
        try (Stream<Path> siblings = Files.list(temp)) {
            assertTrue(siblings.noneMatch(p -> p.getFileName().toString().startsWith(".failed-out")),
                    "staging folder removed");
        }
    }

    @Test
    void badArgumentsAreNamed() throws IOException {
        Path input = jsonLines("few.jsonl", texts.subList(0, 3));
        Path existing = Files.createDirectories(temp.resolve("existing"));
        assertTrue(message("--input", input.toString(), "--text-column", "body", "--output",
                temp.resolve("x").toString(), "--model", folder.toString()).contains("no column 'body'"));
        assertTrue(message("--input", input.toString(), "--output", existing.toString(), "--model",
                folder.toString()).contains("exists; pass --overwrite"));
        assertTrue(message("--input", input.toString(), "--input-format", "avro", "--output",
                temp.resolve("y").toString(), "--model", folder.toString()).contains("unknown input format 'avro'"));
        assertTrue(message("--input", input.toString(), "--output", temp.resolve("z").toString(), "--model",
                folder.toString(), "--precision", "int4").contains("unknown precision 'int4'"));
    }

    private static String message(String... args) {
        SparkEncodeJob job = new SparkEncodeJob();
        new CommandLine(job).parseArgs(args);
        return assertThrows(IllegalArgumentException.class, job::call).getMessage();
    }
}
