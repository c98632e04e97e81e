package io.st4j.core;

import java.util.Locale;

/** Embedding precisions of sentence-transformers' {@code quantize_embeddings}. */
public enum Precision {
    FLOAT32, INT8, UINT8, BINARY, UBINARY;

    /** The name sentence-transformers uses ({@code float32}, {@code int8}, ...). */
    public String pythonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a precision name as sentence-transformers writes it. */
    public static Precision fromName(String name) {
        for (Precision p : values()) {
            if (p.pythonName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + name
                + "'; expected one of float32, int8, uint8, binary, ubinary");
    }
}
