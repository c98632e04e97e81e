package io.st4j.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.SimilarityFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCardTest {

    private static final String ARCHITECTURE = """
            SentenceTransformer(
              (0): Transformer({'max_seq_length': 256, 'do_lower_case': False}) with Transformer model: BertModel
              (1): Pooling({'word_embedding_dimension': 384, 'pooling_mode_mean_tokens': True})
              (2): Normalize()
            )""";

    private static final ModelCard.ModelDescription MODEL =
            new ModelCard.ModelDescription(256, 384, SimilarityFunction.COSINE, ARCHITECTURE);

    @TempDir
    Path folder;

    @Test
    void frontMatterAsSentenceTransformersWritesIt() throws HubException {
        SentenceTransformerModelCardData data = SentenceTransformerModelCardData.builder().language("en")
                .license("apache-2.0").modelName("MiniLM trained on AllNLI").modelId("me/minilm-nli")
                .baseModel("nreimers/MiniLM-L6-H384-uncased", "3276f0fac9d818781d7a1327b3ff818fc4e643c0")
                .trainDataset("all-nli", "sentence-transformers/all-nli", null).tags("my-tag").build();

        String card = ModelCard.render(data, MODEL);
        JsonNode yaml = DatasetCardConfigs.frontMatter(card, "test card");

        assertEquals(List.of("language", "license", "tags", "base_model", "datasets", "pipeline_tag", "library_name"),
                iterable(yaml.fieldNames()));
        assertEquals("en", yaml.get("language").get(0).asText());
        assertEquals("apache-2.0", yaml.get("license").asText());
        assertEquals(List.of("sentence-transformers", "sentence-similarity", "feature-extraction", "dense", "my-tag"),
                texts(yaml.get("tags")));
        assertEquals("nreimers/MiniLM-L6-H384-uncased", yaml.get("base_model").asText());
        assertEquals(List.of("sentence-transformers/all-nli"), texts(yaml.get("datasets")));
        assertEquals("sentence-similarity", yaml.get("pipeline_tag").asText());
        assertEquals("sentence-transformers", yaml.get("library_name").asText());
        assertTrue(card.contains("\nlanguage:\n- en\nlicense: apache-2.0\ntags:\n- sentence-transformers\n"), card);
    }

    @Test
    void modelDetailsAsTheTemplateRendersThem() {
        SentenceTransformerModelCardData data = SentenceTransformerModelCardData.builder().language("en", "de")
                .license("apache-2.0").modelId("me/minilm-nli")
                .baseModel("nreimers/MiniLM-L6-H384-uncased", "3276f0fac9d818781d7a1327b3ff818fc4e643c0")
                .trainDataset("all-nli", "sentence-transformers/all-nli", null)
                .trainDataset("stsb", "sentence-transformers/stsb", null).build();

        String card = ModelCard.render(data, MODEL);

        assertTrue(card.contains("""

                # Sentence Transformer model

                This is a [sentence-transformers](https://www.SBERT.net) model finetuned from \
                [nreimers/MiniLM-L6-H384-uncased](https://huggingface.co/nreimers/MiniLM-L6-H384-uncased) on the \
                [all-nli](https://huggingface.co/datasets/sentence-transformers/all-nli) and \
                [stsb](https://huggingface.co/datasets/sentence-transformers/stsb) datasets. It maps sentences & \
                paragraphs to a 384-dimensional dense vector space and can be used for semantic textual similarity, \
                semantic search, paraphrase mining, text classification, clustering, and more.

                ## Model Details

                ### Model Description
                - **Model Type:** Sentence Transformer
                - **Base model:** [nreimers/MiniLM-L6-H384-uncased](https://huggingface.co/nreimers/MiniLM-L6-H384-uncased) \
                <!-- at revision 3276f0fac9d818781d7a1327b3ff818fc4e643c0 -->
                - **Maximum Sequence Length:** 256 tokens
                - **Output Dimensionality:** 384 dimensions
                - **Similarity Function:** Cosine Similarity
                - **Training Datasets:**
                    - [all-nli](https://huggingface.co/datasets/sentence-transformers/all-nli)
                    - [stsb](https://huggingface.co/datasets/sentence-transformers/stsb)
                - **Languages:** en, de
                - **License:** apache-2.0

                ### Model Sources
                """), card);
        assertTrue(card.contains("### Full Model Architecture\n\n```\n" + ARCHITECTURE + "\n```\n"), card);
        assertTrue(card.contains("model = SentenceTransformer(\"me/minilm-nli\")"), card);
        assertTrue(card.contains("    'The weather is lovely today.',\n    \"It's so sunny outside!\",\n"), card);
        assertTrue(card.contains("# [3, 384]"), card);
        assertTrue(card.contains("SentenceTransformer model = SentenceTransformer.load(\"me/minilm-nli\");"), card);
        assertTrue(card.contains("        \"It's so sunny outside!\",\n"), card);
    }

    @Test
    void unknownsAreCommentedOutAsInTheTemplate() {
        String card = ModelCard.render(SentenceTransformerModelCardData.builder().build(),
                new ModelCard.ModelDescription(128, 32, SimilarityFunction.DOT, "SentenceTransformer()"));
        assertTrue(card.contains("This is a [sentence-transformers](https://www.SBERT.net) model trained. It maps"), card);
        assertTrue(card.contains("<!-- - **Base model:** [Unknown](https://huggingface.co/unknown) -->\n"), card);
        assertTrue(card.contains("- **Similarity Function:** Dot Product\n"), card);
        assertTrue(card.contains("<!-- - **Training Dataset:** Unknown -->\n<!-- - **Language:** Unknown -->\n"
                + "<!-- - **License:** Unknown -->\n"), card);
        assertTrue(card.contains("SentenceTransformer(\"sentence_transformers_model_id\")"), card);
        assertFalse(card.contains("datasets:"), card);
    }

    @Test
    void writesReadmeWithoutLeavingTemporaryFiles() throws IOException {
        Path readme = ModelCard.write(folder, SentenceTransformerModelCardData.builder().modelName("x").build(), MODEL);
        assertEquals(folder.resolve("README.md"), readme);
        assertTrue(Files.readString(readme).startsWith("---\n# For reference on model card metadata"));
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of(readme), files.toList());
        }
    }

    @Test
    void pythonReprOfExampleSentences() {
        assertEquals("'plain'", ModelCard.pythonRepr("plain"));
        assertEquals("\"It's\"", ModelCard.pythonRepr("It's"));
        assertEquals("'a \"b\" \\'c\\''", ModelCard.pythonRepr("a \"b\" 'c'"));
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
