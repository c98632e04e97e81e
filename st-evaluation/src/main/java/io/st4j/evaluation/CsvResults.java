package io.st4j.evaluation;

import io.st4j.core.io.AtomicFile;
import io.st4j.core.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Appends one row per evaluation to an evaluator's result file, writing the header first when the file is new,
 * exactly as sentence-transformers does. Most evaluators write through Python's {@code csv.writer} (quoted where
 * needed, {@code \r\n} line ends); the retrieval evaluators join with commas and end lines with {@code \n}.
 * The file is replaced atomically, so a failure never leaves it half-written.
 */
final class CsvResults {

    /** How the Python evaluator writes its rows. */
    enum Style {
        /** {@code csv.writer(f).writerow(...)}: minimal quoting, {@code \r\n}. */
        CSV_WRITER("\r\n"),
        /** {@code f.write(",".join(map(str, row)) + "\n")}. */
        PLAIN_JOIN("\n");

        private final String lineEnd;

        Style(String lineEnd) {
            this.lineEnd = lineEnd;
        }
    }

    private CsvResults() {
    }

    /** Appends {@code row} to {@code outputDir/fileName}, creating the folder and the header as needed. */
    static void append(Path outputDir, String fileName, List<String> header, List<?> row, Style style) {
        Path file = outputDir.resolve(fileName);
        try {
            StringBuilder text = new StringBuilder();
            if (Files.isRegularFile(file)) {
                text.append(Files.readString(file, StandardCharsets.UTF_8));
            } else {
                text.append(line(header, style));
            }
            text.append(line(row, style));
            AtomicFile.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write evaluation results to " + file, e);
        }
    }

    private static String line(List<?> cells, Style style) {
        String joined = cells.stream()
                .map(CsvResults::cell)
                .map(cell -> style == Style.CSV_WRITER ? quote(cell) : cell)
                .collect(Collectors.joining(","));
        return joined + style.lineEnd;
    }

    /**
     * {@code str(value)}: integers and strings verbatim, a Double as a Python float, a Float with float32's
     * shortest digits ({@link Json#pythonFloat}, but {@code nan}, {@code inf}, {@code -inf} where JSON writes
     * {@code NaN}, {@code Infinity}, {@code -Infinity}).
     */
    static String cell(Object value) {
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d)) {
                return "nan";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "inf" : "-inf";
            }
            return value instanceof Float f ? Json.pythonFloat(f.floatValue()) : Json.pythonFloat(d);
        }
        return String.valueOf(value);
    }

    /** Python csv's QUOTE_MINIMAL: quote fields holding the delimiter, a quote or a line break. */
    private static String quote(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}
