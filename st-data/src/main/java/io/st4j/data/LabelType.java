package io.st4j.data;

/** What a loss expects in the label column of its dataset. */
public enum LabelType {
    /** The loss takes no label column. */
    NONE,
    /** A float score per row, e.g. a similarity in [0, 1] or [0, 5]. */
    FLOAT,
    /** An integer class per row (also 0/1 pair labels). */
    INTEGER,
    /** A vector of floats per row, e.g. teacher embeddings or teacher scores. */
    FLOAT_VECTOR,
    /** Any label column is accepted, but one must be present. */
    ANY
}
