package io.st4j.hub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.st4j.core.SentenceTransformer;
import io.st4j.core.SimilarityFunction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code README.md} model card as sentence-transformers writes it: the YAML front matter ({@code language},
 * {@code license}, {@code tags}, {@code base_model}, {@code datasets}, {@code pipeline_tag}, {@code library_name},
 * and after training {@code metrics} and {@code model-index}), the title and summary, Model Details,
 * Model Sources, Full Model Architecture and Usage (Python and Java); with a training run's
 * {@link TrainingDetails} (which {@link ModelCardCallback} puts in the card data) also the {@code widget},
 * Evaluation, Training Details, Framework Versions and Citation.
 */
public final class ModelCard {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    private static final List<String> EXAMPLE = List.of("The weather is lovely today.", "It's so sunny outside!",
            "He drove to the stadium.");

    /**
     * What the card says about the model itself.
     *
     * @param architecture the model's printed form, e.g. {@code SentenceTransformer(\n  (0): Transformer(...)\n)}
     */
    public record ModelDescription(int maxSeqLength, int outputDimensionality, SimilarityFunction similarity,
            String architecture) {

        /**
         * The description of {@code model}, saved in {@code folder}: the output dimensionality is measured
         * by encoding one sentence (so that Dense layers and truncation count), the architecture is read
         * from the folder.
         */
        public static ModelDescription of(SentenceTransformer model, Path folder) throws IOException {
            int dimensions = model.encode(EXAMPLE.subList(0, 1))[0].length;
            return new ModelDescription(model.maxSeqLength(), dimensions, model.similarityFunction(),
                    ModelArchitecture.of(folder));
        }
    }

    private ModelCard() {
    }

    /**
     * Writes {@code README.md} into {@code folder} (through a temporary file, never half-written); with
     * the card data's training details when it has them.
     */
    public static Path write(Path folder, SentenceTransformerModelCardData data, ModelDescription model)
            throws IOException {
        Path readme = folder.resolve("README.md");
        Path temp = Files.createTempFile(folder, ".README", ".tmp");
        try {
            Files.writeString(temp, render(data, model), StandardCharsets.UTF_8);
            Files.move(temp, readme, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return readme;
    }

    /**
     * The card's Markdown text; when {@code data} has training details, also their tags, metric names and
     * widget in the front matter and the Evaluation, Training Details, Framework Versions and Citation sections.
     */
    public static String render(SentenceTransformerModelCardData data, ModelDescription model) {
        TrainingDetails training = data.trainingDetails();
        StringBuilder md = new StringBuilder();
        md.append("---\n")
                .append("# For reference on model card metadata, see the spec: "
                        + "https://github.com/huggingface/hub-docs/blob/main/modelcard.md?plain=1\n")
                .append("# Doc / guide: https://huggingface.co/docs/hub/model-cards\n")
                .append(frontMatter(data, training)).append("---\n\n");
        md.append("# ").append(data.modelName() != null ? data.modelName() : "Sentence Transformer model").append("\n\n");
        md.append(summary(data, model)).append("\n\n");
        md.append("## Model Details\n\n### Model Description\n- **Model Type:** Sentence Transformer\n");
        if (data.baseModel() != null) {
            md.append("- **Base model:** ").append(hubLink(data.baseModel(), data.baseModel()));
            if (data.baseModelRevision() != null) {
                md.append(" <!-- at revision ").append(data.baseModelRevision()).append(" -->");
            }
            md.append('\n');
        } else {
            md.append("<!-- - **Base model:** [Unknown](https://huggingface.co/unknown) -->\n");
        }
        md.append("- **Maximum Sequence Length:** ").append(model.maxSeqLength()).append(" tokens\n");
        md.append("- **Output Dimensionality:** ").append(model.outputDimensionality()).append(" dimensions\n");
        md.append("- **Similarity Function:** ").append(similarityName(model.similarity())).append('\n');
        List<SentenceTransformerModelCardData.DatasetRef> named = namedDatasets(data);
        if (!named.isEmpty()) {
            md.append("- **Training Dataset").append(named.size() > 1 ? "s" : "").append(":**\n");
            for (SentenceTransformerModelCardData.DatasetRef dataset : named) {
                md.append("    - ").append(datasetLink(dataset)).append('\n');
            }
        } else {
            md.append("<!-- - **Training Dataset:** Unknown -->\n");
        }
        if (!data.language().isEmpty()) {
            md.append("- **Language").append(data.language().size() > 1 ? "s" : "").append(":** ")
                    .append(String.join(", ", data.language())).append('\n');
        } else {
            md.append("<!-- - **Language:** Unknown -->\n");
        }
        md.append(data.license() != null ? "- **License:** " + data.license() + "\n"
                : "<!-- - **License:** Unknown -->\n");
        md.append("\n### Model Sources\n\n")
                .append("- **Documentation:** [Sentence Transformers Documentation](https://sbert.net)\n")
                .append("- **Repository:** [Sentence Transformers on GitHub]"
                        + "(https://github.com/huggingface/sentence-transformers)\n")
                .append("- **Hugging Face:** [Sentence Transformers on Hugging Face]"
                        + "(https://huggingface.co/models?library=sentence-transformers)\n");
        md.append("\n### Full Model Architecture\n\n```\n").append(model.architecture().strip()).append("\n```\n\n");
        md.append(usage(data, model, training == null || training.predictExample().isEmpty() ? EXAMPLE
                : training.predictExample()));
        if (training != null) {
            md.append('\n').append(TrainingDetailsSection.evaluation(training))
                    .append(TrainingDetailsSection.training(training));
        }
        return md.toString();
    }

    private static String frontMatter(SentenceTransformerModelCardData data, TrainingDetails training) {
        Map<String, Object> yaml = new LinkedHashMap<>();
        if (!data.language().isEmpty()) {
            yaml.put("language", data.language());
        }
        if (data.license() != null) {
            yaml.put("license", data.license());
        }
        List<String> tags = new ArrayList<>(data.tags());
        if (training != null) {
            TrainingDetailsSection.tags(training).stream().filter(t -> !tags.contains(t)).forEach(tags::add);
        }
        yaml.put("tags", tags);
        if (data.baseModel() != null) {
            yaml.put("base_model", data.baseModel());
        }
        if (training != null && !training.widget().isEmpty()) {
            List<Map<String, Object>> widget = new ArrayList<>();
            for (TrainingDetails.WidgetExample example : training.widget()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("source_sentence", example.sourceSentence());
                entry.put("sentences", example.sentences());
                widget.add(entry);
            }
            yaml.put("widget", widget);
        }
        List<String> datasetIds = data.trainDatasets().stream().map(SentenceTransformerModelCardData.DatasetRef::id)
                .filter(id -> id != null).distinct().toList();
        if (!datasetIds.isEmpty()) {
            yaml.put("datasets", datasetIds);
        }
        yaml.put("pipeline_tag", "sentence-similarity");
        yaml.put("library_name", "sentence-transformers");
        if (training != null && !TrainingDetailsSection.metricNames(training).isEmpty()) {
            yaml.put("metrics", TrainingDetailsSection.metricNames(training));
            String name = data.modelName() != null ? data.modelName()
                    : data.baseModel() != null ? "SentenceTransformer based on " + data.baseModel() : "SentenceTransformer";
            yaml.put("model-index", TrainingDetailsSection.modelIndex(training, name));
        }
        try {
            return YAML.writeValueAsString(yaml);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the model card's YAML", e);
        }
    }

    private static String summary(SentenceTransformerModelCardData data, ModelDescription model) {
        StringBuilder text = new StringBuilder("This is a [sentence-transformers](https://www.SBERT.net) model");
        text.append(data.baseModel() != null ? " finetuned from " + hubLink(data.baseModel(), data.baseModel())
                : " trained");
        List<SentenceTransformerModelCardData.DatasetRef> named = namedDatasets(data);
        if (!named.isEmpty()) {
            String names = String.join(", ", named.stream().map(SentenceTransformerModelCardData.DatasetRef::name)
                    .toList());
            text.append(" on ");
            if (names.length() > 200) {
                text.append(named.size());
            } else {
                text.append("the ");
                for (int i = 0; i < named.size(); i++) {
                    text.append(datasetLink(named.get(i)));
                    if (i < named.size() - 1) {
                        text.append(i == named.size() - 2 ? " and " : ", ");
                    }
                }
            }
            text.append(" dataset").append(named.size() > 1 ? "s" : "");
        }
        return text.append(". It maps sentences & paragraphs to a ").append(model.outputDimensionality())
                .append("-dimensional dense vector space and can be used for ").append(data.taskName()).append('.')
                .toString();
    }

    private static String usage(SentenceTransformerModelCardData data, ModelDescription model, List<String> texts) {
        String id = data.modelId() != null ? data.modelId() : "sentence_transformers_model_id";
        int n = texts.size();
        StringBuilder md = new StringBuilder("## Usage\n\n### Direct Usage (Sentence Transformers)\n\n")
                .append("First install the Sentence Transformers library:\n\n```bash\npip install -U sentence-transformers\n```\n\n")
                .append("Then you can load this model and run inference.\n```python\n")
                .append("from sentence_transformers import SentenceTransformer\n\n# Download from the \uD83E\uDD17 Hub\n")
                .append("model = SentenceTransformer(\"").append(id).append("\")\n# Run inference\nsentences = [\n");
        texts.forEach(s -> md.append("    ").append(pythonRepr(s)).append(",\n"));
        md.append("]\nembeddings = model.encode(sentences)\nprint(embeddings.shape)\n# [").append(n).append(", ")
                .append(model.outputDimensionality()).append("]\n\n# Get the similarity scores for the embeddings\n")
                .append("similarities = model.similarity(embeddings, embeddings)\nprint(similarities.shape)\n# [")
                .append(n).append(", ").append(n).append("]\n```\n\n");
        md.append("### Direct Usage (st4j, Java)\n\n```java\n")
                .append("SentenceTransformer model = SentenceTransformer.load(\"").append(id).append("\");\n")
                .append("List<String> sentences = List.of(\n");
        for (int i = 0; i < n; i++) {
            md.append("        \"").append(javaString(texts.get(i)))
                    .append(i < n - 1 ? "\",\n" : "\");\n");
        }
        md.append("float[][] embeddings = model.encode(sentences);\n// [").append(n).append("][")
                .append(model.outputDimensionality()).append("]\n")
                .append("float[][] similarities = model.similarity(embeddings, embeddings);\n// [").append(n)
                .append("][").append(n).append("]\n```\n");
        return md.toString();
    }

    private static List<SentenceTransformerModelCardData.DatasetRef> namedDatasets(SentenceTransformerModelCardData data) {
        return data.trainDatasets().stream().filter(d -> d.name() != null && !d.name().isEmpty()).toList();
    }

    private static String datasetLink(SentenceTransformerModelCardData.DatasetRef dataset) {
        return dataset.id() == null ? dataset.name()
                : "[" + dataset.name() + "](https://huggingface.co/datasets/" + dataset.id() + ")";
    }

    private static String hubLink(String text, String id) {
        return "[" + text + "](https://huggingface.co/" + id + ")";
    }

    /** How sentence-transformers' card names the similarity function. */
    static String similarityName(SimilarityFunction similarity) {
        return switch (similarity) {
            case COSINE -> "Cosine Similarity";
            case DOT -> "Dot Product";
            case EUCLIDEAN -> "Euclidean Distance";
            case MANHATTAN -> "Manhattan Distance";
        };
    }

    /** The body of a Java string literal holding {@code text}. */
    private static String javaString(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r");
    }

    /** Python's {@code repr} of a string: single quotes unless the text holds one and no double quote. */
    static String pythonRepr(String text) {
        char quote = text.contains("'") && !text.contains("\"") ? '"' : '\'';
        String body = text.replace("\\", "\\\\").replace("\n", "\\n");
        if (quote == '\'') {
            body = body.replace("'", "\\'");
        }
        return quote + body + quote;
    }
}
