package io.st4j.spark;

import io.st4j.core.EncodeOptions;
import io.st4j.core.Precision;
import io.st4j.core.util.Quantization;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code spark-submit} job that embeds a text column: reads Parquet, CSV or JSON Lines with Spark's
 * readers, encodes the column with {@link SparkEncoder} and writes Parquet with every input column plus the
 * embedding ({@code array<float>}), rows in the input's order. The output appears only when complete: it is
 * written beside its destination and renamed into place. For int8/uint8 the float embeddings are kept
 * (memory and disk) while their per-dimension ranges over all rows are computed, as a local encode does.
 */
@Command(name = "spark-encode", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Embed a text column on a Spark cluster and write Parquet with an embedding column.")
public final class SparkEncodeJob implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(SparkEncodeJob.class);

    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "File or folder Spark reads (any Hadoop file system: file:, hdfs:, s3a:, ...).")
    String input;

    @Option(names = "--input-format", paramLabel = "FORMAT",
            description = "parquet, csv or json (JSON Lines); default: from the input's extension, else parquet.")
    String inputFormat;

    @Option(names = "--read-option", paramLabel = "KEY=VALUE",
            description = "An option of Spark's reader, e.g. sep=; (CSV is read with header=true unless given).")
    Map<String, String> readOptions = new LinkedHashMap<>();

    @Option(names = "--text-column", defaultValue = "text", description = "Column to embed (default: ${DEFAULT-VALUE}).")
    String textColumn;

    @Option(names = "--output", required = true, paramLabel = "PATH", description = "Parquet folder to write.")
    String output;

    @Option(names = "--output-column", defaultValue = "embedding",
            description = "Name of the embedding column (default: ${DEFAULT-VALUE}).")
    String outputColumn;

    @Option(names = "--overwrite", description = "Replace the output folder if it exists.")
    boolean overwrite;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "sentence-transformers model folder, at the same path on every executor (shared storage) "
                    + "unless --ship is given.")
    String model;

    @Option(names = "--ship", description = "Zip the driver's local --model folder and ship it with the job.")
    boolean ship;

    @Option(names = "--batch-size", defaultValue = "32", description = "Texts per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--normalize", description = "L2-normalize the embeddings.")
    boolean normalize;

    @Option(names = "--precision", defaultValue = "float32",
            description = "float32, int8, uint8, binary or ubinary (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--truncate-dim", description = "Keep only the first N dimensions.")
    Integer truncateDim;

    @Option(names = "--prompt", description = "Text prepended to every input.")
    String prompt;

    @Option(names = "--prompt-name", description = "Name of a prompt from the model's configuration.")
    String promptName;

    @Option(names = "--chunk-size", defaultValue = "8192",
            description = "Rows of a partition sorted by length into batches together (default: ${DEFAULT-VALUE}).")
    int chunkSize;

    /** Runs the job in a new (or the submitted) Spark session and exits with the job's status. */
    public static void main(String[] args) {
        int status = new CommandLine(new SparkEncodeJob()).execute(args);
        if (SparkSession.getDefaultSession().isDefined()) {
            SparkSession.getDefaultSession().get().stop();
        }
        System.exit(status);
    }

    @Override
    public Integer call() throws IOException {
        Precision target = Precision.fromName(precision);
        EncodeOptions options = EncodeOptions.builder().batchSize(batchSize).normalizeEmbeddings(normalize)
                .precision(target).truncateDim(truncateDim).prompt(prompt).promptName(promptName).build();
        SparkSession spark = SparkSession.builder().appName("st4j spark-encode").getOrCreate();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        org.apache.hadoop.fs.Path destination = new org.apache.hadoop.fs.Path(output);
        FileSystem fs = destination.getFileSystem(hadoop);
        if (fs.exists(destination) && !overwrite) {
            throw new IllegalArgumentException("output " + output + " exists; pass --overwrite to replace it");
        }
        ModelLocation location = ship ? ModelLocation.ship(spark, Path.of(model)) : ModelLocation.shared(model);
        Dataset<Row> data = read(spark);
        if (!Arrays.asList(data.columns()).contains(textColumn)) {
            throw new IllegalArgumentException("no column '" + textColumn + "' in " + input + " (columns: "
                    + String.join(", ", data.columns()) + ")");
        }
        boolean scalar = target == Precision.INT8 || target == Precision.UINT8;
        SparkEncoder encoder = SparkEncoder.builder(location)
                .options(scalar ? options.toBuilder().precision(Precision.FLOAT32).build() : options)
                .chunkSize(chunkSize).build();
        Dataset<Row> encoded = encoder.encode(data, textColumn, outputColumn);
        if (!scalar) {
            write(encoded, fs, destination);
        } else {
            Dataset<Row> floats = encoded.persist(StorageLevel.MEMORY_AND_DISK());
            try {
                write(quantize(floats, target, ranges(floats)), fs, destination);
            } finally {
                floats.unpersist();
            }
        }
        LOG.info("Wrote {} with the embedding column '{}' ({})", output, outputColumn, location);
        return 0;
    }

    private Dataset<Row> read(SparkSession spark) {
        String format = inputFormat != null ? inputFormat.toLowerCase(Locale.ROOT) : formatOf(input);
        if (!List.of("parquet", "csv", "json").contains(format)) {
            throw new IllegalArgumentException("unknown input format '" + format + "'; expected parquet, csv or json");
        }
        Map<String, String> reader = new LinkedHashMap<>();
        if (format.equals("csv")) {
            reader.put("header", "true");
        }
        reader.putAll(readOptions);
        return spark.read().format(format).options(reader).load(input);
    }

    private static String formatOf(String path) {
        String name = path.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        if (name.endsWith(".csv")) {
            return "csv";
        }
        if (name.endsWith(".json") || name.endsWith(".jsonl")) {
            return "json";
        }
        return "parquet";
    }

    /** Per-dimension {@code [min, max]} of the embedding column over all rows, as a local encode takes them. */
    private static float[][] ranges(Dataset<Row> encoded) {
        int column = encoded.schema().fields().length - 1;
        return encoded.javaRDD().map(row -> {
            float[] embedding = embedding(row, column);
            return new float[][] {embedding, embedding.clone()};
        }).treeReduce((a, b) -> {
            for (int k = 0; k < a[0].length; k++) {
                a[0][k] = Math.min(a[0][k], b[0][k]);
                a[1][k] = Math.max(a[1][k], b[1][k]);
            }
            return a;
        });
    }

    /** The rows with their embedding (the last column) quantized to {@code precision} against {@code ranges}. */
    private static Dataset<Row> quantize(Dataset<Row> encoded, Precision precision, float[][] ranges) {
        int column = encoded.schema().fields().length - 1;
        return encoded.map((MapFunction<Row, Row>) row -> {
            Object[] values = new Object[row.length()];
            for (int i = 0; i < column; i++) {
                values[i] = row.get(i);
            }
            values[column] = Quantization.quantizeEmbeddings(new float[][] {embedding(row, column)}, precision,
                    ranges, null).toFloats()[0];
            return RowFactory.create(values);
        }, Encoders.row(encoded.schema()));
    }

    private static float[] embedding(Row row, int column) {
        List<Float> values = row.getList(column);
        float[] out = new float[values.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = values.get(k);
        }
        return out;
    }

    /** Writes Parquet beside {@code destination}, then renames it into place, so that no partial output remains. */
    private void write(Dataset<Row> encoded, FileSystem fs, org.apache.hadoop.fs.Path destination) throws IOException {
        org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(destination.getParent(),
                "." + destination.getName() + ".st4j-" + UUID.randomUUID());
        try {
            encoded.write().parquet(staging.toString());
            if (fs.exists(destination)) {
                if (!overwrite) {
                    throw new IllegalArgumentException("output " + output + " appeared while encoding; not replaced");
                }
                fs.delete(destination, true);
            }
            if (!fs.rename(staging, destination)) {
                throw new IOException("cannot rename " + staging + " to " + destination);
            }
        } finally {
            if (fs.exists(staging)) {
                fs.delete(staging, true);
            }
        }
    }
}
