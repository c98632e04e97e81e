package io.st4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenizeAheadTest {

    @Test
    void tokenizesTheNextBatchOnAnotherThreadWhileTheCallerHoldsTheCurrentOne() throws Exception {
        CountDownLatch secondStarted = new CountDownLatch(1);
        ConcurrentHashMap<Integer, Thread> threads = new ConcurrentHashMap<>();
        TokenizeAhead<String> batches = new TokenizeAhead<>(3, b -> {
            assertTrue(threads.putIfAbsent(b, Thread.currentThread()) == null, "batch " + b + " tokenized twice");
            if (b == 1) {
                secondStarted.countDown();
            }
            return "batch " + b;
        });
        List<String> seen = new ArrayList<>();
        seen.add(batches.next());
        assertTrue(secondStarted.await(10, TimeUnit.SECONDS), "batch 1 not tokenized while batch 0 is in use");
        while (batches.hasNext()) {
            seen.add(batches.next());
        }
        assertEquals(List.of("batch 0", "batch 1", "batch 2"), seen);
        assertEquals(Thread.currentThread(), threads.get(0), "the first batch has nothing to overlap");
        assertNotEquals(Thread.currentThread(), threads.get(1));
        assertNotEquals(Thread.currentThread(), threads.get(2));
    }

    @Test
    void aTokenizationFailureIsThrownByItsOwnBatchAsItself() {
        TokenizeAhead<String> batches = new TokenizeAhead<>(3, b -> {
            if (b == 1) {
                throw new IllegalArgumentException("text 40 is not a string");
            }
            return "batch " + b;
        });
        assertEquals("batch 0", batches.next());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, batches::next);
        assertEquals("text 40 is not a string", e.getMessage());
    }

    @Test
    void aSingleBatchIsTokenizedOnTheCallingThread() {
        TokenizeAhead<Thread> batches = new TokenizeAhead<>(1, b -> Thread.currentThread());
        assertEquals(Thread.currentThread(), batches.next());
        assertFalse(batches.hasNext());
    }
}
