package io.st4j.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON files, and writes JSON text the way Python's {@code json.dumps(obj, indent=N)} does, so
 * that the files st4j saves look like those sentence-transformers saves.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** Parses a JSON file; a parse error names the file. */
    public static JsonNode read(Path file) throws IOException {
        try {
            JsonNode node = MAPPER.readTree(file.toFile());
            if (node == null || node.isMissingNode()) {
                throw new ModelFormatException(file, "is empty, expected JSON");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ModelFormatException(file, "is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The shared Jackson mapper, for converting trees. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Writes {@code value} (maps, lists, strings, numbers, booleans, null) as Python's json.dumps with {@code indent}. */
    public static void write(Path file, Object value, int indent) throws IOException {
        Files.writeString(file, dumps(value, indent), StandardCharsets.UTF_8);
    }

    /** The text Python's {@code json.dumps(value)} produces: one line, {@code ", "} and {@code ": "} separators. */
    public static String dumps(Object value) {
        return dumps(value, -1);
    }

    /** The text Python's {@code json.dumps(value, indent=indent)} produces (ensure_ascii on); a negative indent is one line. */
    public static String dumps(Object value, int indent) {
        StringBuilder out = new StringBuilder();
        append(out, value, indent, 0);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value, int indent, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            appendString(out, s);
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof Float f) {
            out.append(pythonFloat(Double.parseDouble(Float.toString(f))));
        } else if (value instanceof Double d) {
            out.append(pythonFloat(d));
        } else if (value instanceof Number n) {
            out.append(n.toString());
        } else if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(first ? "" : indent < 0 ? ", " : ",");
                first = false;
                newline(out, indent, depth + 1);
                appendString(out, String.valueOf(e.getKey()));
                out.append(": ");
                append(out, e.getValue(), indent, depth + 1);
            }
            newline(out, indent, depth);
            out.append('}');
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                out.append(first ? "" : indent < 0 ? ", " : ",");
                first = false;
                newline(out, indent, depth + 1);
                append(out, item, indent, depth + 1);
            }
            newline(out, indent, depth);
            out.append(']');
        } else if (value instanceof JsonNode node) {
            append(out, MAPPER.convertValue(node, Object.class), indent, depth);
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    private static void newline(StringBuilder out, int indent, int depth) {
        if (indent < 0) {
            return;
        }
        out.append('\n');
        out.append(" ".repeat(indent * depth));
    }

    private static void appendString(StringBuilder out, String s) {
        out.append('"');
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
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Python's {@code repr(float)}: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
    static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exponent = exact.precision() - exact.scale() - 1;
        String digits = exact.unscaledValue().abs().toString();
        String sign = d < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        String plain = exact.abs().toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }
}
