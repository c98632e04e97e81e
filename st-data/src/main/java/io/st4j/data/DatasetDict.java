package io.st4j.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Named splits of a dataset ("train", "dev", "test", ...), as {@code datasets.DatasetDict}; also the
 * form in which several training datasets are given to a multi-dataset batch sampler.
 */
public final class DatasetDict {

    private static final Pattern SPLIT = Pattern.compile(
            "^(?<name>\\w+(?:\\.\\w+)*)(?:\\[(?:(?<from>-?\\d+)(?<fromPct>%)?)?:(?:(?<to>-?\\d+)(?<toPct>%)?)?])?$");

    private final Map<String, Dataset> splits;

    private DatasetDict(Map<String, Dataset> splits) {
        this.splits = Collections.unmodifiableMap(splits);
    }

    /** The given splits, in map order. */
    public static DatasetDict of(Map<String, Dataset> splits) {
        if (splits.isEmpty()) {
            throw new IllegalArgumentException("a DatasetDict needs at least one split");
        }
        return new DatasetDict(new LinkedHashMap<>(splits));
    }

    /** Split names, in order. */
    public List<String> names() {
        return List.copyOf(splits.keySet());
    }

    /** The splits by name, in order (unmodifiable). */
    public Map<String, Dataset> asMap() {
        return splits;
    }

    /**
     * The split named by an expression as users write it: {@code train}, {@code train[:10000]},
     * {@code train[10000:11000]}, {@code train[-1000:]}, {@code train[:10%]}, {@code train[10%:20%]},
     * joined with {@code +} ({@code train[:50%]+test}). Percentages round to the closest row (halves to
     * even) and bounds are clipped to the split, as in Hugging Face {@code datasets}.
     */
    public Dataset get(String expression) {
        List<Dataset> parts = new ArrayList<>();
        for (String part : expression.split("\\+", -1)) {
            parts.add(slice(part.strip(), expression));
        }
        return parts.size() == 1 ? parts.get(0) : Dataset.concatenate(parts);
    }

    private Dataset slice(String part, String expression) {
        Matcher m = SPLIT.matcher(part);
        if (!m.matches()) {
            throw new IllegalArgumentException("bad split expression '" + expression
                    + "': expected e.g. train, train[:1000], train[100:200] or train[:10%]");
        }
        String name = m.group("name");
        Dataset split = splits.get(name);
        if (split == null) {
            throw new IllegalArgumentException("no split '" + name + "' in '" + expression + "'; the splits are "
                    + names());
        }
        String from = m.group("from");
        String to = m.group("to");
        // as in Hugging Face datasets, one % makes both bounds percentages
        boolean percent = m.group("fromPct") != null || m.group("toPct") != null;
        int rows = split.numRows();
        int start = from == null ? 0 : bound(Long.parseLong(from), percent, rows, part);
        int end = to == null ? rows : bound(Long.parseLong(to), percent, rows, part);
        if (start == 0 && end == rows) {
            return split;
        }
        return split.selectRange(start, Math.max(start, end));
    }

    private static int bound(long value, boolean percent, int rows, String part) {
        long absolute = value;
        if (percent) {
            if (Math.abs(value) > 100) {
                throw new IllegalArgumentException("percent bounds must lie in [-100, 100] in '" + part + "'");
            }
            absolute = (long) Math.rint(value * (double) rows / 100.0);
        }
        if (absolute < 0) {
            absolute = Math.max(rows + absolute, 0);
        }
        return (int) Math.min(absolute, rows);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("DatasetDict({\n");
        splits.forEach((name, dataset) -> out.append("    ").append(name).append(": ")
                .append(dataset.format("    ")).append('\n'));
        return out.append("})").toString();
    }
}
