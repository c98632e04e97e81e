package io.st4j.hub;

import io.st4j.core.io.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Markdown tables of the model card, laid out as transformers' {@code make_markdown_table} lays them out. */
final class MarkdownTable {

    private MarkdownTable() {
    }

    /**
     * A Markdown table as transformers' {@code make_markdown_table}: columns padded to their widest cell,
     * centred when {@code centred}; a row lacking a column shows {@code -}.
     */
    static String of(List<Map<String, Object>> rows, boolean centred) {
        Set<String> keys = new LinkedHashSet<>();
        rows.forEach(r -> keys.addAll(r.keySet()));
        List<String> header = List.copyOf(keys);
        List<List<String>> cells = new ArrayList<>();
        int[] widths = header.stream().mapToInt(String::length).toArray();
        for (Map<String, Object> row : rows) {
            List<String> line = new ArrayList<>();
            for (int c = 0; c < header.size(); c++) {
                String text = row.containsKey(header.get(c)) ? format(row.get(header.get(c))) : "-";
                widths[c] = Math.max(widths[c], text.length());
                line.add(text);
            }
            cells.add(line);
        }
        StringBuilder md = new StringBuilder(line(header, widths)).append('|');
        for (int width : widths) {
            md.append(centred ? ":" + "-".repeat(width) + ":" : ":" + "-".repeat(width + 1)).append('|');
        }
        md.append('\n');
        cells.forEach(c -> md.append(line(c, widths)));
        return md.toString();
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder md = new StringBuilder("|");
        for (int c = 0; c < cells.size(); c++) {
            md.append(' ').append(cells.get(c)).append(" ".repeat(widths[c] - cells.get(c).length())).append(" |");
        }
        return md.append('\n').toString();
    }

    /** Python's {@code str} of a float, rounded to 4 decimals when it has more (transformers' {@code _maybe_round}). */
    private static String format(Object value) {
        if (value instanceof Double || value instanceof Float) {
            String repr = Json.dumps(value);
            int dot = repr.indexOf('.');
            boolean long4 = repr.contains("e") || (dot >= 0 && repr.length() - dot - 1 > 4);
            return long4 ? fourDecimals(((Number) value).doubleValue()) : repr;
        }
        return String.valueOf(value);
    }

    static String fourDecimals(double value) {
        return new BigDecimal(value).setScale(4, RoundingMode.HALF_EVEN).toPlainString();
    }
}
