package io.st4j.data.sampler;

import static io.st4j.data.sampler.SamplerAssertions.asLists;
import static io.st4j.data.sampler.SamplerAssertions.assertEachRowOnce;
import static io.st4j.data.sampler.SamplerAssertions.assertResumable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultBatchSamplerTest {

    @Test
    void cutsShuffledRowsIntoBatchesKeepingTheShortLastOne() {
        DefaultBatchSampler sampler = new DefaultBatchSampler(10, 4, false, 12);
        List<int[]> batches = sampler.epoch(0);
        assertEquals(List.of(4, 4, 2), batches.stream().map(b -> b.length).toList());
        assertEquals(3, sampler.numBatches());
        assertEachRowOnce(batches, 10);
        assertNotEquals(List.of(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7), List.of(8, 9)), asLists(batches),
                "rows are shuffled");
    }

    @Test
    void dropLastDropsTheShortBatch() {
        DefaultBatchSampler sampler = new DefaultBatchSampler(10, 4, true, 12);
        List<int[]> batches = sampler.epoch(0);
        assertEquals(List.of(4, 4), batches.stream().map(b -> b.length).toList());
        assertEquals(2, sampler.numBatches());
        assertEquals(8, batches.stream().flatMapToInt(Arrays::stream).distinct().count());
    }

    @Test
    void isDeterministicPerSeedAndEpochAndResumable() {
        for (long seed = 0; seed < 50; seed++) {
            DefaultBatchSampler sampler = new DefaultBatchSampler(37, 8, false, seed);
            assertEquals(asLists(sampler.epoch(3)), asLists(new DefaultBatchSampler(37, 8, false, seed).epoch(3)));
            assertNotEquals(asLists(sampler.epoch(0)), asLists(sampler.epoch(1)), "epochs differ, seed " + seed);
            assertEachRowOnce(sampler.epoch(2), 37);
        }
        assertResumable(new DefaultBatchSampler(37, 8, false, 5), 1);
    }

    @Test
    void rejectsANonPositiveBatchSize() {
        assertThrows(IllegalArgumentException.class, () -> new DefaultBatchSampler(10, 0, false, 1));
    }
}
