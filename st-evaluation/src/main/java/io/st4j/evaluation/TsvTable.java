package io.st4j.evaluation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A tab-separated file with a header row and no quoting (the format of the BEIR and STS TSV files). */
final class TsvTable {

    final Path file;
    final List<String> header;
    final List<String[]> rows = new ArrayList<>();
    /** The 1-based line number of each row, for messages. */
    final List<Integer> lines = new ArrayList<>();

    private TsvTable(Path file, List<String> header) {
        this.file = file;
        this.header = header;
    }

    /** Reads {@code file}; every row must have as many fields as the header, and at least {@code minColumns}. */
    static TsvTable read(Path file, int minColumns) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = reader.readLine();
            if (first == null) {
                throw new IllegalArgumentException(file + " is empty; expected a header row");
            }
            TsvTable table = new TsvTable(file, Arrays.asList(strip(first).split("\t", -1)));
            String line;
            int number = 1;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isEmpty()) {
                    continue;
                }
                String[] fields = line.split("\t", -1);
                int expected = Math.max(minColumns, table.header.size());
                if (fields.length < expected) {
                    throw new IllegalArgumentException(file + " line " + number + ": expected " + expected
                            + " tab-separated columns, found " + fields.length);
                }
                table.rows.add(fields);
                table.lines.add(number);
            }
            return table;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The index of the column named {@code name}, or the fallback position when the header does not name it. */
    int column(String name, int fallback) {
        int index = header.indexOf(name);
        return index >= 0 ? index : fallback;
    }

    String where(int row) {
        return file + " line " + lines.get(row);
    }

    private static String strip(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }
}
