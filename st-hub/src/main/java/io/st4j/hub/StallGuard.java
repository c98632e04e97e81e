package io.st4j.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies a download's body, failing when no byte arrives for the read timeout (as the {@code timeout}
 * huggingface_hub passes to each read): the JDK's HTTP client bounds only the wait for headers, so a
 * watchdog closes a body that stalls, which ends the blocked read. The caller then resumes with
 * {@code Range}.
 */
final class StallGuard {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "st4j-hub-download-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private StallGuard() {
    }

    /** Copies {@code in} to {@code out}; throws {@link StalledException} after {@code timeout} without data. */
    static void copy(InputStream in, OutputStream out, Duration timeout) throws IOException {
        AtomicLong lastProgress = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        long period = Math.max(1, timeout.toMillis() / 4);
        ScheduledFuture<?> check = WATCHDOG.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastProgress.get() > timeout.toNanos() && stalled.compareAndSet(false, true)) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // the reader sees the stream closed either way
                }
            }
        }, period, period, TimeUnit.MILLISECONDS);
        byte[] buffer = new byte[1 << 16];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                lastProgress.set(System.nanoTime());
            }
        } catch (IOException e) {
            if (stalled.get()) {
                throw new StalledException("No data received for " + timeout.toMillis() + " ms", e);
            }
            throw e;
        } finally {
            check.cancel(false);
        }
    }

    /** A download that stalled longer than the read timeout. */
    static final class StalledException extends IOException {
        private static final long serialVersionUID = 1L;

        StalledException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
