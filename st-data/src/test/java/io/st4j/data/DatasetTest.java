package io.st4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DatasetTest {

    static Dataset sample() {
        Map<String, List<?>> values = new LinkedHashMap<>();
        values.put("anchor", List.of("a0", "a1", "a2", "a3", "a4"));
        values.put("positive", List.of("p0", "p1", "p2", "p3", "p4"));
        values.put("score", List.of(0.5, 1, 0.25, 0.0, 1.0));
        return Dataset.fromMap(values);
    }

    private static List<String> texts(Dataset dataset, String column) {
        TextColumn texts = dataset.column(column, TextColumn.class);
        return IntStream.range(0, dataset.numRows()).mapToObj(texts::get).toList();
    }

    @Test
    void fromMapInfersTypesAndPrintsLikePython() {
        Dataset dataset = sample();
        assertEquals(5, dataset.numRows());
        assertEquals(List.of("anchor", "positive", "score"), dataset.columnNames());
        assertEquals(ColumnType.TEXT, dataset.column("anchor").type());
        assertEquals(ColumnType.FLOAT, dataset.column("score").type(), "ints mixed with floats become floats");
        assertEquals("Dataset({\n    features: ['anchor', 'positive', 'score'],\n    num_rows: 5\n})",
                dataset.toString());
        Map<String, List<?>> more = new LinkedHashMap<>();
        more.put("id", List.of(1, 2L));
        more.put("emb", List.of(new float[] {1, 2}, List.of(3.5, 4)));
        Dataset typed = Dataset.fromMap(more);
        assertEquals(ColumnType.INTEGER, typed.column("id").type());
        assertEquals(2L, typed.row(1).integer("id"));
        assertArrayEquals(new float[] {3.5f, 4f}, typed.row(1).vector("emb"));
    }

    @Test
    void fromMapRejectsMixedAndNullValuesNamingTheColumn() {
        Map<String, List<?>> mixed = new LinkedHashMap<>();
        mixed.put("x", List.of("a", 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dataset.fromMap(mixed));
        assertTrue(e.getMessage().contains("column 'x' mixes TEXT and INTEGER"), e.getMessage());
        Map<String, List<?>> withNull = new LinkedHashMap<>();
        List<Object> values = new ArrayList<>();
        values.add("a");
        values.add(null);
        withNull.put("y", values);
        e = assertThrows(IllegalArgumentException.class, () -> Dataset.fromMap(withNull));
        assertTrue(e.getMessage().contains("column 'y' row 1"), e.getMessage());
        Map<String, List<?>> uneven = new LinkedHashMap<>();
        uneven.put("a", List.of("x", "y"));
        uneven.put("b", List.of("x"));
        e = assertThrows(IllegalArgumentException.class, () -> Dataset.fromMap(uneven));
        assertTrue(e.getMessage().contains("column 'b' has 1 rows"), e.getMessage());
    }

    @Test
    void selectColumnsReordersAndNamesMissingColumns() {
        Dataset dataset = sample().selectColumns("score", "anchor");
        assertEquals(List.of("score", "anchor"), dataset.columnNames());
        assertEquals("a2", dataset.row(2).text("anchor"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sample().selectColumns("anchor", "negative"));
        assertEquals("no column 'negative' in the dataset; its columns are [anchor, positive, score]", e.getMessage());
    }

    @Test
    void removesAndRenamesColumns() {
        Dataset removed = sample().removeColumns("score");
        assertEquals(List.of("anchor", "positive"), removed.columnNames());
        assertThrows(IllegalArgumentException.class, () -> sample().removeColumns("nope"));
        Dataset renamed = sample().renameColumn("positive", "text");
        assertEquals(List.of("anchor", "text", "score"), renamed.columnNames());
        assertEquals("p3", renamed.row(3).text("text"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sample().renameColumn("positive", "anchor"));
        assertTrue(e.getMessage().contains("a column of that name exists"), e.getMessage());
    }

    @Test
    void selectsRowsByIndicesAndRange() {
        assertEquals(List.of("a4", "a0", "a4"), texts(sample().select(4, 0, 4), "anchor"));
        Dataset range = sample().selectRange(1, 3);
        assertEquals(List.of("p1", "p2"), texts(range, "positive"));
        assertEquals(0.25, range.row(1).real("score"));
        assertThrows(IndexOutOfBoundsException.class, () -> sample().select(5));
        assertThrows(IndexOutOfBoundsException.class, () -> sample().selectRange(2, 6));
    }

    @Test
    void shuffleIsASeededPermutation() {
        Dataset a = sample().shuffle(42);
        Dataset b = sample().shuffle(42);
        assertEquals(texts(a, "anchor"), texts(b, "anchor"));
        assertEquals(List.of("a0", "a1", "a2", "a3", "a4"), texts(a, "anchor").stream().sorted().toList());
        for (int i = 0; i < 5; i++) {
            String anchor = a.row(i).text("anchor");
            assertEquals("p" + anchor.substring(1), a.row(i).text("positive"), "rows stay whole");
        }
        boolean anyDifferent = IntStream.range(0, 20)
                .anyMatch(seed -> !texts(sample().shuffle(seed), "anchor").equals(texts(a, "anchor")));
        assertTrue(anyDifferent);
    }

    @Test
    void trainTestSplitTakesCeilOfTheFractionForTest() {
        DatasetDict split = sample().trainTestSplit(0.3, 7);
        assertEquals(List.of("train", "test"), split.names());
        assertEquals(2, split.get("test").numRows(), "ceil(0.3 * 5) = 2");
        assertEquals(3, split.get("train").numRows());
        List<String> all = new ArrayList<>(texts(split.get("train"), "anchor"));
        all.addAll(texts(split.get("test"), "anchor"));
        assertEquals(List.of("a0", "a1", "a2", "a3", "a4"), all.stream().sorted().toList());
        assertEquals(texts(split.get("test"), "anchor"), texts(sample().trainTestSplit(2, 7).get("test"), "anchor"));
        assertThrows(IllegalArgumentException.class, () -> sample().trainTestSplit(1.0, 1));
    }

    @Test
    void mapAddsAndReplacesColumnsInPlace() {
        Dataset mapped = sample().map(row -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("anchor", row.text("anchor").toUpperCase());
            out.put("length", row.text("positive").length() + row.index());
            return out;
        });
        assertEquals(List.of("anchor", "positive", "score", "length"), mapped.columnNames());
        assertEquals(List.of("A0", "A1", "A2", "A3", "A4"), texts(mapped, "anchor"));
        assertEquals(6L, mapped.row(4).integer("length"));
        assertThrows(IllegalArgumentException.class,
                () -> sample().map(row -> row.index() == 0 ? Map.of("a", 1) : Map.of("b", 1)));
    }

    @Test
    void filterKeepsMatchingRowsInOrder() {
        Dataset kept = sample().filter(row -> row.real("score") >= 0.5);
        assertEquals(List.of("a0", "a1", "a4"), texts(kept, "anchor"));
        assertEquals(0, sample().filter(row -> false).numRows());
    }

    @Test
    void concatenatesDatasetsWithTheSameColumns() {
        Dataset joined = Dataset.concatenate(sample().selectRange(0, 2), sample().selectRange(4, 5));
        assertEquals(List.of("a0", "a1", "a4"), texts(joined, "anchor"));
        assertEquals(1.0, joined.row(2).real("score"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.concatenate(sample(), sample().removeColumns("score")));
        assertTrue(e.getMessage().contains("[anchor, positive, score] and [anchor, positive]"), e.getMessage());
    }

    @Test
    void castsAndClassEncodesColumns() {
        Map<String, List<?>> values = new LinkedHashMap<>();
        values.put("premise", List.of("p", "q", "r", "s"));
        values.put("label", List.of("neutral", "entailment", "neutral", "contradiction"));
        values.put("n", List.of("1", "2", "3", "4"));
        Dataset dataset = Dataset.fromMap(values);
        Dataset.ClassEncoded encoded = dataset.classEncodeColumn("label");
        assertEquals(List.of("contradiction", "entailment", "neutral"), encoded.classNames());
        IntegerColumn labels = encoded.dataset().column("label", IntegerColumn.class);
        assertEquals(List.of(2L, 1L, 2L, 0L), IntStream.range(0, 4).mapToObj(labels::get).toList());
        Dataset cast = dataset.castColumn("n", ColumnType.FLOAT);
        assertEquals(3.0, cast.row(2).real("n"));
        assertEquals("4.0", cast.castColumn("n", ColumnType.TEXT).row(3).text("n"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dataset.castColumn("premise", ColumnType.FLOAT));
        assertEquals("column 'premise' row 0: 'p' is not a number", e.getMessage());
    }

    @Test
    void rowGivesValuesByNameAndType() {
        Row row = sample().row(1);
        assertEquals(Map.of("anchor", "a1", "positive", "p1", "score", 1.0), row.toMap());
        assertEquals(List.of("anchor", "positive", "score"), new ArrayList<>(row.toMap().keySet()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> row.integer("score"));
        assertTrue(e.getMessage().contains("is a FLOAT column"), e.getMessage());
        assertNotEquals(sample().row(0).toMap(), row.toMap());
    }

    @Test
    void floatValuesPrintAsPythonRepr() {
        assertEquals("0.1", PythonRepr.ofDouble(0.1));
        assertEquals("1.0", PythonRepr.ofDouble(1));
        assertEquals("-2.5", PythonRepr.ofDouble(-2.5));
        assertEquals("1e-05", PythonRepr.ofDouble(1e-5));
        assertEquals("0.0001", PythonRepr.ofDouble(1e-4));
        assertEquals("1e+16", PythonRepr.ofDouble(1e16));
        assertEquals("1234567.125", PythonRepr.ofDouble(1234567.125));
        assertEquals("nan", PythonRepr.ofDouble(Double.NaN));
    }
}
