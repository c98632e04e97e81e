package io.st4j.data.load;

import io.st4j.data.Column;
import io.st4j.data.ColumnType;
import io.st4j.data.Dataset;
import io.st4j.data.FloatColumn;
import io.st4j.data.FloatVectorColumn;
import io.st4j.data.IntegerColumn;
import io.st4j.data.TextColumn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Parquet files (as pyarrow and the Hugging Face Hub write them: uncompressed, snappy, zstd, gzip)
 * into a {@link Dataset} with Apache Parquet's column readers, straight into compact columns. Strings
 * become TEXT, 32/64-bit integers and booleans INTEGER, floats and doubles FLOAT, lists of floats or
 * doubles FLOAT_VECTOR. Null values are rejected with the column and row named.
 */
public final class ParquetLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ParquetLoader.class);

    private final Map<String, ColumnType> columnTypes;

    private ParquetLoader(Builder builder) {
        this.columnTypes = Map.copyOf(builder.columnTypes);
    }

    /** A builder of a Parquet loader. */
    public static Builder builder() {
        return new Builder();
    }

    /** Reads the files, one after another, into one dataset; they must have the same columns. */
    public Dataset load(Path... files) {
        return load(Arrays.asList(files));
    }

    /** Reads the files, one after another, into one dataset; they must have the same columns. */
    public Dataset load(List<Path> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no file given");
        }
        List<Dataset> parts = new ArrayList<>();
        for (Path file : files) {
            parts.add(loadFile(file));
        }
        Dataset dataset;
        try {
            dataset = parts.size() == 1 ? parts.get(0) : Dataset.concatenate(parts);
            for (Map.Entry<String, ColumnType> type : columnTypes.entrySet()) {
                dataset = dataset.castColumn(type.getKey(), type.getValue());
            }
        } catch (IllegalArgumentException e) {
            throw new DatasetLoadException(files + ": " + e.getMessage(), e);
        }
        LOG.debug("Loaded {} rows from {}", dataset.numRows(), files);
        return dataset;
    }

    private static Dataset loadFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DatasetLoadException(file + ": no such file");
        }
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
        LocalInputFile input = new LocalInputFile(file) {
            @Override
            public String toString() {
                return file.toString();
            }
        };
        try (ParquetFileReader reader = ParquetFileReader.open(input, options)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
            long totalRows = reader.getRecordCount();
            if (totalRows > Integer.MAX_VALUE - 8) {
                throw new DatasetLoadException(file + ": " + totalRows + " rows are more than one dataset can hold");
            }
            List<ColumnSink> sinks = new ArrayList<>();
            for (Type field : schema.getFields()) {
                sinks.add(ColumnSink.of(file, schema, field, (int) totalRows));
            }
            PageReadStore rowGroup;
            long firstRow = 0;
            while ((rowGroup = reader.readNextRowGroup()) != null) {
                ColumnReadStoreImpl store = new ColumnReadStoreImpl(rowGroup,
                        new GroupRecordConverter(schema).getRootConverter(), schema, createdBy);
                for (ColumnSink sink : sinks) {
                    sink.read(store.getColumnReader(sink.descriptor), firstRow);
                }
                firstRow += rowGroup.getRowCount();
            }
            Map<String, Column> columns = new LinkedHashMap<>();
            for (ColumnSink sink : sinks) {
                columns.put(sink.name, sink.build());
            }
            return Dataset.of(columns);
        } catch (DatasetLoadException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DatasetLoadException(file + ": not a readable Parquet file (" + e.getMessage()
                    + "); it may be truncated or corrupt", e);
        }
    }

    /** Reads one top-level field of every row group into one column. */
    private static final class ColumnSink {

        private final Path file;
        private final String name;
        private final ColumnDescriptor descriptor;
        private final ColumnType type;
        private final int repeatedDefinition;
        private TextColumn.Builder texts;
        private long[] integers;
        private double[] floats;
        private float[] vectorData;
        private int[] vectorOffsets;
        private int values;
        private int rows;

        private ColumnSink(Path file, String name, ColumnDescriptor descriptor, ColumnType type,
                           int repeatedDefinition, int totalRows) {
            this.file = file;
            this.name = name;
            this.descriptor = descriptor;
            this.type = type;
            this.repeatedDefinition = repeatedDefinition;
            switch (type) {
                case TEXT -> texts = TextColumn.builder();
                case INTEGER -> integers = new long[totalRows];
                case FLOAT -> floats = new double[totalRows];
                case FLOAT_VECTOR -> {
                    vectorData = new float[1024];
                    vectorOffsets = new int[totalRows + 1];
                }
            }
        }

        static ColumnSink of(Path file, MessageType schema, Type field, int totalRows) {
            String name = field.getName();
            List<ColumnDescriptor> leaves = schema.getColumns().stream()
                    .filter(c -> c.getPath()[0].equals(name)).toList();
            if (leaves.size() != 1) {
                throw unsupported(file, name, field);
            }
            ColumnDescriptor leaf = leaves.get(0);
            PrimitiveType primitive = leaf.getPrimitiveType();
            if (leaf.getMaxRepetitionLevel() == 0) {
                return new ColumnSink(file, name, leaf, scalarType(file, name, field, primitive), 0, totalRows);
            }
            boolean floatLeaf = primitive.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FLOAT
                    || primitive.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.DOUBLE;
            if (leaf.getMaxRepetitionLevel() != 1 || !floatLeaf) {
                throw unsupported(file, name, field);
            }
            String[] path = leaf.getPath();
            int repeatedDefinition = -1;
            for (int depth = 1; depth <= path.length; depth++) {
                String[] prefix = Arrays.copyOf(path, depth);
                if (schema.getType(prefix).isRepetition(Type.Repetition.REPEATED)) {
                    repeatedDefinition = schema.getMaxDefinitionLevel(prefix);
                    break;
                }
            }
            return new ColumnSink(file, name, leaf, ColumnType.FLOAT_VECTOR, repeatedDefinition, totalRows);
        }

        private static ColumnType scalarType(Path file, String name, Type field, PrimitiveType primitive) {
            LogicalTypeAnnotation logical = primitive.getLogicalTypeAnnotation();
            return switch (primitive.getPrimitiveTypeName()) {
                case BINARY -> {
                    if (logical == null || logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                            || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                            || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
                        yield ColumnType.TEXT;
                    }
                    throw unsupported(file, name, field);
                }
                case INT32, INT64, BOOLEAN -> {
                    if (logical == null || logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation) {
                        yield ColumnType.INTEGER;
                    }
                    throw unsupported(file, name, field);
                }
                case FLOAT, DOUBLE -> ColumnType.FLOAT;
                default -> throw unsupported(file, name, field);
            };
        }

        private static DatasetLoadException unsupported(Path file, String name, Type field) {
            return new DatasetLoadException(file + ": column '" + name + "' has the Parquet type " + field
                    + ", which st4j does not read (supported: strings, integers, booleans, floats, lists of floats)");
        }

        void read(ColumnReader reader, long firstRow) {
            long entries = reader.getTotalValueCount();
            int maxDefinition = descriptor.getMaxDefinitionLevel();
            boolean bool = descriptor.getPrimitiveType().getPrimitiveTypeName()
                    == PrimitiveType.PrimitiveTypeName.BOOLEAN;
            for (long i = 0; i < entries; i++) {
                int definition = reader.getCurrentDefinitionLevel();
                if (type == ColumnType.FLOAT_VECTOR) {
                    readVectorEntry(reader, definition, maxDefinition);
                } else {
                    if (definition < maxDefinition) {
                        throw new DatasetLoadException(file + ": column '" + name + "' row " + rows
                                + " is null; fill or filter nulls before loading");
                    }
                    switch (type) {
                        case TEXT -> texts.addUtf8(reader.getBinary().toByteBuffer());
                        case INTEGER -> integers[rows] = bool ? (reader.getBoolean() ? 1 : 0)
                                : descriptor.getPrimitiveType().getPrimitiveTypeName()
                                == PrimitiveType.PrimitiveTypeName.INT32 ? reader.getInteger() : reader.getLong();
                        case FLOAT -> floats[rows] = descriptor.getPrimitiveType().getPrimitiveTypeName()
                                == PrimitiveType.PrimitiveTypeName.FLOAT ? reader.getFloat() : reader.getDouble();
                        default -> throw new IllegalStateException(type.toString());
                    }
                    rows++;
                }
                reader.consume();
            }
        }

        private void readVectorEntry(ColumnReader reader, int definition, int maxDefinition) {
            if (reader.getCurrentRepetitionLevel() == 0) {
                vectorOffsets[rows++] = values;
                if (definition < repeatedDefinition - 1) {
                    throw new DatasetLoadException(file + ": column '" + name + "' row " + (rows - 1)
                            + " is null; fill or filter nulls before loading");
                }
                if (definition == repeatedDefinition - 1) {
                    return;
                }
            }
            if (definition < maxDefinition) {
                throw new DatasetLoadException(file + ": column '" + name + "' row " + (rows - 1)
                        + " holds a null element");
            }
            if (values == vectorData.length) {
                vectorData = Arrays.copyOf(vectorData, values * 2);
            }
            vectorData[values++] = descriptor.getPrimitiveType().getPrimitiveTypeName()
                    == PrimitiveType.PrimitiveTypeName.FLOAT ? reader.getFloat() : (float) reader.getDouble();
        }

        Column build() {
            return switch (type) {
                case TEXT -> texts.build();
                case INTEGER -> new IntegerColumn(Arrays.copyOf(integers, rows));
                case FLOAT -> new FloatColumn(Arrays.copyOf(floats, rows));
                case FLOAT_VECTOR -> {
                    int[] offsets = Arrays.copyOf(vectorOffsets, rows + 1);
                    offsets[rows] = values;
                    yield new FloatVectorColumn(Arrays.copyOf(vectorData, values), offsets);
                }
            };
        }
    }

    /** Options of a {@link ParquetLoader}. */
    public static final class Builder {

        private final Map<String, ColumnType> columnTypes = new HashMap<>();

        private Builder() {
        }

        /** Converts column {@code name} to {@code type} after reading (see {@link Dataset#castColumn}). */
        public Builder columnType(String name, ColumnType type) {
            columnTypes.put(name, type);
            return this;
        }

        public ParquetLoader build() {
            return new ParquetLoader(this);
        }
    }
}
