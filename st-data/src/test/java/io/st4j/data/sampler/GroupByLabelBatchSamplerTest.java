package io.st4j.data.sampler;

import static io.st4j.data.sampler.SamplerAssertions.assertResumable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.data.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupByLabelBatchSamplerTest {

    private static Dataset labelled(List<Integer> labels) {
        Map<String, List<?>> values = new LinkedHashMap<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            texts.add("text " + i);
        }
        values.put("text", texts);
        values.put("label", labels);
        return Dataset.fromMap(values);
    }

    private static void assertGrouped(Dataset data, int[] batch) {
        Map<Long, Integer> counts = new HashMap<>();
        for (int row : batch) {
            counts.merge(data.row(row).integer("label"), 1, Integer::sum);
        }
        assertTrue(counts.size() >= 2, "at least two labels in " + Arrays.toString(batch));
        assertTrue(counts.values().stream().allMatch(c -> c >= 2), "each label twice or more: " + counts);
    }

    @Test
    void leavesOutSingletonsAndOddRowsAndCountsBatches() {
        // A: rows 0-3, B: rows 4-7, C: rows 8-10 (its last row, 10, is left out), D: row 11 (left out)
        Dataset data = labelled(List.of(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3));
        GroupByLabelBatchSampler sampler = new GroupByLabelBatchSampler(data, 4, false, 9);
        // pairs per label 2, 2, 1 -> the stream has 2 * (2 + 2 + 1) = 10 rows -> 2 batches of 4, 2 rows left over
        assertEquals(2, sampler.numBatches());
        for (int epoch = 0; epoch < 30; epoch++) {
            List<int[]> batches = sampler.epoch(epoch);
            assertEquals(2, batches.size());
            Set<Integer> used = new HashSet<>();
            for (int[] batch : batches) {
                assertEquals(4, batch.length);
                assertGrouped(data, batch);
                Arrays.stream(batch).forEach(row -> assertTrue(used.add(row), "row used twice"));
            }
            assertFalse(used.contains(10) || used.contains(11));
        }
    }

    @Test
    void keepsItsPromisesOverManySeeds() {
        Random random = new Random(99);
        for (int trial = 0; trial < 300; trial++) {
            List<Integer> labels = new ArrayList<>();
            int labelCount = 2 + random.nextInt(6);
            int rows = 8 + random.nextInt(80);
            for (int i = 0; i < rows; i++) {
                labels.add(random.nextInt(labelCount));
            }
            Dataset data = labelled(labels);
            int batchSize = 4 + 2 * random.nextInt(4);
            boolean dropLast = random.nextBoolean();
            GroupByLabelBatchSampler sampler;
            try {
                sampler = new GroupByLabelBatchSampler(data, batchSize, dropLast, trial);
            } catch (IllegalArgumentException e) {
                continue;
            }
            List<int[]> batches = sampler.epoch(trial % 4);
            assertEquals(sampler.numBatches(), batches.size(), "trial " + trial);
            Set<Integer> used = new HashSet<>();
            for (int[] batch : batches) {
                assertGrouped(data, batch);
                assertTrue(batch.length == batchSize || (!dropLast && batch.length >= 4 && batch.length % 2 == 0));
                for (int row : batch) {
                    assertTrue(used.add(row), "row used twice, trial " + trial);
                }
            }
        }
    }

    @Test
    void isDeterministicAndResumable() {
        Dataset data = labelled(List.of(0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 3, 3, 3, 3));
        GroupByLabelBatchSampler sampler = new GroupByLabelBatchSampler(data, 4, false, 5);
        assertEquals(SamplerAssertions.asLists(sampler.epoch(1)),
                SamplerAssertions.asLists(new GroupByLabelBatchSampler(data, 4, false, 5).epoch(1)));
        assertResumable(sampler, 1);
    }

    @Test
    void rejectsOddBatchSizesAndTooFewLabels() {
        Dataset data = labelled(List.of(0, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new GroupByLabelBatchSampler(data, 5, false, 1));
        assertThrows(IllegalArgumentException.class, () -> new GroupByLabelBatchSampler(data, 2, false, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GroupByLabelBatchSampler(labelled(List.of(0, 0, 0, 1)), 4, false, 1));
        assertTrue(e.getMessage().contains("at least 2 labels with at least 2 rows each"), e.getMessage());
        Dataset unlabelled = data.removeColumns("label");
        e = assertThrows(IllegalArgumentException.class, () -> new GroupByLabelBatchSampler(unlabelled, 4, false, 1));
        assertTrue(e.getMessage().contains("the dataset has only [text]"), e.getMessage());
    }
}
