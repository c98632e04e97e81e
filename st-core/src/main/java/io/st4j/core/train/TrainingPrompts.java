package io.st4j.core.train;

import java.util.Map;

/**
 * The {@code prompts} training argument in its four forms: one prompt for every column of every dataset,
 * a prompt per column name, a prompt per dataset name, or a prompt per dataset and column.
 */
public final class TrainingPrompts {

    /** No prompts. */
    public static final TrainingPrompts NONE = new TrainingPrompts(null, Map.of(), Map.of(), Map.of());

    private final String everywhere;
    private final Map<String, String> byColumn;
    private final Map<String, String> byDataset;
    private final Map<String, Map<String, String>> byDatasetAndColumn;

    private TrainingPrompts(String everywhere, Map<String, String> byColumn, Map<String, String> byDataset,
                            Map<String, Map<String, String>> byDatasetAndColumn) {
        this.everywhere = everywhere;
        this.byColumn = Map.copyOf(byColumn);
        this.byDataset = Map.copyOf(byDataset);
        this.byDatasetAndColumn = Map.copyOf(byDatasetAndColumn);
    }

    /** One prompt for every input column. */
    public static TrainingPrompts of(String prompt) {
        return new TrainingPrompts(prompt, Map.of(), Map.of(), Map.of());
    }

    /** A prompt per column name ({@code {column: prompt}}). */
    public static TrainingPrompts byColumn(Map<String, String> prompts) {
        return new TrainingPrompts(null, prompts, Map.of(), Map.of());
    }

    /** A prompt per dataset name ({@code {dataset: prompt}}), for multi-dataset training. */
    public static TrainingPrompts byDataset(Map<String, String> prompts) {
        return new TrainingPrompts(null, Map.of(), prompts, Map.of());
    }

    /** A prompt per dataset and column ({@code {dataset: {column: prompt}}}). */
    public static TrainingPrompts byDatasetAndColumn(Map<String, Map<String, String>> prompts) {
        return new TrainingPrompts(null, Map.of(), Map.of(), prompts);
    }

    /** The prompt for {@code column} of {@code dataset} (null for a single dataset), or null for none. */
    public String promptFor(String dataset, String column) {
        if (everywhere != null) {
            return everywhere;
        }
        if (byColumn.containsKey(column)) {
            return byColumn.get(column);
        }
        if (dataset != null && byDataset.containsKey(dataset)) {
            return byDataset.get(dataset);
        }
        Map<String, String> columns = dataset == null ? null : byDatasetAndColumn.get(dataset);
        return columns == null ? null : columns.get(column);
    }
}
