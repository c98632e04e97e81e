package io.st4j.data.load;

import io.st4j.data.Dataset;
import java.nio.file.Path;

/**
 * One-call loaders with default options, as {@code load_dataset("csv", data_files=...)}; use the
 * loaders' builders ({@link CsvLoader#csv()}, {@link JsonLoader#jsonl()}, {@link ParquetLoader#builder()},
 * ...) to set column types or the CSV dialect.
 */
public final class DataFiles {

    private DataFiles() {
    }

    /** Comma-separated files with a header row and RFC 4180 quoting. */
    public static Dataset csv(Path... files) {
        return CsvLoader.csv().build().load(files);
    }

    /** Tab-separated files with a header row and no quoting. */
    public static Dataset tsv(Path... files) {
        return CsvLoader.tsv().build().load(files);
    }

    /** Files each holding one JSON array of objects. */
    public static Dataset json(Path... files) {
        return JsonLoader.json().build().load(files);
    }

    /** JSON Lines files: one object per line. */
    public static Dataset jsonl(Path... files) {
        return JsonLoader.jsonl().build().load(files);
    }

    /** Parquet files. */
    public static Dataset parquet(Path... files) {
        return ParquetLoader.builder().build().load(files);
    }

    /**
     * Files of one format, chosen by their extension: {@code .csv}, {@code .tsv}, {@code .json},
     * {@code .jsonl}, {@code .parquet}.
     */
    public static Dataset load(Path... files) {
        if (files.length == 0) {
            throw new IllegalArgumentException("no file given");
        }
        String format = extension(files[0]);
        for (Path file : files) {
            if (!extension(file).equals(format)) {
                throw new IllegalArgumentException("all files must have one format, but " + files[0] + " and " + file
                        + " differ");
            }
        }
        return switch (format) {
            case "csv" -> csv(files);
            case "tsv" -> tsv(files);
            case "json" -> json(files);
            case "jsonl" -> jsonl(files);
            case "parquet" -> parquet(files);
            default -> throw new IllegalArgumentException(files[0] + ": unknown data file extension '" + format
                    + "'; expected csv, tsv, json, jsonl or parquet");
        };
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
    }
}
