package io.st4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.data.sampler.DatasetBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CollationAheadTest {

    private static List<DatasetBatch> batches(int count) {
        List<DatasetBatch> batches = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batches.add(new DatasetBatch("d", new int[] {2 * i, 2 * i + 1}));
        }
        return batches;
    }

    private static Collator.Collated collatedRows(DatasetBatch batch) {
        List<String> texts = new ArrayList<>();
        for (int row : batch.rows()) {
            texts.add("row " + row);
        }
        return new Collator.Collated(List.of(texts), List.of(), null);
    }

    @Test
    void yieldsEveryBatchInOrderWithItsCollationFromAnotherThread() {
        List<DatasetBatch> sampled = batches(5);
        List<String> threads = new ArrayList<>();
        CollationAhead ahead = new CollationAhead(sampled.iterator(), batch -> {
            synchronized (threads) {
                threads.add(Thread.currentThread().getName());
            }
            return collatedRows(batch);
        });
        for (DatasetBatch expected : sampled) {
            assertTrue(ahead.hasNext());
            CollationAhead.Collated next = ahead.next();
            assertSame(expected, next.batch());
            assertEquals(collatedRows(expected).texts(), next.inputs().texts());
        }
        assertFalse(ahead.hasNext());
        assertThrows(NoSuchElementException.class, ahead::next);
        threads.forEach(name -> assertNotEquals(Thread.currentThread().getName(), name));
    }

    @Test
    void collatesTheNextBatchWhileTheCallerWorksOnTheCurrentOne() throws Exception {
        CountDownLatch secondStarted = new CountDownLatch(1);
        CollationAhead ahead = new CollationAhead(batches(2).iterator(), batch -> {
            if (batch.rows()[0] == 2) {
                secondStarted.countDown();
            }
            return collatedRows(batch);
        });
        ahead.next();
        assertTrue(secondStarted.await(10, TimeUnit.SECONDS), "the second batch was not collated ahead");
        ahead.settle();
        assertEquals(List.of("row 2", "row 3"), ahead.next().inputs().texts().get(0));
    }

    @Test
    void aCollationFailureSurfacesWhereItsBatchIsTaken() {
        CollationAhead ahead = new CollationAhead(batches(2).iterator(), batch -> {
            if (batch.rows()[0] == 2) {
                throw new IllegalArgumentException("bad label in batch 2");
            }
            return collatedRows(batch);
        });
        ahead.next();
        ahead.settle();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ahead::next);
        assertEquals("bad label in batch 2", e.getMessage());
    }
}
