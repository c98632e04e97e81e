package io.st4j.core.train;

/** Training stopped: a loss that is not finite, or a dataset or output folder that does not fit. */
public final class TrainingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TrainingException(String message) {
        super(message);
    }
}
