package io.st4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.core.EncodeOptions;
import io.st4j.core.Precision;
import io.st4j.core.SentenceTransformer;
import io.st4j.core.testing.TinyBert;
import io.st4j.core.util.Quantization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkEncoderTest {

    @TempDir
    static Path temp;

    private static Path folder;
    private static SentenceTransformer local;

    @BeforeAll
    static void model() throws Exception {
        folder = TinyBert.folder(temp.resolve("tiny-bert"));
        local = SentenceTransformer.load(folder);
    }

    /** Texts of 1 to 40 words, so that partitions hold texts of very different lengths. */
    private static List<String> texts(int count, long seed) {
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(TinyBert.randomText(random, 1 + random.nextInt(40)));
        }
        return texts;
    }

    /**
     * Equal within {@code tolerance} x max(1, largest |value| of the row). float32 rounding scales with the
     * magnitudes a value is summed from, and this model's embeddings reach ~3: a local encode differs from
     * itself by up to 1.07e-6 when the same texts are batched otherwise (other paddings), and the executors
     * (one OpenMP thread) differ from the driver (two) by up to 9.5e-7 on identical batches (measured here).
     */
    private static void assertRowsEqual(float[][] expected, List<float[]> actual, double tolerance) {
        assertEquals(expected.length, actual.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i].length, actual.get(i).length, "dimensions of row " + i);
            double scale = 1;
            for (float v : expected[i]) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int k = 0; k < expected[i].length; k++) {
                assertEquals(expected[i][k], actual.get(i)[k], tolerance * scale, "row " + i + " dimension " + k);
            }
        }
    }

    private static double maxDifference(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < a[i].length; k++) {
                max = Math.max(max, Math.abs(a[i][k] - b[i][k]));
            }
        }
        return max;
    }

    @Test
    void distributedEncodeOfTenThousandTextsEqualsLocalEncodeInOrder() {
        SparkSession spark = LocalCluster.session();
        List<String> texts = texts(10_000, 1);
        int partitions = 8;
        int chunkSize = 1000;
        SparkEncoder encoder = SparkEncoder.builder(ModelLocation.ship(spark, folder)).chunkSize(chunkSize).build();
        Dataset<Row> frame = spark.createDataFrame(LocalCluster.context().parallelize(rowsOf(texts), partitions),
                schema());
        long start = System.nanoTime();
        List<Row> rows = encoder.encode(frame, "text", "embedding").collectAsList();
        long distributedMillis = (System.nanoTime() - start) / 1_000_000;

        List<float[]> actual = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(i, rows.get(i).getLong(0), "row order");
            assertEquals(texts.get(i), rows.get(i).getString(1));
            actual.add(floats(rows.get(i).getList(2)));
        }
        start = System.nanoTime();
        float[][] whole = local.encode(texts, EncodeOptions.DEFAULTS);
        long localMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("10,000 texts: distributed %d ms, local %d ms; max |difference| %.3g%n", distributedMillis,
                localMillis, maxDifference(whole, actual.toArray(new float[0][])));
        assertRowsEqual(whole, actual, 1e-6);
    }

    @Test
    void rddEncodeKeepsTheTextsOrder() {
        List<String> texts = texts(1_000, 2);
        SparkEncoder encoder = SparkEncoder.builder(ModelLocation.shared(folder.toString())).build();
        List<float[]> actual = encoder.encode(LocalCluster.context().parallelize(texts, 5)).collect();
        assertRowsEqual(local.encode(texts, EncodeOptions.DEFAULTS), actual, 1e-6);
    }

    @Test
    void encodeOptionsPassThrough() {
        List<String> texts = texts(300, 3);
        EncodeOptions options = EncodeOptions.builder().batchSize(7).normalizeEmbeddings(true).truncateDim(16)
                .prompt("query : ").build();
        SparkEncoder encoder = SparkEncoder.builder(ModelLocation.shared(folder.toString())).options(options).build();
        List<float[]> actual = encoder.encode(LocalCluster.context().parallelize(texts, 3)).collect();
        assertEquals(16, actual.get(0).length);
        assertRowsEqual(local.encode(texts, options), actual, 1e-6);
    }

    @Test
    void int8UsesTheGivenRanges() {
        List<String> texts = texts(300, 4);
        ModelLocation model = ModelLocation.shared(folder.toString());
        // Quantization truncates, so compare with the executors' own float embeddings quantized here.
        float[][] floats = SparkEncoder.builder(model).build().encode(LocalCluster.context().parallelize(texts, 3))
                .collect().toArray(new float[0][]);
        float[][] ranges = Quantization.ranges(floats);
        float[][] expected = Quantization.quantizeEmbeddings(floats, Precision.INT8).toFloats();
        SparkEncoder encoder = SparkEncoder.builder(model)
                .options(EncodeOptions.builder().precision(Precision.INT8).build()).quantizationRanges(ranges).build();
        assertRowsEqual(expected, encoder.encode(LocalCluster.context().parallelize(texts, 3)).collect(), 0);
    }

    @Test
    void badInputIsNamed() {
        SparkSession spark = LocalCluster.session();
        SparkEncoder encoder = SparkEncoder.builder(ModelLocation.shared(folder.toString())).build();
        Dataset<Row> frame = spark.createDataFrame(rowsOf(List.of("a b")), schema());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> encoder.encode(frame, "txt", "e"))
                .getMessage().contains("no column 'txt'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> encoder.encode(frame, "id", "e"))
                .getMessage().contains("must hold strings"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> encoder.encode(frame, "text", "id"))
                .getMessage().contains("already exists"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SparkEncoder.builder(
                ModelLocation.shared(folder.toString())).options(EncodeOptions.builder().precision(Precision.UINT8)
                .build()).build()).getMessage().contains("quantizationRanges"));
    }

    private static List<Row> rowsOf(List<String> texts) {
        List<Row> rows = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            rows.add(RowFactory.create((long) i, texts.get(i)));
        }
        return rows;
    }

    private static StructType schema() {
        return new StructType().add("id", DataTypes.LongType, false).add("text", DataTypes.StringType);
    }

    private static float[] floats(List<Object> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Float) values.get(i);
        }
        return out;
    }
}
