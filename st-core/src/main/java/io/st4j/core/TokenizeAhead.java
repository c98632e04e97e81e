package io.st4j.core;

import io.st4j.core.util.Futures;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

/**
 * The batches of one encode call, each tokenized one batch ahead on a helper thread: while the model runs batch
 * {@code k}, batch {@code k + 1} is being tokenized. Batches come out in order; a tokenization failure is thrown
 * by {@link #next()} of that batch, as it would have been without the look-ahead. Not thread-safe.
 *
 * @param <T> a tokenized batch
 */
final class TokenizeAhead<T> {

    /** Daemon threads, kept while encode calls come, ended after a minute idle. */
    private static final ExecutorService HELPERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "st4j-tokenize-ahead");
        thread.setDaemon(true);
        return thread;
    });

    private final int count;
    private final IntFunction<T> tokenize;
    private int index;
    private CompletableFuture<T> ahead;

    /** @param tokenize tokenizes batch {@code i} of {@code count}; called once per batch, in order */
    TokenizeAhead(int count, IntFunction<T> tokenize) {
        this.count = count;
        this.tokenize = tokenize;
    }

    boolean hasNext() {
        return index < count;
    }

    /** The next batch, tokenized; starts tokenizing the one after it. */
    T next() {
        T batch = ahead == null ? tokenize.apply(index) : Futures.join(ahead);
        index++;
        int following = index;
        ahead = following < count ? CompletableFuture.supplyAsync(() -> tokenize.apply(following), HELPERS) : null;
        return batch;
    }
}
