package io.st4j.spark;

import io.st4j.core.EncodeOptions;
import io.st4j.core.Precision;
import io.st4j.core.SentenceTransformer;
import io.st4j.core.util.Quantization;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Encodes texts on a Spark cluster with a {@link SentenceTransformer}: each executor loads the model once,
 * and encodes each partition in chunks of {@link Builder#chunkSize} rows, which
 * {@link SentenceTransformer#encode} sorts by length into batches. The output keeps the input's rows and
 * order and equals a local {@code encode} of the same texts with the same {@link EncodeOptions}.
 *
 * <p>int8 and uint8 quantize against per-dimension ranges; locally those come from all encoded rows, which
 * no single executor sees, so give them with {@link Builder#quantizationRanges} (e.g.
 * {@code Quantization.ranges} of a calibration sample).
 */
public final class SparkEncoder implements Serializable {

    private static final long serialVersionUID = 1L;

    private final ModelLocation model;
    private final int batchSize;
    private final boolean normalizeEmbeddings;
    private final Precision precision;
    private final Integer truncateDim;
    private final String prompt;
    private final String promptName;
    private final float[][] quantizationRanges;
    private final int chunkSize;

    private SparkEncoder(Builder b) {
        this.model = b.model;
        this.batchSize = b.options.batchSize();
        this.normalizeEmbeddings = b.options.normalizeEmbeddings();
        this.precision = b.options.precision();
        this.truncateDim = b.options.truncateDim();
        this.prompt = b.options.prompt();
        this.promptName = b.options.promptName();
        this.quantizationRanges = b.quantizationRanges;
        this.chunkSize = b.chunkSize;
    }

    /** A builder for the model at {@code model}. */
    public static Builder builder(ModelLocation model) {
        return new Builder(model);
    }

    /**
     * {@code data} with a column {@code outputColumn} ({@code array<float>}) holding the embedding of the string
     * column {@code textColumn}, rows in their original order.
     */
    public Dataset<Row> encode(Dataset<Row> data, String textColumn, String outputColumn) {
        StructType schema = data.schema();
        int textIndex = textIndex(schema, textColumn);
        if (Arrays.asList(schema.fieldNames()).contains(outputColumn)) {
            throw new IllegalArgumentException("output column '" + outputColumn + "' already exists in "
                    + schema.simpleString());
        }
        StructType out = schema.add(new StructField(outputColumn,
                DataTypes.createArrayType(DataTypes.FloatType, false), false, Metadata.empty()));
        return data.mapPartitions(
                (MapPartitionsFunction<Row, Row>) rows ->
                        new ChunkIterator<>(rows, row -> text(row, textIndex, textColumn), (row, embedding) -> {
                            Object[] values = new Object[row.length() + 1];
                            for (int i = 0; i < row.length(); i++) {
                                values[i] = row.get(i);
                            }
                            values[row.length()] = embedding;
                            return RowFactory.create(values);
                        }, this::encodeChunk, chunkSize),
                Encoders.row(out));
    }

    /** The embedding of each text, in the texts' order. */
    public JavaRDD<float[]> encode(JavaRDD<String> texts) {
        return texts.mapPartitions(rows -> new ChunkIterator<>(rows, text -> {
            if (text == null) {
                throw new IllegalArgumentException("cannot encode a null text");
            }
            return text;
        }, (text, embedding) -> embedding, this::encodeChunk, chunkSize));
    }

    private static int textIndex(StructType schema, String column) {
        if (!Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException("no column '" + column + "' in " + schema.simpleString());
        }
        int index = schema.fieldIndex(column);
        if (!schema.fields()[index].dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("column '" + column + "' must hold strings, not "
                    + schema.fields()[index].dataType().simpleString());
        }
        return index;
    }

    private static String text(Row row, int index, String column) {
        if (row.isNullAt(index)) {
            throw new IllegalArgumentException("column '" + column + "' holds a null text in row " + row);
        }
        return row.getString(index);
    }

    /** Encodes one chunk of a partition on this executor. */
    private float[][] encodeChunk(List<String> texts) {
        SentenceTransformer transformer = ExecutorModels.get(model);
        boolean scalarQuantization = precision == Precision.INT8 || precision == Precision.UINT8;
        EncodeOptions options = EncodeOptions.builder().batchSize(batchSize).normalizeEmbeddings(normalizeEmbeddings)
                .precision(scalarQuantization ? Precision.FLOAT32 : precision).truncateDim(truncateDim)
                .prompt(prompt).promptName(promptName).build();
        float[][] embeddings = transformer.encode(texts, options);
        return scalarQuantization
                ? Quantization.quantizeEmbeddings(embeddings, precision, quantizationRanges, null).toFloats()
                : embeddings;
    }

    /** Builder of {@link SparkEncoder}. */
    public static final class Builder {
        private final ModelLocation model;
        private EncodeOptions options = EncodeOptions.DEFAULTS;
        private float[][] quantizationRanges;
        private int chunkSize = 8192;

        private Builder(ModelLocation model) {
            if (model == null) {
                throw new IllegalArgumentException("model location must not be null");
            }
            this.model = model;
        }

        /** Batch size, normalization, precision, truncation and prompt, as a local {@code encode}'s. */
        public Builder options(EncodeOptions options) {
            if (options.showProgressBar()) {
                throw new IllegalArgumentException(
                        "showProgressBar is not available on executors (Spark shows task progress)");
            }
            this.options = options;
            return this;
        }

        /** Per-dimension {@code [min, max]} ({@code [2][dim]}) for int8/uint8 precision. */
        public Builder quantizationRanges(float[][] ranges) {
            if (ranges == null || ranges.length != 2 || ranges[0].length != ranges[1].length) {
                throw new IllegalArgumentException("quantization ranges must be [2][dim]: per-dimension min and max");
            }
            this.quantizationRanges = new float[][] {ranges[0].clone(), ranges[1].clone()};
            return this;
        }

        /** Rows of a partition encoded together, sorted by length into batches (8192). */
        public Builder chunkSize(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("chunkSize must be >= 1, got " + rows);
            }
            this.chunkSize = rows;
            return this;
        }

        public SparkEncoder build() {
            boolean scalar = options.precision() == Precision.INT8 || options.precision() == Precision.UINT8;
            if (scalar && quantizationRanges == null) {
                throw new IllegalArgumentException(options.precision().pythonName() + " precision needs "
                        + "quantizationRanges: a local encode takes them from all rows, which no executor sees");
            }
            return new SparkEncoder(this);
        }
    }

    /** Reads a partition in chunks, encodes each chunk, and emits each input with its embedding, in order. */
    private static final class ChunkIterator<I, O> implements Iterator<O> {
        private final Iterator<I> input;
        private final Function<I, String> text;
        private final BiFunction<I, float[], O> combine;
        private final Function<List<String>, float[][]> encoder;
        private final int chunkSize;
        private final List<I> chunk = new ArrayList<>();
        private float[][] embeddings;
        private int next;

        ChunkIterator(Iterator<I> input, Function<I, String> text, BiFunction<I, float[], O> combine,
                      Function<List<String>, float[][]> encoder, int chunkSize) {
            this.input = input;
            this.text = text;
            this.combine = combine;
            this.encoder = encoder;
            this.chunkSize = chunkSize;
        }

        @Override
        public boolean hasNext() {
            if (embeddings != null && next < chunk.size()) {
                return true;
            }
            chunk.clear();
            next = 0;
            embeddings = null;
            List<String> texts = new ArrayList<>();
            while (chunk.size() < chunkSize && input.hasNext()) {
                I item = input.next();
                chunk.add(item);
                texts.add(text.apply(item));
            }
            if (chunk.isEmpty()) {
                return false;
            }
            embeddings = encoder.apply(texts);
            return true;
        }

        @Override
        public O next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            O out = combine.apply(chunk.get(next), embeddings[next]);
            next++;
            return out;
        }
    }

}
