package io.st4j.core.train;

import io.st4j.data.sampler.DatasetBatch;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Takes collation (prompts, tokenization, labels) off the training step's critical path: while the caller
 * trains on one batch, the next one is collated on a background thread. Batches come out in the sampler's
 * order with the collation the caller's thread would have produced. The caller calls {@link #settle()} after
 * the step's compute, so that the collator (and its tokenizer) is idle whenever the caller evaluates or saves.
 */
final class CollationAhead {

    /** A batch of rows and its collated inputs. */
    record Collated(DatasetBatch batch, Collator.Collated inputs) {
    }

    private final Iterator<DatasetBatch> batches;
    private final Function<DatasetBatch, Collator.Collated> collate;
    /** One daemon thread, ended after a second without work, so that an abandoned instance needs no closing. */
    private final ExecutorService executor = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), task -> {
                Thread thread = new Thread(task, "st4j-collation");
                thread.setDaemon(true);
                return thread;
            });
    private DatasetBatch pendingBatch;
    private Future<Collator.Collated> pending;

    CollationAhead(Iterator<DatasetBatch> batches, Function<DatasetBatch, Collator.Collated> collate) {
        this.batches = batches;
        this.collate = collate;
        startNext();
    }

    boolean hasNext() {
        return pendingBatch != null;
    }

    /** The next batch with its collation (waiting for it if need be); starts collating the one after. */
    Collated next() {
        if (pendingBatch == null) {
            throw new NoSuchElementException();
        }
        DatasetBatch batch = pendingBatch;
        Collator.Collated inputs = result(pending);
        startNext();
        return new Collated(batch, inputs);
    }

    /** Waits until the batch being collated ahead is ready (its failure, if any, surfaces in {@link #next()}). */
    void settle() {
        if (pending != null) {
            try {
                pending.get();
            } catch (ExecutionException e) {
                // next() rethrows it where the batch is used.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while collating the next batch", e);
            }
        }
    }

    private void startNext() {
        if (batches.hasNext()) {
            DatasetBatch batch = batches.next();
            pendingBatch = batch;
            pending = executor.submit(() -> collate.apply(batch));
        } else {
            pendingBatch = null;
            pending = null;
        }
    }

    private static Collator.Collated result(Future<Collator.Collated> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("collating a batch failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while collating a batch", e);
        }
    }
}
