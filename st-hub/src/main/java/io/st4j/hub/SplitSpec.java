package io.st4j.hub;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A split expression as the {@code datasets} library reads it: a split name with an optional slice,
 * e.g. {@code train}, {@code train[:10000]}, {@code test[10:20]}, {@code train[:10%]}, {@code train[-100:]}.
 * Percent boundaries round to the closest row, as {@code datasets}' default {@code rounding="closest"}.
 *
 * @param from the first row (inclusive), null for the start
 * @param to the end row (exclusive), null for the end
 * @param percent whether the boundaries are percentages of the split's rows
 */
public record SplitSpec(String name, Integer from, Integer to, boolean percent) {

    private static final Pattern GRAMMAR = Pattern.compile(
            "^(?<split>\\w+(?:\\.\\w+)*)(?:\\[(?<from>-?\\d+)?(?<fromPct>%)?:(?<to>-?\\d+)?(?<toPct>%)?])?$");

    /** Parses a split expression; throws naming the expression when it is not of the supported form. */
    public static SplitSpec parse(String expression) {
        Matcher m = GRAMMAR.matcher(expression.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("Unsupported split expression '" + expression
                    + "': expected a split name with an optional slice, e.g. 'train', 'train[:1000]', 'test[10%:20%]'"
                    + " (combinations with '+' are not supported)");
        }
        boolean fromPct = m.group("fromPct") != null;
        boolean toPct = m.group("toPct") != null;
        Integer from = m.group("from") == null ? null : Integer.valueOf(m.group("from"));
        Integer to = m.group("to") == null ? null : Integer.valueOf(m.group("to"));
        if ((from != null && to != null && fromPct != toPct) || (fromPct && from == null) || (toPct && to == null)) {
            throw new IllegalArgumentException("Split expression '" + expression
                    + "' mixes rows and percentages; use one unit for both boundaries");
        }
        boolean percent = fromPct || toPct;
        if (percent && ((from != null && Math.abs(from) > 100) || (to != null && Math.abs(to) > 100))) {
            throw new IllegalArgumentException("Percent boundaries of '" + expression + "' must lie in [-100, 100]");
        }
        return new SplitSpec(m.group("split"), from, to, percent);
    }

    /** True when the whole split is wanted. */
    public boolean isWhole() {
        return from == null && to == null;
    }

    /**
     * The rows {@code [start, end)} this expression selects from a split of {@code numRows} rows
     * (negative boundaries count from the end; boundaries are clamped to the split).
     */
    public long[] rowRange(long numRows) {
        long start = from == null ? 0 : absolute(from, numRows);
        long end = to == null ? numRows : absolute(to, numRows);
        if (start < 0) {
            start = Math.max(numRows + start, 0);
        }
        if (end < 0) {
            end = Math.max(numRows + end, 0);
        }
        start = Math.min(start, numRows);
        end = Math.min(end, numRows);
        return new long[] {start, Math.max(start, end)};
    }

    private long absolute(int boundary, long numRows) {
        return percent ? (long) Math.rint(boundary * (double) numRows / 100.0) : boundary;
    }

    @Override
    public String toString() {
        if (isWhole()) {
            return name;
        }
        String unit = percent ? "%" : "";
        return name + "[" + (from == null ? "" : from + unit) + ":" + (to == null ? "" : to + unit) + "]";
    }
}
