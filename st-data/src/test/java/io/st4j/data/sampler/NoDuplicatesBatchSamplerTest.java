package io.st4j.data.sampler;

import static io.st4j.data.sampler.SamplerAssertions.asLists;
import static io.st4j.data.sampler.SamplerAssertions.assertEachRowOnce;
import static io.st4j.data.sampler.SamplerAssertions.assertResumable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.data.Dataset;
import io.st4j.data.Permutations;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NoDuplicatesBatchSamplerTest {

    private static Dataset pairs(List<String> anchors, List<String> positives) {
        Map<String, List<?>> values = new LinkedHashMap<>();
        values.put("anchor", anchors);
        values.put("positive", positives);
        return Dataset.fromMap(values);
    }

    @Test
    void rowsSharingAnAnchorGoToDifferentBatches() {
        Dataset data = pairs(List.of("q1", "q1", "q2", "q2"), List.of("p1", "p2", "p3", "p4"));
        for (long seed = 0; seed < 20; seed++) {
            List<int[]> batches = new NoDuplicatesBatchSampler(data, 2, false, seed, false).epoch(0);
            assertEquals(2, batches.size());
            for (int[] batch : batches) {
                assertEquals(2, batch.length);
                assertTrue((batch[0] < 2) != (batch[1] < 2), "one q1 row and one q2 row: " + asLists(batches));
            }
        }
    }

    @Test
    void whenNoRowsFitTogetherEachBatchIsShortOrDropped() {
        Dataset data = pairs(List.of("q", "q", "q", "q"), List.of("p1", "p2", "p3", "p4"));
        List<int[]> batches = new NoDuplicatesBatchSampler(data, 3, false, 1, false).epoch(0);
        assertEquals(List.of(1, 1, 1, 1), batches.stream().map(b -> b.length).toList());
        assertEachRowOnce(batches, 4);
        assertEquals(List.of(), new NoDuplicatesBatchSampler(data, 3, true, 1, false).epoch(0));
        assertEquals(1, new NoDuplicatesBatchSampler(data, 3, true, 1, false).numBatches(), "an upper bound");
    }

    @Test
    void comparesValuesAcrossColumnsButNotLabels() {
        Dataset crossed = pairs(List.of("a", "b"), List.of("b", "c"));
        assertEquals(2, new NoDuplicatesBatchSampler(crossed, 2, false, 3, false).epoch(0).size(),
                "'b' is row 0's positive and row 1's anchor");
        Map<String, List<?>> values = new LinkedHashMap<>();
        values.put("anchor", List.of("a", "b"));
        values.put("positive", List.of("x", "y"));
        values.put("score", List.of(1.0, 1.0));
        values.put("dataset_name", List.of("d", "d"));
        Dataset labelled = Dataset.fromMap(values);
        assertEquals(1, new NoDuplicatesBatchSampler(labelled, 2, false, 3, false).epoch(0).size(),
                "equal labels and dataset names do not count");
        Map<String, List<?>> mixed = new LinkedHashMap<>();
        mixed.put("text", List.of("1", "x"));
        mixed.put("id", List.of(5, 1));
        assertEquals(2, new NoDuplicatesBatchSampler(Dataset.fromMap(mixed), 2, false, 3, false).epoch(0).size(),
                "the integer 1 and the text '1' are equal as Python's str()");
    }

    /** Sentence-transformers' algorithm written plainly: scan the remaining rows in shuffled order. */
    private static List<List<Integer>> reference(Dataset data, int batchSize, boolean dropLast, long seed, int epoch) {
        int[] order = Permutations.random(data.numRows(), new SplittableRandom(seed + epoch));
        List<Integer> remaining = new ArrayList<>();
        for (int row : order) {
            remaining.add(row);
        }
        List<List<Integer>> batches = new ArrayList<>();
        while (!remaining.isEmpty()) {
            Set<String> seen = new HashSet<>();
            List<Integer> batch = new ArrayList<>();
            boolean full = false;
            for (int row : remaining) {
                Set<String> rowValues = new HashSet<>(List.of(data.row(row).text("anchor"),
                        data.row(row).text("positive")));
                if (rowValues.stream().anyMatch(seen::contains)) {
                    continue;
                }
                batch.add(row);
                if (batch.size() == batchSize) {
                    full = true;
                    break;
                }
                seen.addAll(rowValues);
            }
            if (full || !dropLast) {
                batches.add(batch);
            }
            remaining.removeAll(batch);
        }
        return batches;
    }

    private static Dataset randomPairs(Random random, int rows, int vocabulary) {
        List<String> anchors = new ArrayList<>();
        List<String> positives = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            anchors.add("t" + random.nextInt(vocabulary));
            positives.add("t" + random.nextInt(vocabulary));
        }
        return pairs(anchors, positives);
    }

    @Test
    void matchesThePlainAlgorithmAndKeepsItsPromisesOverManySeeds() {
        Random random = new Random(2024);
        for (int trial = 0; trial < 200; trial++) {
            Dataset data = randomPairs(random, 5 + random.nextInt(60), 3 + random.nextInt(40));
            int batchSize = 1 + random.nextInt(8);
            boolean dropLast = random.nextBoolean();
            long seed = random.nextInt(1000);
            for (boolean hashed : new boolean[] {false, true}) {
                NoDuplicatesBatchSampler sampler = new NoDuplicatesBatchSampler(data, batchSize, dropLast, seed, hashed);
                List<int[]> batches = sampler.epoch(trial % 3);
                assertEquals(reference(data, batchSize, dropLast, seed, trial % 3), asLists(batches),
                        "trial " + trial + " hashed " + hashed);
                for (int[] batch : batches) {
                    Set<String> seen = new HashSet<>();
                    for (int row : batch) {
                        Set<String> rowValues = new HashSet<>(List.of(data.row(row).text("anchor"),
                                data.row(row).text("positive")));
                        for (String value : rowValues) {
                            assertTrue(seen.add(value), "duplicate '" + value + "' in trial " + trial);
                        }
                    }
                    assertTrue(!dropLast || batch.length == batchSize);
                }
                if (!dropLast) {
                    assertEachRowOnce(batches, data.numRows());
                }
            }
        }
    }

    @Test
    void isResumableAtEveryStep() {
        Dataset data = randomPairs(new Random(7), 200, 150);
        assertResumable(new NoDuplicatesBatchSampler(data, 16, false, 11, false), 2);
        assertResumable(new NoDuplicatesBatchSampler(data, 16, true, 11, true), 0);
    }

    @Test
    void distinctDataIsUsedWholeInFullBatches() {
        Dataset data = pairs(IntStream.range(0, 100).mapToObj(i -> "q" + i).toList(),
                IntStream.range(0, 100).mapToObj(i -> "p" + i).toList());
        List<int[]> batches = new NoDuplicatesBatchSampler(data, 10, false, 0, true).epoch(4);
        assertEquals(10, batches.size());
        assertEachRowOnce(batches, 100);
    }
}
