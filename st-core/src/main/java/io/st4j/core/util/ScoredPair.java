package io.st4j.core.util;

/** One result of {@link ParaphraseMining}: rows {@code i < j} and their score ({@code [score, i, j]}). */
public record ScoredPair(float score, int i, int j) {
}
