package io.st4j.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A BEIR-style retrieval set read from local files: queries ({@code query-id text}), corpus
 * ({@code corpus-id title text}; a document's text is {@code title + " " + text}, trimmed, as BEIR and MTEB
 * encode it) and qrels ({@code query-id corpus-id score}; a score above 0 marks a relevant document; without a
 * score column every listed pair is relevant). Files ending
 * in {@code .jsonl} are read in BEIR's JSON-lines form ({@code _id}, {@code title}, {@code text}); others as
 * tab-separated with a header row. Qrels naming a query or document that is not in the files are rejected.
 *
 * <p>{@code st4j evaluate ir} is {@code BeirData.read(queries, corpus, qrels).evaluator().build().evaluate(model, null, -1, -1)}.
 */
public record BeirData(Map<String, String> queries, Map<String, String> corpus, Map<String, Set<String>> relevantDocs) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public BeirData {
        queries = Collections.unmodifiableMap(new LinkedHashMap<>(queries));
        corpus = Collections.unmodifiableMap(new LinkedHashMap<>(corpus));
        relevantDocs = Collections.unmodifiableMap(new LinkedHashMap<>(relevantDocs));
    }

    /** Reads the three files, with titles joined to the document texts. */
    public static BeirData read(Path queriesFile, Path corpusFile, Path qrelsFile) {
        Map<String, String> queries = readQueries(queriesFile);
        Map<String, String> corpus = readCorpus(corpusFile, true);
        return new BeirData(queries, corpus, readQrels(qrelsFile, queries, corpus));
    }

    /** An {@link InformationRetrievalEvaluator} over this set, with sentence-transformers' defaults. */
    public InformationRetrievalEvaluator.Builder evaluator() {
        return InformationRetrievalEvaluator.builder(queries, corpus, relevantDocs);
    }

    /** Query id to text. */
    public static Map<String, String> readQueries(Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        if (isJsonLines(file)) {
            forEachJson(file, (node, where) -> put(out, text(node, "_id", where), text(node, "text", where), file, where));
            return out;
        }
        TsvTable table = TsvTable.read(file, 2);
        int id = table.column("query-id", 0);
        int text = table.column("text", 1);
        for (int r = 0; r < table.rows.size(); r++) {
            put(out, table.rows.get(r)[id], table.rows.get(r)[text], file, table.where(r));
        }
        return out;
    }

    /** Document id to text ({@code title + " " + text}, trimmed, when {@code withTitle}). */
    public static Map<String, String> readCorpus(Path file, boolean withTitle) {
        Map<String, String> out = new LinkedHashMap<>();
        if (isJsonLines(file)) {
            forEachJson(file, (node, where) -> {
                String title = node.hasNonNull("title") ? node.get("title").asText() : "";
                put(out, text(node, "_id", where), join(withTitle ? title : "", text(node, "text", where)), file, where);
            });
            return out;
        }
        TsvTable table = TsvTable.read(file, 2);
        int id = table.column("corpus-id", 0);
        int title = table.header.contains("title") ? table.header.indexOf("title") : -1;
        int text = table.column("text", table.header.size() - 1);
        for (int r = 0; r < table.rows.size(); r++) {
            String[] row = table.rows.get(r);
            put(out, row[id], join(withTitle && title >= 0 ? row[title] : "", row[text]), file, table.where(r));
        }
        return out;
    }

    /** Query id to relevant document ids (score > 0), checked against the queries and the corpus. */
    public static Map<String, Set<String>> readQrels(Path file, Map<String, String> queries, Map<String, String> corpus) {
        TsvTable table = TsvTable.read(file, 2);
        int query = table.column("query-id", 0);
        int doc = table.column("corpus-id", 1);
        // Without a score column (NanoBEIR's qrels) every listed pair is relevant.
        int score = table.header.size() > 2 ? table.column("score", 2) : -1;
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (int r = 0; r < table.rows.size(); r++) {
            String[] row = table.rows.get(r);
            double value = score < 0 ? 1 : parseScore(row[score], table.where(r));
            if (!queries.containsKey(row[query])) {
                throw new IllegalArgumentException(table.where(r) + ": query id '" + row[query] + "' is not among the "
                        + queries.size() + " queries");
            }
            if (!corpus.containsKey(row[doc])) {
                throw new IllegalArgumentException(table.where(r) + ": corpus id '" + row[doc] + "' is not in the corpus of "
                        + corpus.size() + " documents");
            }
            if (value > 0) {
                out.computeIfAbsent(row[query], k -> new LinkedHashSet<>()).add(row[doc]);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + " marks no document as relevant (no score above 0)");
        }
        return out;
    }

    private static double parseScore(String text, String where) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": score '" + text + "' is not a number");
        }
    }

    private static String join(String title, String text) {
        return (title + " " + text).strip();
    }

    private static void put(Map<String, String> out, String id, String text, Path file, String where) {
        if (out.put(id, text) != null) {
            throw new IllegalArgumentException(where + ": id '" + id + "' appears twice in " + file);
        }
    }

    private static boolean isJsonLines(Path file) {
        return file.getFileName().toString().endsWith(".jsonl");
    }

    private interface JsonRow {
        void accept(JsonNode node, String where);
    }

    private static void forEachJson(Path file, JsonRow consumer) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    consumer.accept(JSON.readTree(line), file + " line " + number);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(where + ": no '" + field + "' field");
        }
        return value.asText();
    }
}
