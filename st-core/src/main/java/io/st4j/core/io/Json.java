package io.st4j.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
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
            out.append(pythonFloat(f.floatValue()));
        } else if (value instanceof Double d) {
            out.append(pythonFloat(d.doubleValue()));
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

    /**
     * {@code json.dumps} of a Python float: its {@code repr} (the shortest decimal that reads back to the same
     * value, positional for decimal exponents -4..15 and {@code 1e-05} / {@code 1e+16} outside), {@code NaN},
     * {@code Infinity} or {@code -Infinity}.
     */
    public static String pythonFloat(double d) {
        if (!Double.isFinite(d) || d == 0) {
            return nonFiniteOrZero(d);
        }
        BigDecimal exact = new BigDecimal(d);
        for (int digits = 1; digits <= 17; digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == d) {
                return pythonDecimal(rounded);
            }
        }
        throw new AssertionError("no round-trip representation of " + d);
    }

    /**
     * {@link #pythonFloat(double)} with the shortest decimal that reads back to the same float32 (the digits
     * numpy prints for an {@code np.float32}), in the same notation.
     */
    public static String pythonFloat(float f) {
        if (!Float.isFinite(f) || f == 0) {
            return nonFiniteOrZero(f);
        }
        BigDecimal exact = new BigDecimal(f);
        for (int digits = 1; digits <= 9; digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (rounded.floatValue() == f) {
                return pythonDecimal(rounded);
            }
        }
        throw new AssertionError("no round-trip representation of " + f);
    }

    private static String nonFiniteOrZero(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return (Double.doubleToRawLongBits(d) < 0 ? "-" : "") + "0.0";
    }

    /** A decimal in Python's float notation. */
    private static String pythonDecimal(BigDecimal rounded) {
        BigDecimal stripped = rounded.stripTrailingZeros();
        String sign = stripped.signum() < 0 ? "-" : "";
        String digits = stripped.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - stripped.scale(); // the decimal exponent of the first digit
        if (exponent >= -4 && exponent < 16) {
            StringBuilder out = new StringBuilder(sign);
            if (exponent < 0) {
                out.append("0.").append("0".repeat(-exponent - 1)).append(digits);
            } else if (digits.length() <= exponent + 1) {
                out.append(digits).append("0".repeat(exponent + 1 - digits.length())).append(".0");
            } else {
                out.append(digits, 0, exponent + 1).append('.').append(digits.substring(exponent + 1));
            }
            return out.toString();
        }
        StringBuilder out = new StringBuilder(sign).append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits.substring(1));
        }
        out.append('e').append(exponent < 0 ? '-' : '+');
        int abs = Math.abs(exponent);
        if (abs < 10) {
            out.append('0');
        }
        return out.append(abs).toString();
    }
}
