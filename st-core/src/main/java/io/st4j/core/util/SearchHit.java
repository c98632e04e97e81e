package io.st4j.core.util;

/** One result of {@link SemanticSearch}: a corpus row and its score ({@code {"corpus_id", "score"}}). */
public record SearchHit(int corpusId, float score) {
}
