package io.st4j.data.sampler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/** Shared checks of sampler tests. */
final class SamplerAssertions {

    private SamplerAssertions() {
    }

    /** Every index in {@code 0 .. rows-1} occurs exactly once across the batches. */
    static void assertEachRowOnce(List<int[]> batches, int rows) {
        int[] all = batches.stream().flatMapToInt(Arrays::stream).sorted().toArray();
        int[] expected = new int[rows];
        Arrays.setAll(expected, i -> i);
        assertArrayEquals(expected, all);
    }

    /** Resuming at every step gives the rest of the epoch's batches. */
    static void assertResumable(BatchSampler sampler, int epoch) {
        List<int[]> full = sampler.epoch(epoch);
        for (int step = 0; step <= full.size(); step++) {
            List<int[]> rest = new ArrayList<>();
            sampler.batches(epoch, step).forEachRemaining(rest::add);
            assertEquals(full.size() - step, rest.size(), "resumed at step " + step);
            for (int i = 0; i < rest.size(); i++) {
                assertArrayEquals(full.get(step + i), rest.get(i), "resumed at step " + step);
            }
        }
    }

    static List<List<Integer>> asLists(List<int[]> batches) {
        return batches.stream().map(b -> Arrays.stream(b).boxed().toList()).toList();
    }

    static <T> List<T> drain(Iterator<T> iterator) {
        List<T> out = new ArrayList<>();
        iterator.forEachRemaining(out::add);
        return out;
    }
}
