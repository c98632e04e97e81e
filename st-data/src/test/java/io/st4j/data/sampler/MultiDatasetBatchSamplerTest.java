package io.st4j.data.sampler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.data.Dataset;
import io.st4j.data.DatasetDict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MultiDatasetBatchSamplerTest {

    private static Dataset texts(String prefix, int rows) {
        return Dataset.fromMap(Map.of("text", IntStream.range(0, rows).mapToObj(i -> prefix + i).toList()));
    }

    private static DatasetDict twoDatasets() {
        Map<String, Dataset> splits = new LinkedHashMap<>();
        splits.put("big", texts("b", 10));
        splits.put("small", texts("s", 4));
        return DatasetDict.of(splits);
    }

    private static List<String> names(List<DatasetBatch> batches) {
        return batches.stream().map(DatasetBatch::dataset).toList();
    }

    @Test
    void roundRobinTakesTurnsAndStopsWhenOneRunsOut() {
        MultiDatasetBatchSampler sampler = MultiDatasetBatchSamplers.ROUND_ROBIN.create(twoDatasets(),
                BatchSamplers.BATCH_SAMPLER, 2, false, 3);
        List<DatasetBatch> batches = sampler.epoch(0);
        // big has 5 batches, small 2: big, small, big, small, big, then small is exhausted
        assertEquals(List.of("big", "small", "big", "small", "big"), names(batches));
        assertEquals(4, sampler.numBatches(), "as Python's len: min(5, 2) * 2");
        List<Integer> smallRows = new ArrayList<>();
        batches.stream().filter(b -> b.dataset().equals("small")).forEach(b -> Arrays.stream(b.rows())
                .forEach(smallRows::add));
        assertEquals(List.of(0, 1, 2, 3), smallRows.stream().sorted().toList());
    }

    @Test
    void proportionalUsesEveryBatchOnce() {
        MultiDatasetBatchSampler sampler = MultiDatasetBatchSamplers.PROPORTIONAL.create(twoDatasets(),
                BatchSamplers.BATCH_SAMPLER, 2, false, 3);
        assertEquals(7, sampler.numBatches());
        for (int epoch = 0; epoch < 20; epoch++) {
            List<DatasetBatch> batches = sampler.epoch(epoch);
            assertEquals(5, names(batches).stream().filter("big"::equals).count());
            assertEquals(2, names(batches).stream().filter("small"::equals).count());
            int[] bigRows = batches.stream().filter(b -> b.dataset().equals("big"))
                    .flatMapToInt(b -> Arrays.stream(b.rows())).sorted().toArray();
            assertArrayEquals(IntStream.range(0, 10).toArray(), bigRows);
        }
    }

    @Test
    void proportionalPicksDatasetsInProportionToTheirBatches() {
        Map<String, Dataset> splits = new LinkedHashMap<>();
        splits.put("a", texts("a", 300));
        splits.put("b", texts("b", 100));
        DatasetDict datasets = DatasetDict.of(splits);
        int firstHalfA = 0;
        int total = 0;
        for (long seed = 0; seed < 200; seed++) {
            List<String> order = names(MultiDatasetBatchSamplers.PROPORTIONAL.create(datasets,
                    BatchSamplers.BATCH_SAMPLER, 10, false, seed).epoch(0));
            assertEquals(40, order.size());
            List<String> firstHalf = order.subList(0, 20);
            firstHalfA += (int) firstHalf.stream().filter("a"::equals).count();
            total += firstHalf.size();
        }
        double share = firstHalfA / (double) total;
        assertTrue(Math.abs(share - 0.75) < 0.02, "share of 'a' in the first half of epochs: " + share);
    }

    @Test
    void proportionalPassesOverDatasetsWhoseSamplerEndsEarly() {
        Map<String, Dataset> splits = new LinkedHashMap<>();
        splits.put("dupes", Dataset.fromMap(Map.of("text", List.of("x", "x", "x", "x"))));
        splits.put("plain", texts("p", 4));
        List<DatasetBatch> batches = MultiDatasetBatchSamplers.PROPORTIONAL.create(DatasetDict.of(splits),
                BatchSamplers.NO_DUPLICATES, 2, true, 1).epoch(0);
        assertEquals(List.of("plain", "plain"), names(batches), "'dupes' has no full batch without duplicates");
    }

    @Test
    void bothAreDeterministicAndResumable() {
        for (MultiDatasetBatchSamplers kind : MultiDatasetBatchSamplers.values()) {
            MultiDatasetBatchSampler sampler = kind.create(twoDatasets(), BatchSamplers.BATCH_SAMPLER, 2, false, 8);
            List<DatasetBatch> full = sampler.epoch(2);
            for (int step = 0; step <= full.size(); step++) {
                List<DatasetBatch> rest = SamplerAssertions.drain(sampler.batches(2, step));
                assertEquals(full.size() - step, rest.size());
                for (int i = 0; i < rest.size(); i++) {
                    assertEquals(full.get(step + i).dataset(), rest.get(i).dataset());
                    assertArrayEquals(full.get(step + i).rows(), rest.get(i).rows());
                }
            }
        }
    }
}
