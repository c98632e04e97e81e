package io.st4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DatasetDictTest {

    private static Dataset numbered(String prefix, int rows) {
        return Dataset.fromMap(Map.of("text", IntStream.range(0, rows).mapToObj(i -> prefix + i).toList()));
    }

    private static DatasetDict splits() {
        Map<String, Dataset> splits = new LinkedHashMap<>();
        splits.put("train", numbered("t", 30));
        splits.put("dev", numbered("d", 10));
        return DatasetDict.of(splits);
    }

    private static List<String> texts(Dataset dataset) {
        TextColumn texts = dataset.column("text", TextColumn.class);
        return IntStream.range(0, dataset.numRows()).mapToObj(texts::get).toList();
    }

    @Test
    void namesAWholeSplit() {
        DatasetDict splits = splits();
        assertSame(splits.asMap().get("train"), splits.get("train"));
        assertSame(splits.asMap().get("dev"), splits.get("dev[:100%]"));
        assertEquals(List.of("train", "dev"), splits().names());
    }

    @Test
    void slicesByAbsoluteBounds() {
        assertEquals(List.of("t0", "t1", "t2"), texts(splits().get("train[:3]")));
        assertEquals(List.of("t10", "t11"), texts(splits().get("train[10:12]")));
        assertEquals(List.of("t28", "t29"), texts(splits().get("train[-2:]")));
        assertEquals(List.of("d8", "d9"), texts(splits().get("dev[8:1000]")), "bounds are clipped");
        assertEquals(0, splits().get("dev[5:2]").numRows());
    }

    /** Expected bounds checked against datasets 5.0.1's ReadInstruction.from_spec(...).to_absolute(...). */
    @Test
    void slicesByPercentRoundingHalfToEven() {
        assertEquals(List.of("t0", "t1", "t2"), texts(splits().get("train[:10%]")));
        // 25% of 10 rows = 2.5 rows, rounded half to even = 2 (Python's round)
        assertEquals(List.of("d0", "d1"), texts(splits().get("dev[:25%]")));
        // 35% of 10 = 3.5 -> 4
        assertEquals(List.of("d4", "d5", "d6", "d7", "d8", "d9"), texts(splits().get("dev[35%:]")));
        assertEquals(List.of("d9"), texts(splits().get("dev[-10%:]")));
        assertEquals(List.of("t3", "t4", "t5"), texts(splits().get("train[10%:20]")), "one % makes both percentages");
    }

    @Test
    void joinsPartsWithPlus() {
        assertEquals(List.of("t0", "d9"), texts(splits().get("train[:1]+dev[-1:]")));
    }

    @Test
    void rejectsBadExpressionsNamingWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> splits().get("test"));
        assertEquals("no split 'test' in 'test'; the splits are [train, dev]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> splits().get("train[:x]"));
        assertTrue(e.getMessage().startsWith("bad split expression 'train[:x]'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> splits().get("train[:150%]"));
    }

    @Test
    void printsLikePython() {
        assertEquals("DatasetDict({\n"
                + "    train: Dataset({\n        features: ['text'],\n        num_rows: 30\n    })\n"
                + "    dev: Dataset({\n        features: ['text'],\n        num_rows: 10\n    })\n"
                + "})", splits().toString());
    }
}
