package io.st4j.data.load;

/** A data file could not be read into a dataset; the message names the file and, where known, the line and column. */
public class DatasetLoadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DatasetLoadException(String message) {
        super(message);
    }

    public DatasetLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
