package io.st4j.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.SentenceEncoder;
import io.st4j.core.SentenceTransformer;
import io.st4j.core.modules.Pooling;
import io.st4j.core.modules.PoolingMode;
import io.st4j.core.modules.Transformer;
import io.st4j.core.testing.TinyBert;
import io.st4j.core.train.Evaluator;
import io.st4j.core.train.IntervalStrategy;
import io.st4j.core.train.SentenceTransformerTrainer;
import io.st4j.core.train.SentenceTransformerTrainingArguments;
import io.st4j.core.train.TrainerState;
import io.st4j.data.Dataset;
import io.st4j.losses.MultipleNegativesRankingLoss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model card after a short training run of the tiny BERT: what the callback collects and how it renders. */
class ModelCardCallbackTest {

    @TempDir
    static Path tmp;

    private static final String REVISION = "0123456789abcdef0123456789abcdef01234567";

    private static SentenceTransformer model;
    private static SentenceTransformerTrainingArguments args;
    private static TrainerState state;
    private static TrainingDetails details;
    private static String card;

    /** The mean and lowest cosine similarity of each anchor with its positive; a real measurement of the model. */
    static final class PairCosineEvaluator implements Evaluator {
        private final List<String> anchors;
        private final List<String> positives;

        PairCosineEvaluator(List<String> anchors, List<String> positives) {
            this.anchors = anchors;
            this.positives = positives;
        }

        @Override
        public String name() {
            return "pairs-dev";
        }

        @Override
        public Map<String, Double> evaluate(SentenceEncoder encoder, Path outputPath, int epoch, int steps) {
            float[][] a = encoder.encode(anchors);
            float[][] p = encoder.encode(positives);
            double sum = 0;
            double min = Double.MAX_VALUE;
            for (int i = 0; i < a.length; i++) {
                double dot = 0, na = 0, np = 0;
                for (int k = 0; k < a[i].length; k++) {
                    dot += a[i][k] * p[i][k];
                    na += a[i][k] * a[i][k];
                    np += p[i][k] * p[i][k];
                }
                double cosine = dot / Math.sqrt(na * np);
                sum += cosine;
                min = Math.min(min, cosine);
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("pairs-dev_mean_cosine", sum / a.length);
            metrics.put("pairs-dev_min_cosine", min);
            return metrics;
        }

        @Override
        public String primaryMetric() {
            return "pairs-dev_mean_cosine";
        }
    }

    @BeforeAll
    static void trainAndRender() throws IOException {
        Path tiny = TinyBert.folder(tmp.resolve("tiny"));
        model = SentenceTransformer.of(Transformer.load(tiny), new Pooling(32, PoolingMode.MEAN));
        List<String> vocab = TinyBert.vocabulary();
        List<String> anchors = new ArrayList<>();
        List<String> positives = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            anchors.add(vocab.get(5 + i) + " " + vocab.get(41 + i));
            positives.add(vocab.get(41 + i) + " " + vocab.get(60 + i) + " " + vocab.get(5 + i));
        }
        Map<String, List<?>> columns = new LinkedHashMap<>();
        columns.put("anchor", anchors);
        columns.put("positive", positives);
        Dataset train = Dataset.fromMap(columns);
        Dataset eval = train.selectRange(0, 4);
        args = SentenceTransformerTrainingArguments.builder(tmp.resolve("out")).numTrainEpochs(1)
                .perDeviceTrainBatchSize(4).learningRate(1e-3).warmupRatio(0.1).seed(11).loggingSteps(1)
                .evalStrategy(IntervalStrategy.STEPS).evalSteps(1).saveStrategy(IntervalStrategy.NO).build();
        MultipleNegativesRankingLoss loss = new MultipleNegativesRankingLoss();
        PairCosineEvaluator evaluator = new PairCosineEvaluator(anchors.subList(4, 8), positives.subList(4, 8));
        model.setModelCardData(SentenceTransformerModelCardData.builder().modelName("tiny")
                .trainDataset("tiny-pairs", "me/tiny-pairs", REVISION).build());

        // No card callback registered: the trainer adds st-hub's by itself.
        state = SentenceTransformerTrainer.builder(model, args).trainDataset(train).evalDataset(eval).loss(loss)
                .evaluator(evaluator).build().train();

        details = SentenceTransformerModelCardData.of(model).trainingDetails();
        Path folder = tmp.resolve("trained");
        model.save(folder);
        card = Files.readString(folder.resolve("README.md"));
    }

    @Test
    void trainingLogsFollowTheTrainersLogHistory() {
        List<Map<String, Object>> history = state.logHistory();
        List<Map<String, Object>> expected = new ArrayList<>();
        for (Map<String, Object> entry : history) {
            Map<String, Object> row = expected.isEmpty() || !expected.get(expected.size() - 1).get("Step")
                    .equals(entry.get("step")) ? new LinkedHashMap<>() : expected.remove(expected.size() - 1);
            row.putIfAbsent("Epoch", entry.get("epoch"));
            row.putIfAbsent("Step", entry.get("step"));
            if (entry.containsKey("loss")) {
                row.put("Training Loss", entry.get("loss"));
            }
            if (entry.containsKey("eval_loss")) {
                row.put("Validation Loss", entry.get("eval_loss"));
                row.put("pairs-dev_mean_cosine", entry.get("eval_pairs-dev_mean_cosine"));
            }
            expected.add(row);
        }
        assertEquals(2, state.globalStep(), "8 rows in batches of 4");
        assertEquals(2, expected.size(), history.toString());
        assertEquals(expected, details.trainingLogs());
        assertEquals(List.of("Epoch", "Step", "Training Loss", "Validation Loss", "pairs-dev_mean_cosine"),
                List.copyOf(details.trainingLogs().get(1).keySet()));

        Map<String, Object> last = history.stream().filter(e -> e.containsKey("eval_pairs-dev_min_cosine"))
                .reduce((a, b) -> b).orElseThrow();
        TrainingDetails.EvaluationDetails evaluation = details.evaluations().get(0);
        assertEquals(PairCosineEvaluator.class.getName(), evaluation.evaluatorClass());
        assertEquals("Pair Cosine", evaluation.description());
        assertEquals("mean_cosine", evaluation.primaryMetric());
        assertEquals(Map.of("mean_cosine", last.get("eval_pairs-dev_mean_cosine"),
                "min_cosine", last.get("eval_pairs-dev_min_cosine")), evaluation.metrics());
    }

    @Test
    void nonDefaultHyperparametersAsPythonPrintsThem() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("num_train_epochs", "1.0");
        expected.put("per_device_train_batch_size", "4");
        expected.put("learning_rate", "0.001");
        expected.put("warmup_ratio", "0.1");
        expected.put("seed", "11");
        expected.put("eval_strategy", "steps");
        assertEquals(expected, details.nonDefaultHyperparameters(), "without the keys sentence-transformers ignores");
        assertEquals("5e-05", Hyperparameters.all(SentenceTransformerTrainingArguments.builder(tmp).build())
                .get("learning_rate"));
        assertFalse(details.allHyperparameters().containsKey("metric_for_best_model"));
        assertEquals("None", details.allHyperparameters().get("hub_model_id"));
        assertEquals("False", details.allHyperparameters().get("load_best_model_at_end"));
        assertEquals("batch_sampler", details.allHyperparameters().get("batch_sampler"));
        assertFalse(details.allHyperparameters().containsKey("output_dir"));
        assertFalse(details.allHyperparameters().containsKey("logging_steps"));
        assertFalse(details.allHyperparameters().containsKey("hub_token"));
        assertEquals("every_save", details.allHyperparameters().get("hub_strategy"));
        assertEquals("False", details.allHyperparameters().get("push_to_hub"));
    }

    @Test
    void columnStatisticsOverTheFirstRows() {
        Map<String, List<?>> columns = new LinkedHashMap<>();
        columns.put("text", List.of("a", "a b c", "w41 w42"));
        columns.put("label", List.of(0L, 1L, 1L));
        columns.put("score", List.of(0.0, 0.5, 1.0));
        List<ColumnStatistics> statistics = ColumnStatistics.of(Dataset.fromMap(columns), model.inputModule());
        assertEquals(List.of(
                new ColumnStatistics("string", "<ul><li>min: 3 tokens</li><li>mean: 4.00 tokens</li><li>max: 5 tokens</li></ul>"),
                new ColumnStatistics("int", "<ul><li>0: ~33.33%</li><li>1: ~66.67%</li></ul>"),
                new ColumnStatistics("float", "<ul><li>min: 0.0</li><li>mean: 0.50</li><li>max: 1.0</li></ul>")),
                statistics, "[CLS] and [SEP] count, as the model's tokenizer gives them");
        assertTrue(card.contains("* Approximate statistics based on the first 8 samples:\n\n  |         | anchor "), card);
        assertTrue(card.contains("\n  | type    | string "), card);
        assertTrue(card.contains("\n  | details | <ul><li>min: 4 tokens</li><li>mean: 4.00 tokens</li><li>max: 4 tokens</li>"
                + "</ul> | <ul><li>min: 5 tokens</li><li>mean: 5.00 tokens</li><li>max: 5 tokens</li></ul> |\n"), card);
    }

    @Test
    void evaluatorDescriptionsAsSentenceTransformersNamesThem() {
        assertEquals("Pair Cosine", ModelCardCallback.description(new PairCosineEvaluator(List.of(), List.of())));
        Evaluator embeddingSimilarity = new EmbeddingSimilarityEvaluator();
        assertEquals("Semantic Similarity", ModelCardCallback.description(embeddingSimilarity));
    }

    /** Named as sentence-transformers' evaluator, which declares its own description. */
    private static final class EmbeddingSimilarityEvaluator implements Evaluator {
        @Override
        public String name() {
            return "";
        }

        @Override
        public Map<String, Double> evaluate(SentenceEncoder model, Path outputPath, int epoch, int steps) {
            return Map.of();
        }

        @Override
        public String primaryMetric() {
            return "spearman_cosine";
        }
    }

    @Test
    void cardRenderedToHtmlHasTheEvaluationTableAndHyperparameters() {
        Parser parser = Parser.builder().extensions(List.of(TablesExtension.create())).build();
        String html = HtmlRenderer.builder().extensions(List.of(TablesExtension.create())).build()
                .render(parser.parse(card.substring(card.indexOf("\n---\n") + 5)));

        String mean = String.format(Locale.ROOT, "%.4f", details.evaluations().get(0).metrics().get("mean_cosine"));
        assertTrue(html.contains("<h2>Evaluation</h2>"), html);
        assertTrue(html.contains("<h4>Pair Cosine</h4>"), html);
        assertTrue(html.contains("Evaluated with <code>" + PairCosineEvaluator.class.getName() + "</code>"), html);
        assertTrue(html.contains("<th align=\"left\">Metric</th>"), html);
        assertTrue(html.contains("<td align=\"left\"><strong>mean_cosine</strong></td>\n<td align=\"left\"><strong>" + mean
                + "</strong></td>"), html);
        assertTrue(html.contains("<h4>Non-Default Hyperparameters</h4>"), html);
        assertTrue(html.contains("<li><code>learning_rate</code>: 0.001</li>"), html);
        assertTrue(html.contains("<li><code>per_device_train_batch_size</code>: 4</li>"), html);
        assertTrue(html.contains("<h3>Training Logs</h3>"), html);
        assertTrue(html.contains("<th align=\"center\">Training Loss</th>"), html);
        assertTrue(html.contains("<th align=\"center\">pairs-dev_mean_cosine</th>"), html);
        assertTrue(html.contains("Size: 8 training samples"), html);
        assertTrue(card.contains("#### tiny-pairs\n\n* Dataset: [tiny-pairs](https://huggingface.co/datasets/me/tiny-pairs)"
                + " at [0123456](https://huggingface.co/datasets/me/tiny-pairs/tree/" + REVISION + ")\n"), card);
        assertTrue(html.contains("Columns: <code>anchor</code> and <code>positive</code>"), html);
        assertTrue(html.contains("<td align=\"left\"><code>a w41</code></td>"), html);
        assertTrue(html.contains("<h4>MultipleNegativesRankingLoss</h4>"), "loss citation: " + html);
        assertTrue(card.contains("""
                * Loss: [<code>MultipleNegativesRankingLoss</code>](https://sbert.net/docs/package_reference/\
                sentence_transformer/losses.html#multiplenegativesrankingloss) with these parameters:
                  ```json
                  {
                      "scale": 20.0,
                      "similarity_fct": "cos_sim","""), card);
        assertFalse(card.contains(FakeHub.TOKEN));
    }

    @Test
    void trainedModelPushedWithItsCardAndPulledIntoAnEmptyCacheEncodesIdentically() throws IOException {
        List<String> sentences = List.of("a w41 b", "w60 w61 w62 c", "z");
        try (FakeHub hub = new FakeHub()) {
            CommitInfo commit = new ModelPush(new HubClient(hub.config(tmp.resolve("push-cache")).build())).push(model,
                    "me/tiny-trained", PushToHubOptions.defaults());

            Path pulled = new HubModelSource(new HubClient(hub.config(Files.createDirectories(tmp.resolve("pull-cache")))
                    .build())).resolve("me/tiny-trained", null).orElseThrow();

            assertTrue(pulled.endsWith(commit.commitOid()), pulled.toString());
            float[][] expected = model.encode(sentences);
            float[][] actual = SentenceTransformer.load(pulled).encode(sentences);
            for (int i = 0; i < expected.length; i++) {
                assertArrayEquals(expected[i], actual[i], 0f, "sentence " + i);
            }
            String readme = Files.readString(pulled.resolve("README.md"));
            assertTrue(readme.contains("### Training Logs\n"), readme);
            assertTrue(readme.contains("- `learning_rate`: 0.001\n"), readme);
            assertTrue(readme.contains("model = SentenceTransformer(\"me/tiny-trained\")"), readme);
            assertFalse(readme.contains(FakeHub.TOKEN), "no token in the card");
        }
    }

    @Test
    void frontMatterNamesTheLossSizeAndMetrics() throws HubException {
        JsonNode yaml = DatasetCardConfigs.frontMatter(card, "trained card");
        List<String> tags = new ArrayList<>();
        yaml.get("tags").forEach(t -> tags.add(t.asText()));
        assertEquals(List.of("sentence-transformers", "sentence-similarity", "feature-extraction", "dense",
                "generated_from_trainer", "dataset_size:8", "loss:MultipleNegativesRankingLoss"), tags);
        List<String> metrics = new ArrayList<>();
        yaml.get("metrics").forEach(t -> metrics.add(t.asText()));
        assertEquals(List.of("mean_cosine", "min_cosine"), metrics);
        JsonNode index = yaml.get("model-index").get(0);
        assertEquals("tiny", index.get("name").asText());
        JsonNode result = index.get("results").get(0);
        assertEquals("pair-cosine", result.get("task").get("type").asText());
        assertEquals("Pair Cosine", result.get("task").get("name").asText());
        assertEquals("pairs dev", result.get("dataset").get("name").asText());
        assertEquals("pairs-dev", result.get("dataset").get("type").asText());
        assertEquals("mean_cosine", result.get("metrics").get(0).get("type").asText());
        assertEquals("Mean Cosine", result.get("metrics").get(0).get("name").asText());
        assertEquals(details.evaluations().get(0).metrics().get("mean_cosine"),
                result.get("metrics").get(0).get("value").asDouble(), 0.0, "the full value, not rounded");
    }
}
