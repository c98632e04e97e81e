package io.st4j.hub;

import io.st4j.core.ModelCardData;
import io.st4j.core.SentenceTransformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The model card's metadata, as sentence-transformers' {@code SentenceTransformerModelCardData}: language,
 * license, model name and id, base model, training dataset names, task and extra tags, set by the user
 * when the model is created ({@link SentenceTransformer#setModelCardData}); and what a training run adds
 * ({@code trainingDetails}, kept up to date by {@link ModelCardCallback}). It has no place for a token.
 *
 * <pre>{@code
 * SentenceTransformer model = SentenceTransformer.load("microsoft/mpnet-base");
 * model.setModelCardData(SentenceTransformerModelCardData.builder().language("en").license("apache-2.0")
 *         .modelName("MPNet base trained on AllNLI").build());
 * }</pre>
 *
 * @param trainingDetails what training added, or null for a model not trained here
 */
public record SentenceTransformerModelCardData(List<String> language, String license, String modelName,
        String modelId, String baseModel, String baseModelRevision, List<DatasetRef> trainDatasets, String taskName,
        List<String> tags, TrainingDetails trainingDetails) implements ModelCardData {

    /** sentence-transformers' default task description. */
    public static final String DEFAULT_TASK = "semantic textual similarity, semantic search, paraphrase mining, "
            + "text classification, clustering, and more";

    /** The tags every sentence-transformers dense model card carries, in its order. */
    public static final List<String> DEFAULT_TAGS = List.of("sentence-transformers", "sentence-similarity",
            "feature-extraction", "dense");

    /** A training dataset: its display name and, for Hub datasets, id and revision (each may be null). */
    public record DatasetRef(String name, String id, String revision) {
    }

    public SentenceTransformerModelCardData {
        language = List.copyOf(language);
        trainDatasets = List.copyOf(trainDatasets);
        taskName = taskName == null ? DEFAULT_TASK : taskName;
        List<String> all = new ArrayList<>(DEFAULT_TAGS);
        for (String tag : tags) {
            if (!all.contains(Objects.requireNonNull(tag, "tag"))) {
                all.add(tag);
            }
        }
        tags = List.copyOf(all);
    }

    /** This data with the model's Hub id (as {@code set_model_id} when pushing). */
    public SentenceTransformerModelCardData withModelId(String id) {
        return new SentenceTransformerModelCardData(language, license, modelName, id, baseModel, baseModelRevision,
                trainDatasets, taskName, tags, trainingDetails);
    }

    /** This data with what a training run added. */
    public SentenceTransformerModelCardData withTrainingDetails(TrainingDetails details) {
        return new SentenceTransformerModelCardData(language, license, modelName, modelId, baseModel,
                baseModelRevision, trainDatasets, taskName, tags, details);
    }

    /**
     * The card data {@code model} carries, or the defaults when it carries none.
     *
     * @throws IllegalStateException if the model carries card data of another kind
     */
    public static SentenceTransformerModelCardData of(SentenceTransformer model) {
        ModelCardData data = model.modelCardData();
        if (data == null) {
            return builder().build();
        }
        if (data instanceof SentenceTransformerModelCardData own) {
            return own;
        }
        throw new IllegalStateException("the model's card data is a " + data.getClass().getName()
                + ", not a SentenceTransformerModelCardData");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with sentence-transformers' defaults (no language, license, base model or datasets). */
    public static final class Builder {
        private final List<String> language = new ArrayList<>();
        private String license;
        private String modelName;
        private String modelId;
        private String baseModel;
        private String baseModelRevision;
        private final List<DatasetRef> trainDatasets = new ArrayList<>();
        private String taskName;
        private final List<String> tags = new ArrayList<>();

        private Builder() {
        }

        public Builder language(String... codes) {
            language.addAll(List.of(codes));
            return this;
        }

        public Builder license(String value) {
            license = value;
            return this;
        }

        public Builder modelName(String value) {
            modelName = value;
            return this;
        }

        public Builder modelId(String value) {
            modelId = value;
            return this;
        }

        public Builder baseModel(String id, String revision) {
            baseModel = id;
            baseModelRevision = revision;
            return this;
        }

        public Builder trainDataset(String name, String hubId, String revision) {
            trainDatasets.add(new DatasetRef(name, hubId, revision));
            return this;
        }

        public Builder taskName(String value) {
            taskName = value;
            return this;
        }

        public Builder tags(String... values) {
            tags.addAll(List.of(values));
            return this;
        }

        public SentenceTransformerModelCardData build() {
            return new SentenceTransformerModelCardData(language, license, modelName, modelId, baseModel,
                    baseModelRevision, trainDatasets, taskName, tags, null);
        }
    }
}
