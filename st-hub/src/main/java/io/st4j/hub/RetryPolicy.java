package io.st4j.hub;

import java.time.Duration;

/**
 * How often and how patiently a request is repeated after a connection failure, a timeout, 429 or a
 * 5xx status: exponential back-off from {@code baseWait}, doubled on each attempt, capped at
 * {@code maxWait} (a {@code Retry-After} header, in seconds, replaces the computed wait, also capped).
 *
 * @param maxRetries retries after the first attempt (0 = none)
 */
public record RetryPolicy(int maxRetries, Duration baseWait, Duration maxWait) {

    /** huggingface_hub's {@code http_backoff} defaults: 5 retries, 1 s doubling to at most 8 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(8));

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
        }
        if (baseWait.isNegative() || maxWait.isNegative()) {
            throw new IllegalArgumentException("waits must not be negative");
        }
    }

    /** The wait before retry number {@code retry} (1-based), or the server's {@code Retry-After} if given. */
    Duration waitBefore(int retry, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(maxWait) > 0 ? maxWait : retryAfter;
        }
        Duration wait = baseWait;
        for (int i = 1; i < retry && wait.compareTo(maxWait) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxWait) > 0 ? maxWait : wait;
    }
}
