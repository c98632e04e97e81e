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
}
