package io.st4j.core.io;

import java.nio.file.Path;

/** A safetensors file that cannot be read; the message names the file and what is wrong. */
public final class SafeTensorsException extends ModelFormatException {

    private static final long serialVersionUID = 1L;

    public SafeTensorsException(Path file, String problem) {
        super(file, problem);
    }
}
