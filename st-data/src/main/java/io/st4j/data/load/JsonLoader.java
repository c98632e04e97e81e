package io.st4j.data.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.st4j.data.Column;
import io.st4j.data.ColumnType;
import io.st4j.data.Dataset;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads JSON files into a {@link Dataset} with Jackson's streaming parser: either one array of objects
 * ({@code .json}) or one object per line ({@code .jsonl}). Every object must have the same keys (the
 * columns, in the order of the first object); values are strings, numbers or arrays of numbers.
 */
public final class JsonLoader {

    private static final Logger LOG = LoggerFactory.getLogger(JsonLoader.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final boolean lines;
    private final Map<String, ColumnType> columnTypes;

    private JsonLoader(Builder builder) {
        this.lines = builder.lines;
        this.columnTypes = Map.copyOf(builder.columnTypes);
    }

    /** A builder for files holding one JSON array of objects. */
    public static Builder json() {
        return new Builder(false);
    }

    /** A builder for JSON Lines files: one object per line. */
    public static Builder jsonl() {
        return new Builder(true);
    }

    /** Reads the files, one after another, into one dataset. */
    public Dataset load(Path... files) {
        return load(Arrays.asList(files));
    }

    /** Reads the files, one after another, into one dataset. */
    public Dataset load(List<Path> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no file given");
        }
        Map<String, JsonValuesAccumulator> columns = null;
        for (Path file : files) {
            try (Reader reader = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
                 JsonParser parser = JSON.createParser(reader)) {
                columns = read(parser, file, columns);
            } catch (CharacterCodingException | CharConversionException e) {
                throw new DatasetLoadException(file + ": " + Utf8Check.describeFirstError(file), e);
            } catch (JsonEOFException e) {
                throw new DatasetLoadException(file + ": the JSON ends early, at line "
                        + e.getLocation().getLineNr() + " (truncated file?)", e);
            } catch (JsonParseException e) {
                throw new DatasetLoadException(file + ": line " + e.getLocation().getLineNr() + ": not valid JSON: "
                        + e.getOriginalMessage(), e);
            } catch (IOException e) {
                throw new DatasetLoadException(file + ": cannot read (" + e + ")", e);
            }
        }
        Map<String, Column> built = new LinkedHashMap<>();
        columns.forEach((name, accumulator) -> built.put(name, accumulator.build()));
        Dataset dataset = Dataset.of(built);
        for (Map.Entry<String, ColumnType> type : columnTypes.entrySet()) {
            try {
                dataset = dataset.castColumn(type.getKey(), type.getValue());
            } catch (IllegalArgumentException e) {
                throw new DatasetLoadException(files + ": " + e.getMessage(), e);
            }
        }
        LOG.debug("Loaded {} rows from {}", dataset.numRows(), files);
        return dataset;
    }

    private Map<String, JsonValuesAccumulator> read(JsonParser parser, Path file,
                                                    Map<String, JsonValuesAccumulator> columns) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw new DatasetLoadException(file + ": the file is empty; expected "
                    + (lines ? "one JSON object per line" : "a JSON array of objects"));
        }
        if (!lines) {
            if (token != JsonToken.START_ARRAY) {
                throw new DatasetLoadException(file + ": line " + parser.currentLocation().getLineNr()
                        + ": expected a JSON array of objects, found " + token);
            }
            token = parser.nextToken();
        }
        while (token != null && token != JsonToken.END_ARRAY) {
            columns = readObject(parser, file, columns);
            token = parser.nextToken();
        }
        if (!lines && (token == null || parser.nextToken() != null)) {
            throw new DatasetLoadException(file + ": expected the file to end after the closing ']'");
        }
        if (columns == null) {
            throw new DatasetLoadException(file + ": holds no objects, so the columns are unknown");
        }
        return columns;
    }

    private Map<String, JsonValuesAccumulator> readObject(JsonParser parser, Path file,
                                                          Map<String, JsonValuesAccumulator> columns)
            throws IOException {
        int line = parser.currentTokenLocation().getLineNr();
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new DatasetLoadException(file + ": line " + line + ": expected an object, found "
                    + parser.currentToken());
        }
        Map<String, Object> row = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            row.put(name, value(parser, file, name));
        }
        if (columns == null) {
            columns = new LinkedHashMap<>();
            for (String name : row.keySet()) {
                columns.put(name, new JsonValuesAccumulator(name));
            }
            for (String name : columnTypes.keySet()) {
                if (!columns.containsKey(name)) {
                    throw new DatasetLoadException(file + ": a type was set for column '" + name
                            + "' but the objects have only " + columns.keySet());
                }
            }
        }
        if (!row.keySet().equals(columns.keySet())) {
            throw new DatasetLoadException(file + ": line " + line + ": the object has keys " + row.keySet()
                    + " but the first object has " + columns.keySet());
        }
        for (Map.Entry<String, Object> entry : row.entrySet()) {
            try {
                columns.get(entry.getKey()).add(entry.getValue());
            } catch (DatasetLoadException e) {
                throw new DatasetLoadException(file + ": line " + line + ": " + e.getMessage(), e);
            }
        }
        return columns;
    }

    private static Object value(JsonParser parser, Path file, String name) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case START_ARRAY: {
                List<Float> vector = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    if (!parser.currentToken().isNumeric()) {
                        throw unsupported(parser, file, name, "an array holding " + parser.currentToken());
                    }
                    vector.add(parser.getFloatValue());
                }
                float[] out = new float[vector.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = vector.get(i);
                }
                return out;
            }
            default:
                throw unsupported(parser, file, name, token == JsonToken.VALUE_NULL ? "null" : token.toString());
        }
    }

    private static DatasetLoadException unsupported(JsonParser parser, Path file, String name, String what) {
        return new DatasetLoadException(file + ": line " + parser.currentTokenLocation().getLineNr() + ": column '"
                + name + "' holds " + what + "; values must be strings, numbers or arrays of numbers");
    }

    /** Options of a {@link JsonLoader}. */
    public static final class Builder {

        private final boolean lines;
        private final Map<String, ColumnType> columnTypes = new HashMap<>();

        private Builder(boolean lines) {
            this.lines = lines;
        }

        /** Converts column {@code name} to {@code type} after reading (see {@link Dataset#castColumn}). */
        public Builder columnType(String name, ColumnType type) {
            columnTypes.put(name, type);
            return this;
        }

        public JsonLoader build() {
            return new JsonLoader(this);
        }
    }
}
