package io.st4j.core.io;

import java.nio.file.Path;

/** A model file or folder that does not hold what it should; the message names the file and the problem. */
public class ModelFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public ModelFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public ModelFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file or folder at fault. */
    public Path file() {
        return file;
    }
}
