package io.st4j.hub;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.io.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The model card's sections that come from training, laid out as sentence-transformers' template (a blank
 * line before each table inside a list item, so that CommonMark renders it): Evaluation (a metrics table
 * per evaluator), Training Details (datasets with sizes, columns, statistics, samples and loss; the
 * hyperparameters; the training logs), Framework Versions and Citation.
 */
final class TrainingDetailsSection {

    private static final String LOSSES_DOC = "https://sbert.net/docs/package_reference/sentence_transformer/losses.html#";
    private static final String EVALUATION_DOC = "https://sbert.net/docs/package_reference/sentence_transformer/"
            + "evaluation.html#sentence_transformers.evaluation.";
    /** st-evaluation's package: ports of sentence-transformers' evaluators, documented under the same names. */
    private static final String PORTED_EVALUATORS = "io.st4j.evaluation.";

    private TrainingDetailsSection() {
    }

    /** The tags sentence-transformers adds after training: {@code generated_from_trainer}, sizes, losses. */
    static List<String> tags(TrainingDetails details) {
        List<String> tags = new ArrayList<>(List.of("generated_from_trainer"));
        tags.add("dataset_size:" + details.trainDatasets().stream().mapToLong(TrainingDetails.DatasetDetails::size).sum());
        details.trainDatasets().forEach(d -> tags.add("loss:" + d.lossName()));
        return tags;
    }

    /** The names of the evaluators' metrics, for the front matter's {@code metrics}. */
    static List<String> metricNames(TrainingDetails details) {
        Set<String> names = new LinkedHashSet<>();
        details.evaluations().forEach(e -> names.addAll(e.metrics().keySet()));
        return List.copyOf(names);
    }

    /**
     * The front matter's {@code model-index}: one result per evaluator (task from its description, dataset
     * from its name, every metric with its full value), under {@code modelName}.
     */
    static List<Map<String, Object>> modelIndex(TrainingDetails details, String modelName) {
        List<Map<String, Object>> results = new ArrayList<>();
        for (TrainingDetails.EvaluationDetails evaluation : details.evaluations()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("task", Map.of("type", evaluation.description().toLowerCase(Locale.ROOT).replace(' ', '-'),
                    "name", evaluation.description()));
            if (!evaluation.name().isEmpty()) {
                result.put("dataset", Map.of("name", evaluation.name().replace('-', ' ').replace('_', ' '),
                        "type", evaluation.name()));
            }
            List<Map<String, Object>> metrics = new ArrayList<>();
            evaluation.metrics().forEach((metric, value) -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("type", metric);
                entry.put("value", value);
                entry.put("name", titleCase(metric.replace('_', ' ')));
                metrics.add(entry);
            });
            result.put("metrics", metrics);
            results.add(result);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", modelName);
        model.put("results", results);
        return List.of(model);
    }

    /** Python's {@code str.title()}: each word's first letter upper case, the rest lower case. */
    private static String titleCase(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean start = true;
        for (char c : text.toCharArray()) {
            out.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = !Character.isLetter(c);
        }
        return out.toString();
    }

    /** {@code ## Evaluation}, or nothing when no evaluator ran. */
    static String evaluation(TrainingDetails details) {
        if (details.evaluations().isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("## Evaluation\n\n### Metrics\n");
        for (TrainingDetails.EvaluationDetails evaluation : details.evaluations()) {
            md.append("\n#### ").append(evaluation.description()).append("\n\n");
            if (!evaluation.name().isEmpty()) {
                md.append("* Dataset: `").append(evaluation.name()).append("`\n");
            }
            String className = evaluation.evaluatorClass().substring(evaluation.evaluatorClass().lastIndexOf('.') + 1);
            md.append("* Evaluated with ").append(evaluation.evaluatorClass().startsWith(PORTED_EVALUATORS)
                    ? "[<code>" + className + "</code>](" + EVALUATION_DOC + className + ")"
                    : "<code>" + evaluation.evaluatorClass() + "</code>").append("\n\n");
            List<Map<String, Object>> rows = new ArrayList<>();
            evaluation.metrics().forEach((metric, value) -> {
                boolean primary = metric.equals(evaluation.primaryMetric());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("Metric", primary ? "**" + metric + "**" : metric);
                String text = MarkdownTable.fourDecimals(value);
                row.put("Value", primary ? "**" + text + "**" : text);
                rows.add(row);
            });
            md.append(MarkdownTable.of(rows, false));
        }
        return md.append('\n').toString();
    }

    /** {@code ## Training Details} through {@code ## Citation}. */
    static String training(TrainingDetails details) {
        StringBuilder md = new StringBuilder("## Training Details\n");
        datasets(md, "Training", "training", details.trainDatasets());
        datasets(md, "Evaluation", "evaluation", details.evalDatasets());
        md.append("\n### Training Hyperparameters\n");
        if (!details.nonDefaultHyperparameters().isEmpty()) {
            md.append("#### Non-Default Hyperparameters\n\n");
            details.nonDefaultHyperparameters().forEach((k, v) -> md.append("- `").append(k).append("`: ").append(v)
                    .append('\n'));
            md.append('\n');
        }
        md.append("#### All Hyperparameters\n<details><summary>Click to expand</summary>\n\n");
        details.allHyperparameters().forEach((k, v) -> md.append("- `").append(k).append("`: ").append(v).append('\n'));
        md.append("\n</details>\n");
        if (!details.trainingLogs().isEmpty()) {
            md.append("\n### Training Logs\n").append(MarkdownTable.of(details.trainingLogs(), true));
        }
        md.append("\n### Framework Versions\n- Java: ").append(System.getProperty("java.version"))
                .append("\n- st4j: ").append(version()).append("\n\n## Citation\n\n### BibTeX\n")
                .append("\n#### Sentence Transformers\n```bibtex\n").append(SentenceTransformer.CITATION).append("\n```\n");
        Map<String, String> citations = new LinkedHashMap<>();
        details.trainDatasets().forEach(d -> {
            if (d.lossCitation() != null) {
                citations.putIfAbsent(d.lossName(), d.lossCitation().strip());
            }
        });
        citations.forEach((loss, bibtex) -> md.append("\n#### ").append(loss).append("\n```bibtex\n").append(bibtex)
                .append("\n```\n"));
        return md.toString();
    }

    private static void datasets(StringBuilder md, String title, String kind,
            List<TrainingDetails.DatasetDetails> datasets) {
        if (datasets.isEmpty()) {
            return;
        }
        md.append("\n### ").append(title).append(" Dataset").append(datasets.size() > 1 ? "s" : "").append('\n');
        for (TrainingDetails.DatasetDetails dataset : datasets) {
            String name = dataset.name() == null ? "Unnamed Dataset" : dataset.name();
            md.append("\n#### ").append(name).append("\n\n");
            if (dataset.name() != null) {
                md.append("* Dataset: ").append(dataset.hubId() == null ? dataset.name()
                        : "[" + dataset.name() + "](https://huggingface.co/datasets/" + dataset.hubId() + ")");
                if (dataset.hubId() != null && dataset.revision() != null) {
                    md.append(" at [").append(dataset.revision(), 0, Math.min(7, dataset.revision().length()))
                            .append("](https://huggingface.co/datasets/").append(dataset.hubId()).append("/tree/")
                            .append(dataset.revision()).append(')');
                }
                md.append('\n');
            }
            md.append("* Size: ").append(String.format(Locale.ROOT, "%,d", dataset.size())).append(' ').append(kind)
                    .append(" samples\n* Columns: ").append(columns(dataset.columns())).append('\n');
            if (!dataset.statistics().isEmpty() && dataset.size() > 0) {
                Map<String, Object> types = new LinkedHashMap<>();
                Map<String, Object> stats = new LinkedHashMap<>();
                types.put("", "type");
                stats.put("", "details");
                for (int c = 0; c < dataset.columns().size(); c++) {
                    types.put(dataset.columns().get(c), dataset.statistics().get(c).type());
                    stats.put(dataset.columns().get(c), dataset.statistics().get(c).details());
                }
                md.append("* Approximate statistics based on the first ")
                        .append(Math.min(dataset.size(), ColumnStatistics.ROWS)).append(" samples:\n\n")
                        .append(MarkdownTable.of(List.of(types, stats), false).indent(2)).append('\n');
            }
            if (!dataset.samples().isEmpty()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (List<String> sample : dataset.samples()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 0; c < dataset.columns().size(); c++) {
                        row.put(dataset.columns().get(c), "<code>" + cell(sample.get(c)) + "</code>");
                    }
                    rows.add(row);
                }
                // A blank line first: a table cannot continue the list item's paragraph in CommonMark.
                md.append("* Samples:\n\n").append(MarkdownTable.of(rows, false).indent(2)).append('\n');
            }
            md.append("* Loss: [<code>").append(dataset.lossName()).append("</code>](").append(LOSSES_DOC)
                    .append(dataset.lossName().toLowerCase(Locale.ROOT)).append(')');
            if (!dataset.lossConfig().isEmpty()) {
                md.append(" with these parameters:\n")
                        .append(("```json\n" + Json.dumps(dataset.lossConfig(), 4) + "\n```").indent(2));
            } else {
                md.append('\n');
            }
        }
    }

    private static String columns(List<String> names) {
        List<String> code = names.stream().map(n -> "<code>" + n + "</code>").toList();
        if (code.size() <= 2) {
            return String.join(" and ", code);
        }
        return String.join(", ", code.subList(0, code.size() - 1)) + ", and " + code.get(code.size() - 1);
    }

    /** A table cell: one line, no Markdown table syntax, HTML escaped, at most 1000 characters. */
    private static String cell(String text) {
        String oneLine = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "&#124;")
                .replaceAll("\\s+", " ");
        return oneLine.length() <= 1000 ? oneLine : oneLine.substring(0, 1000) + "...";
    }

    private static String version() {
        String version = TrainingDetailsSection.class.getPackage().getImplementationVersion();
        return version != null ? version : "dev";
    }
}
