package io.st4j.data.load;

import io.st4j.data.Column;
import io.st4j.data.ColumnType;
import io.st4j.data.Dataset;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads delimited text files (CSV, TSV) with a header row into a {@link Dataset}, with Apache Commons
 * CSV. Every record must have as many fields as the header; files must be UTF-8. Column types are
 * inferred (INTEGER, FLOAT or TEXT, as pandas) unless set with {@link Builder#columnType}.
 */
public final class CsvLoader {

    private static final Logger LOG = LoggerFactory.getLogger(CsvLoader.class);

    private final char delimiter;
    private final boolean quoting;
    private final Map<String, ColumnType> columnTypes;

    private CsvLoader(Builder builder) {
        this.delimiter = builder.delimiter;
        this.quoting = builder.quoting;
        this.columnTypes = Map.copyOf(builder.columnTypes);
    }

    /** A builder for comma-separated files with RFC 4180 quoting. */
    public static Builder csv() {
        return new Builder(',', true);
    }

    /**
     * A builder for tab-separated files without quoting ({@code QUOTE_NONE}: quote characters are
     * literal text and no field holds a tab or newline), the usual form of {@code .tsv} data.
     */
    public static Builder tsv() {
        return new Builder('\t', false);
    }

    /** Reads the files, one after another, into one dataset; they must share the same header. */
    public Dataset load(Path... files) {
        return load(Arrays.asList(files));
    }

    /** Reads the files, one after another, into one dataset; they must share the same header. */
    public Dataset load(List<Path> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no file given");
        }
        List<String> header = null;
        List<TextValuesAccumulator> columns = null;
        for (Path file : files) {
            try (Reader reader = strictUtf8(file); CSVParser parser = format().parse(reader)) {
                List<String> fileHeader = readHeader(parser, file);
                if (header == null) {
                    header = fileHeader;
                    columns = new ArrayList<>();
                    for (String name : header) {
                        columns.add(new TextValuesAccumulator(name, columnTypes.get(name)));
                    }
                    checkTypesNameColumns(header, file);
                } else if (!header.equals(fileHeader)) {
                    throw new DatasetLoadException(file + ": header " + fileHeader + " differs from " + header
                            + " of " + files.get(0));
                }
                readRecords(parser, file, columns);
            } catch (CharacterCodingException e) {
                throw new DatasetLoadException(file + ": " + Utf8Check.describeFirstError(file), e);
            } catch (UncheckedIOException e) {
                throw new DatasetLoadException(file + ": " + describe(file, e.getCause()), e);
            } catch (IOException e) {
                throw new DatasetLoadException(file + ": cannot read (" + e + ")", e);
            }
        }
        Map<String, Column> built = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            built.put(header.get(i), columns.get(i).build());
        }
        Dataset dataset = Dataset.of(built);
        LOG.debug("Loaded {} rows from {}", dataset.numRows(), files);
        return dataset;
    }

    private static String describe(Path file, IOException e) {
        return e instanceof CharacterCodingException ? Utf8Check.describeFirstError(file) : "cannot read (" + e + ")";
    }

    private CSVFormat format() {
        CSVFormat.Builder builder = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true);
        if (!quoting) {
            builder.setQuote(null).setEscape(null);
        }
        return builder.build();
    }

    private static Reader strictUtf8(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
    }

    private static List<String> readHeader(CSVParser parser, Path file) {
        var records = parser.iterator();
        if (!records.hasNext()) {
            throw new DatasetLoadException(file + ": the file is empty; expected a header row naming the columns");
        }
        List<String> header = new ArrayList<>(records.next().toList());
        if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
            header.set(0, header.get(0).substring(1));
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            Integer before = seen.put(header.get(i), i);
            if (before != null) {
                throw new DatasetLoadException(file + ": line 1: the header names column '" + header.get(i)
                        + "' twice");
            }
        }
        return header;
    }

    private void checkTypesNameColumns(List<String> header, Path file) {
        for (String name : columnTypes.keySet()) {
            if (!header.contains(name)) {
                throw new DatasetLoadException(file + ": a type was set for column '" + name
                        + "' but the header has only " + header);
            }
        }
    }

    private static void readRecords(CSVParser parser, Path file, List<TextValuesAccumulator> columns) {
        long line = parser.getCurrentLineNumber() + 1;
        try {
            for (CSVRecord record : parser) {
                if (record.size() != columns.size()) {
                    throw new DatasetLoadException(file + ": line " + line + " has " + record.size()
                            + " fields but the header has " + columns.size()
                            + (record.size() > columns.size() ? " (a delimiter inside a field?)" : ""));
                }
                for (int i = 0; i < columns.size(); i++) {
                    try {
                        columns.get(i).add(record.get(i));
                    } catch (DatasetLoadException e) {
                        throw new DatasetLoadException(file + ": line " + line + ": " + e.getMessage(), e);
                    }
                }
                line = parser.getCurrentLineNumber() + 1;
            }
        } catch (UncheckedIOException e) {
            throw new DatasetLoadException(file + ": " + describe(file, e.getCause()), e);
        }
    }

    /** Options of a {@link CsvLoader}. */
    public static final class Builder {

        private char delimiter;
        private boolean quoting;
        private final Map<String, ColumnType> columnTypes = new HashMap<>();

        private Builder(char delimiter, boolean quoting) {
            this.delimiter = delimiter;
            this.quoting = quoting;
        }

        /** The field separator. */
        public Builder delimiter(char delimiter) {
            this.delimiter = delimiter;
            return this;
        }

        /** Whether {@code "} quotes fields (RFC 4180); {@code false} reads quote characters as text. */
        public Builder quoting(boolean quoting) {
            this.quoting = quoting;
            return this;
        }

        /** Reads column {@code name} as {@code type} instead of inferring it. */
        public Builder columnType(String name, ColumnType type) {
            columnTypes.put(name, type);
            return this;
        }

        public CsvLoader build() {
            return new CsvLoader(this);
        }
    }
}
