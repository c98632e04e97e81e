package io.st4j.hub.onnx;

import java.io.IOException;
import java.nio.file.Path;

/** An ONNX file that cannot be read as a BERT model; the message names the file and what is wrong. */
public class OnnxImportException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param file the ONNX file being read; {@code problem} says what is missing or wrong in it */
    public OnnxImportException(Path file, String problem) {
        super(file + ": " + problem);
    }

    /** As {@link #OnnxImportException(Path, String)}, keeping the underlying cause. */
    public OnnxImportException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
