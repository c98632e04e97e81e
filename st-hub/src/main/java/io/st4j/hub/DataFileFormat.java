package io.st4j.hub;

import java.util.Locale;
import java.util.Optional;

/** The data file formats read from dataset repositories, by extension. */
public enum DataFileFormat {
    PARQUET,
    CSV,
    TSV,
    /** JSON Lines ({@code .jsonl}) or a JSON document ({@code .json}), as {@code datasets}' json builder. */
    JSON;

    /** The format of a file name, if it is a supported data file. */
    public static Optional<DataFileFormat> of(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".parquet")) {
            return Optional.of(PARQUET);
        }
        if (name.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        if (name.endsWith(".tsv")) {
            return Optional.of(TSV);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".json")) {
            return Optional.of(JSON);
        }
        return Optional.empty();
    }
}
