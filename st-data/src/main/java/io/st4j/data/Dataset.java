package io.st4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * An immutable table of named, typed columns of equal length: the {@code datasets.Dataset} of
 * sentence-transformers. Every operation returns a new dataset; columns are shared, never modified.
 */
public final class Dataset {

    private final Map<String, Column> columns;
    private final int numRows;

    private Dataset(Map<String, Column> columns, int numRows) {
        this.columns = Collections.unmodifiableMap(columns);
        this.numRows = numRows;
    }

    /** A dataset of the given columns, in map order; all must have the same number of rows. */
    public static Dataset of(Map<String, ? extends Column> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a dataset needs at least one column");
        }
        Map<String, Column> copy = new LinkedHashMap<>(columns);
        int rows = copy.values().iterator().next().size();
        copy.forEach((name, column) -> {
            if (column.size() != rows) {
                throw new IllegalArgumentException("column '" + name + "' has " + column.size()
                        + " rows but the first column has " + rows);
            }
        });
        return new Dataset(copy, rows);
    }

    /**
     * A dataset from lists of values per column (Python's {@code Dataset.from_dict}), in map order.
     * Types are inferred: texts, integers, floats (integers mixed with floats become floats) or float
     * vectors ({@code float[]}, {@code double[]} or lists of numbers). Use a {@link LinkedHashMap} to
     * keep the column order.
     */
    public static Dataset fromMap(Map<String, ? extends List<?>> values) {
        Map<String, Column> built = new LinkedHashMap<>();
        values.forEach((name, list) -> built.put(name, Columns.fromValues(name, list)));
        return of(built);
    }

    /** Number of rows. */
    public int numRows() {
        return numRows;
    }

    /** Column names, in order. */
    public List<String> columnNames() {
        return List.copyOf(columns.keySet());
    }

    /** The column named {@code name}. */
    public Column column(String name) {
        Column column = columns.get(name);
        if (column == null) {
            throw missing(name);
        }
        return column;
    }

    /** The column named {@code name}, which must be of the given kind. */
    public <T extends Column> T column(String name, Class<T> kind) {
        Column column = column(name);
        if (!kind.isInstance(column)) {
            throw new IllegalArgumentException("column '" + name + "' is a " + column.type() + " column, not "
                    + kind.getSimpleName());
        }
        return kind.cast(column);
    }

    /** Whether a column named {@code name} exists. */
    public boolean hasColumn(String name) {
        return columns.containsKey(name);
    }

    /** A view of row {@code index}. */
    public Row row(int index) {
        if (index < 0 || index >= numRows) {
            throw new IndexOutOfBoundsException("row " + index + " of a dataset with " + numRows + " rows");
        }
        return new Row(this, index);
    }

    /** Only the named columns, in the given order (also to reorder them). */
    public Dataset selectColumns(String... names) {
        return selectColumns(Arrays.asList(names));
    }

    /** Only the named columns, in the given order (also to reorder them). */
    public Dataset selectColumns(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("select at least one column; the dataset has " + columnNames());
        }
        Map<String, Column> out = new LinkedHashMap<>();
        for (String name : names) {
            if (out.put(name, column(name)) != null) {
                throw new IllegalArgumentException("column '" + name + "' is selected twice");
            }
        }
        return new Dataset(out, numRows);
    }

    /** All columns but the named ones. */
    public Dataset removeColumns(String... names) {
        Set<String> remove = new LinkedHashSet<>(Arrays.asList(names));
        remove.forEach(this::column);
        List<String> keep = columns.keySet().stream().filter(n -> !remove.contains(n)).toList();
        if (keep.isEmpty()) {
            throw new IllegalArgumentException("removing " + remove + " would leave no column");
        }
        return selectColumns(keep);
    }

    /** The same columns with {@code from} renamed to {@code to}, in place. */
    public Dataset renameColumn(String from, String to) {
        column(from);
        if (!from.equals(to) && columns.containsKey(to)) {
            throw new IllegalArgumentException("cannot rename '" + from + "' to '" + to
                    + "': a column of that name exists in " + columnNames());
        }
        Map<String, Column> out = new LinkedHashMap<>();
        columns.forEach((name, column) -> out.put(name.equals(from) ? to : name, column));
        return new Dataset(out, numRows);
    }

    /** The rows at {@code indices}, in that order. */
    public Dataset select(int... indices) {
        for (int index : indices) {
            if (index < 0 || index >= numRows) {
                throw new IndexOutOfBoundsException("row " + index + " of a dataset with " + numRows + " rows");
            }
        }
        Map<String, Column> out = new LinkedHashMap<>();
        columns.forEach((name, column) -> out.put(name, column.select(indices)));
        return new Dataset(out, indices.length);
    }

    /** The rows {@code from} (inclusive) to {@code to} (exclusive), as {@code select(range(from, to))}. */
    public Dataset selectRange(int from, int to) {
        if (from < 0 || to > numRows || from > to) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") of a dataset with " + numRows
                    + " rows");
        }
        int[] indices = new int[to - from];
        Arrays.setAll(indices, i -> from + i);
        return select(indices);
    }

    /** The rows in a random order fixed by {@code seed}. */
    public Dataset shuffle(long seed) {
        return select(Permutations.random(numRows, new SplittableRandom(seed)));
    }

    /**
     * Splits shuffled rows into "train" and "test": the first {@code ceil(testSize * numRows)} rows of
     * the permutation are the test split, the rest the train split (as {@code train_test_split}).
     */
    public DatasetDict trainTestSplit(double testSize, long seed) {
        if (!(testSize > 0 && testSize < 1)) {
            throw new IllegalArgumentException("testSize must be a fraction in (0, 1), got " + testSize);
        }
        return trainTestSplit((int) Math.ceil(testSize * numRows), seed);
    }

    /** Splits shuffled rows into "train" and "test" with {@code testRows} rows in "test". */
    public DatasetDict trainTestSplit(int testRows, long seed) {
        if (testRows <= 0 || testRows >= numRows) {
            throw new IllegalArgumentException("the test split must have between 1 and " + (numRows - 1)
                    + " rows, got " + testRows);
        }
        int[] permutation = Permutations.random(numRows, new SplittableRandom(seed));
        Map<String, Dataset> splits = new LinkedHashMap<>();
        splits.put("train", select(Arrays.copyOfRange(permutation, testRows, numRows)));
        splits.put("test", select(Arrays.copyOfRange(permutation, 0, testRows)));
        return DatasetDict.of(splits);
    }

    /**
     * Applies {@code function} to every row; the columns it returns are added or replace existing ones
     * of the same name (in place), as {@code Dataset.map}. Every row must return the same column names.
     */
    public Dataset map(Function<Row, Map<String, ?>> function) {
        Map<String, List<Object>> produced = new LinkedHashMap<>();
        for (int i = 0; i < numRows; i++) {
            Map<String, ?> result = function.apply(new Row(this, i));
            if (i == 0) {
                result.keySet().forEach(name -> produced.put(name, new ArrayList<>(numRows)));
            } else if (!result.keySet().equals(produced.keySet())) {
                throw new IllegalArgumentException("map returned columns " + result.keySet() + " for row " + i
                        + " but " + produced.keySet() + " for row 0");
            }
            for (Map.Entry<String, ?> entry : result.entrySet()) {
                if (entry.getValue() == null) {
                    throw new IllegalArgumentException("map returned null for column '" + entry.getKey()
                            + "' at row " + i);
                }
                produced.get(entry.getKey()).add(entry.getValue());
            }
        }
        Map<String, Column> out = new LinkedHashMap<>(columns);
        produced.forEach((name, values) -> out.put(name, Columns.fromValues(name, values)));
        return new Dataset(out, numRows);
    }

    /** Only the rows for which {@code predicate} holds. */
    public Dataset filter(Predicate<Row> predicate) {
        int[] kept = new int[numRows];
        int count = 0;
        for (int i = 0; i < numRows; i++) {
            if (predicate.test(new Row(this, i))) {
                kept[count++] = i;
            }
        }
        return select(Arrays.copyOf(kept, count));
    }

    /**
     * Converts a column to another type: INTEGER to FLOAT, INTEGER or FLOAT to TEXT, TEXT to INTEGER or
     * FLOAT (every text must parse), FLOAT to INTEGER (every value must be integral).
     */
    public Dataset castColumn(String name, ColumnType type) {
        Map<String, Column> out = new LinkedHashMap<>(columns);
        out.put(name, Casts.cast(name, column(name), type));
        return new Dataset(out, numRows);
    }

    /**
     * Replaces the texts of a TEXT column by integer class ids, numbered in sorted order of the distinct
     * texts (as {@code class_encode_column}); returns the dataset and the class names by id.
     */
    public ClassEncoded classEncodeColumn(String name) {
        TextColumn texts = column(name, TextColumn.class);
        List<String> names = new ArrayList<>(new java.util.TreeSet<>(
                java.util.stream.IntStream.range(0, numRows).mapToObj(texts::get).collect(Collectors.toSet())));
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            ids.put(names.get(i), i);
        }
        long[] encoded = new long[numRows];
        for (int i = 0; i < numRows; i++) {
            encoded[i] = ids.get(texts.get(i));
        }
        Map<String, Column> out = new LinkedHashMap<>(columns);
        out.put(name, new IntegerColumn(encoded));
        return new ClassEncoded(new Dataset(out, numRows), List.copyOf(names));
    }

    /** The result of {@link #classEncodeColumn}: the dataset and the class name of each id. */
    public record ClassEncoded(Dataset dataset, List<String> classNames) {
    }

    /** The rows of all datasets one after another; all must have the same column names in the same order. */
    public static Dataset concatenate(Dataset... datasets) {
        return concatenate(Arrays.asList(datasets));
    }

    /** The rows of all datasets one after another; all must have the same column names in the same order. */
    public static Dataset concatenate(List<Dataset> datasets) {
        if (datasets.isEmpty()) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        List<String> names = datasets.get(0).columnNames();
        for (Dataset dataset : datasets) {
            if (!dataset.columnNames().equals(names)) {
                throw new IllegalArgumentException("cannot concatenate datasets with columns " + names + " and "
                        + dataset.columnNames() + "; use selectColumns to align them");
            }
        }
        Map<String, Column> out = new LinkedHashMap<>();
        for (String name : names) {
            try {
                out.put(name, Column.concat(datasets.stream().map(d -> d.column(name)).toList()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("column '" + name + "': " + e.getMessage(), e);
            }
        }
        return new Dataset(out, datasets.stream().mapToInt(Dataset::numRows).sum());
    }

    private IllegalArgumentException missing(String name) {
        return new IllegalArgumentException("no column '" + name + "' in the dataset; its columns are "
                + columnNames());
    }

    @Override
    public String toString() {
        return format("");
    }

    String format(String indent) {
        String features = columns.keySet().stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
        return "Dataset({\n" + indent + "    features: [" + features + "],\n" + indent + "    num_rows: " + numRows
                + "\n" + indent + "})";
    }
}
