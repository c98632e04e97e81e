package io.st4j.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * The JSON-lines predictions file of {@code InformationRetrievalEvaluator(write_predictions=True)}: per query
 * {@code {"query_id": ..., "query": ..., "results": [{"corpus_id": ..., "score": ...}, ...]}}, formatted as Python's
 * {@code json.dumps} formats it (", " and ": " separators, non-ASCII escaped). The file is replaced on each call.
 */
final class PredictionsFile {

    /** One retrieved document. */
    record Result(String corpusId, double score) {
    }

    private PredictionsFile() {
    }

    static void write(Path file, List<String> queryIds, List<String> queries, List<List<Result>> results) {
        StringBuilder out = new StringBuilder();
        for (int q = 0; q < queryIds.size(); q++) {
            out.append("{\"query_id\": ").append(string(queryIds.get(q)))
                    .append(", \"query\": ").append(string(queries.get(q)))
                    .append(", \"results\": [");
            List<Result> hits = results.get(q);
            for (int i = 0; i < hits.size(); i++) {
                out.append(i == 0 ? "" : ", ").append("{\"corpus_id\": ").append(string(hits.get(i).corpusId()))
                        .append(", \"score\": ").append(number(hits.get(i).score())).append('}');
            }
            out.append("]}\n");
        }
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try {
                Files.writeString(temp, out, StandardCharsets.UTF_8);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write predictions to " + file, e);
        }
    }

    /** {@code json.dumps} of a float: its repr, and NaN / Infinity as Python writes them. */
    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        return PythonNumbers.repr(value);
    }

    /** {@code json.dumps} of a string with {@code ensure_ascii=True}. */
    static String string(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
