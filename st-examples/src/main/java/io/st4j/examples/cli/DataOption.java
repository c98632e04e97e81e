package io.st4j.examples.cli;

import io.st4j.data.Dataset;
import io.st4j.data.load.DataFiles;
import java.nio.file.Path;
import java.util.Locale;

/** Loads a dataset file by its extension: .csv, .tsv, .json, .jsonl or .parquet. */
final class DataOption {

    private DataOption() {
    }

    static Dataset load(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".tsv")) {
            return DataFiles.tsv(file);
        }
        if (name.endsWith(".csv")) {
            return DataFiles.csv(file);
        }
        if (name.endsWith(".jsonl")) {
            return DataFiles.jsonl(file);
        }
        if (name.endsWith(".json")) {
            return DataFiles.json(file);
        }
        if (name.endsWith(".parquet")) {
            return DataFiles.parquet(file);
        }
        throw new IllegalArgumentException(file + ": unknown data format; use .csv, .tsv, .json, .jsonl or .parquet");
    }
}
