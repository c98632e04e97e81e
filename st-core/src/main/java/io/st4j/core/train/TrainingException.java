package io.st4j.core.train;

/**
 * Training stopped: a loss that is not finite, a dataset or output folder that does not fit, or a step that failed
 * on a cluster.
 */
public final class TrainingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
