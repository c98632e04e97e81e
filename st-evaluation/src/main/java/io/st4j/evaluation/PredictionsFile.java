package io.st4j.evaluation;

import io.st4j.core.io.AtomicFile;
import io.st4j.core.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON-lines predictions file of {@code InformationRetrievalEvaluator(write_predictions=True)}: per query
 * {@code {"query_id": ..., "query": ..., "results": [{"corpus_id": ..., "score": ...}, ...]}}, formatted by
 * {@link Json#dumps} as Python's {@code json.dumps} formats it. The file is replaced on each call.
 */
final class PredictionsFile {

    /** One retrieved document. */
    record Result(String corpusId, double score) {
    }

    private PredictionsFile() {
    }

    static void write(Path file, List<String> queryIds, List<String> queries, List<List<Result>> results) {
        StringBuilder out = new StringBuilder();
        for (int q = 0; q < queryIds.size(); q++) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("query_id", queryIds.get(q));
            line.put("query", queries.get(q));
            line.put("results", results.get(q).stream().map(PredictionsFile::json).toList());
            out.append(Json.dumps(line)).append('\n');
        }
        try {
            AtomicFile.writeString(file, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write predictions to " + file, e);
        }
    }

    private static Map<String, Object> json(Result result) {
        Map<String, Object> hit = new LinkedHashMap<>();
        hit.put("corpus_id", result.corpusId());
        hit.put("score", result.score());
        return hit;
    }
}
