package io.st4j.data;

/** The type of a {@link Column}'s values. */
public enum ColumnType {
    /** Text, stored as UTF-8. */
    TEXT,
    /** 64-bit integers. */
    INTEGER,
    /** 64-bit floating point numbers. */
    FLOAT,
    /** A list of 32-bit floats per row, e.g. an embedding. */
    FLOAT_VECTOR
}
