package io.st4j.examples.training;

import io.st4j.data.Dataset;
import io.st4j.data.load.CsvLoader;
import io.st4j.data.ColumnType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * (anchor, positive, negative) triplets from an NLI file with columns {@code premise hypothesis label}:
 * for every premise that has both an entailed and a contradicted hypothesis, the premise is the anchor,
 * the entailment the positive and the contradiction the negative (as sentence-transformers' AllNLI
 * "triplet" subset is built).
 */
public final class NliTriplets {

    private NliTriplets() {
    }

    public static Dataset read(Path nliTsv) {
        Dataset nli = CsvLoader.tsv().columnType("label", ColumnType.TEXT).build().load(nliTsv);
        Map<String, String> entailment = new LinkedHashMap<>();
        Map<String, String> contradiction = new HashMap<>();
        for (int i = 0; i < nli.numRows(); i++) {
            var row = nli.row(i);
            String premise = row.text("premise");
            switch (row.text("label")) {
                case "entailment" -> entailment.putIfAbsent(premise, row.text("hypothesis"));
                case "contradiction" -> contradiction.putIfAbsent(premise, row.text("hypothesis"));
                default -> { }
            }
        }
        List<String> anchors = new ArrayList<>();
        List<String> positives = new ArrayList<>();
        List<String> negatives = new ArrayList<>();
        entailment.forEach((premise, positive) -> {
            String negative = contradiction.get(premise);
            if (negative != null) {
                anchors.add(premise);
                positives.add(positive);
                negatives.add(negative);
            }
        });
        Map<String, List<?>> columns = new LinkedHashMap<>();
        columns.put("anchor", anchors);
        columns.put("positive", positives);
        columns.put("negative", negatives);
        return Dataset.fromMap(columns);
    }
}
