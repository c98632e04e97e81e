package io.st4j.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.SentenceTransformer;
import io.st4j.core.modules.Pooling;
import io.st4j.core.modules.PoolingMode;
import io.st4j.core.modules.Transformer;
import io.st4j.core.testing.TinyBert;
import io.st4j.core.train.HubStrategy;
import io.st4j.core.train.IntervalStrategy;
import io.st4j.core.train.SentenceTransformerTrainer;
import io.st4j.core.train.SentenceTransformerTrainingArguments;
import io.st4j.core.train.TrainerCallback;
import io.st4j.core.train.TrainingRun;
import io.st4j.data.Dataset;
import io.st4j.losses.MultipleNegativesRankingLoss;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer's {@code pushToHub} against the local Hub: checkpoints and the final model with its card. */
class TrainerPushToHubTest {

    private static final String REPO = "me/pushed-run";

    @TempDir
    Path tmp;

    private Dataset pairs(int rows) {
        List<String> vocab = TinyBert.vocabulary();
        List<String> anchors = new ArrayList<>();
        List<String> positives = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            anchors.add(vocab.get(5 + i) + " " + vocab.get(41 + i));
            positives.add(vocab.get(41 + i) + " " + vocab.get(60 + i) + " " + vocab.get(5 + i));
        }
        Map<String, List<?>> columns = new LinkedHashMap<>();
        columns.put("anchor", anchors);
        columns.put("positive", positives);
        return Dataset.fromMap(columns);
    }

    @Test
    void trainingWithPushToHubEndsWithTheModelAndItsCardOnTheHub() throws IOException {
        SentenceTransformer model = SentenceTransformer.of(Transformer.load(TinyBert.folder(tmp.resolve("tiny"))),
                new Pooling(32, PoolingMode.MEAN));
        model.setModelCardData(SentenceTransformerModelCardData.builder().language("en").license("apache-2.0").build());
        Dataset train = pairs(8);
        SentenceTransformerTrainingArguments args = SentenceTransformerTrainingArguments.builder(tmp.resolve("run"))
                .numTrainEpochs(1).perDeviceTrainBatchSize(4).learningRate(1e-3).seed(5).loggingSteps(1)
                .saveStrategy(IntervalStrategy.STEPS).saveSteps(1).pushToHub(true).hubModelId(REPO)
                .hubStrategy(HubStrategy.CHECKPOINT).hubPrivateRepo(true).hubToken(FakeHub.TOKEN).build();
        List<TrainingRun> runs = new ArrayList<>();
        TrainerCallback initSpy = new TrainerCallback() {
            @Override
            public void onInitEnd(TrainingRun run) {
                runs.add(run);
            }
        };
        MultipleNegativesRankingLoss loss = new MultipleNegativesRankingLoss();

        try (FakeHub hub = new FakeHub()) {
            // Our own push callback (a client of the local Hub) replaces the one the trainer would add from the
            // environment, which could not reach any Hub here.
            SentenceTransformerTrainer.builder(model, args).trainDataset(train).evalDataset(pairs(8)).loss(loss)
                    .callback(initSpy).callback(new PushToHubCallback(new HubClient(hub.config(tmp.resolve("push"))
                            .build()))).build().train();

            assertEquals(1, runs.size());
            assertEquals(train, runs.get(0).trainDatasets().get(0).dataset());
            assertEquals(loss, runs.get(0).trainDatasets().get(0).loss());
            assertEquals(8, runs.get(0).evalDatasets().get(0).dataset().numRows());

            FakeHub.Repo repo = hub.repo(RepoType.MODEL, REPO);
            assertTrue(repo.isPrivate);
            List<String> messages = new ArrayList<>();
            for (String body : hub.commitBodies) {
                messages.add(HubHttp.JSON.readTree(body.lines().findFirst().orElseThrow()).get("value").get("summary")
                        .asText());
            }
            // The end of training pushes the same files as the last checkpoint: no empty commit is made.
            assertEquals(List.of("Training in progress, step 1", "Training in progress, step 1, checkpoint",
                    "Training in progress, step 2", "Training in progress, step 2, checkpoint"), messages);
            Map<String, byte[]> files = repo.commits.get(repo.refs.get("main")).files();
            assertTrue(files.containsKey("model.safetensors"), files.keySet().toString());
            assertTrue(files.containsKey("last-checkpoint/optimizer.safetensors"), files.keySet().toString());
            assertTrue(files.containsKey("last-checkpoint/trainer_state.json"), files.keySet().toString());
            assertTrue(files.containsKey("last-checkpoint/README.md"), "checkpoints carry the card too");
            assertFalse(files.containsKey("optimizer.safetensors"), "trainer files only in the checkpoint folder");

            Path pulled = new HubModelSource(new HubClient(hub.config(Files.createDirectories(tmp.resolve("pull")))
                    .build())).resolve(REPO, null).orElseThrow();
            List<String> sentences = List.of("a w41 b", "w60 w61 w62 c", "z");
            float[][] expected = model.encode(sentences);
            float[][] actual = SentenceTransformer.load(pulled).encode(sentences);
            for (int i = 0; i < expected.length; i++) {
                assertArrayEquals(expected[i], actual[i], 0f, "sentence " + i);
            }

            String card = Files.readString(pulled.resolve("README.md"));
            assertTrue(card.contains("model = SentenceTransformer(\"" + REPO + "\")"), card);
            assertTrue(card.contains("license: apache-2.0"), card);
            assertTrue(card.contains("### Training Logs\n"), card);
            assertTrue(card.contains("- `push_to_hub`: True\n"), card);
            assertTrue(card.contains("- `hub_strategy`: checkpoint\n"), card);
            JsonNode widget = DatasetCardConfigs.frontMatter(card, "pushed card").get("widget");
            assertTrue(widget != null && widget.size() > 0, card);
            assertFalse(card.contains(FakeHub.TOKEN), "never a token in the card");
            assertFalse(args.toString().contains(FakeHub.TOKEN), args.toString());
            assertTrue(args.toString().contains("hubToken=<HUB_TOKEN>"), args.toString());
            String lastCheckpointCard = new String(files.get("last-checkpoint/README.md"), StandardCharsets.UTF_8);
            assertFalse(lastCheckpointCard.contains(FakeHub.TOKEN));
        }
    }

    @Test
    void strategyEndPushesOnlyTheFinalModel() throws IOException {
        SentenceTransformer model = SentenceTransformer.of(Transformer.load(TinyBert.folder(tmp.resolve("tiny"))),
                new Pooling(32, PoolingMode.MEAN));
        SentenceTransformerTrainingArguments args = SentenceTransformerTrainingArguments.builder(tmp.resolve("run"))
                .maxSteps(1).perDeviceTrainBatchSize(4).saveStrategy(IntervalStrategy.STEPS).saveSteps(1)
                .pushToHub(true).hubModelId("pushed-run").hubStrategy(HubStrategy.END).build();
        try (FakeHub hub = new FakeHub()) {
            SentenceTransformerTrainer.builder(model, args).trainDataset(pairs(4)).loss(new MultipleNegativesRankingLoss())
                    .callback(new PushToHubCallback(new HubClient(hub.config(tmp.resolve("push")).build()))).build()
                    .train();

            assertEquals(1, hub.commitBodies.size());
            assertTrue(hub.commitBodies.get(0).startsWith("{\"key\":\"header\",\"value\":{\"summary\":\"End of training\""),
                    hub.commitBodies.get(0));
            FakeHub.Repo repo = hub.repo(RepoType.MODEL, REPO);
            assertFalse(repo.isPrivate, "hubPrivateRepo unset: public");
            Map<String, byte[]> files = repo.commits.get(repo.refs.get("main")).files();
            assertTrue(files.containsKey("README.md") && files.containsKey("model.safetensors"), files.keySet().toString());
            assertTrue(Files.isDirectory(tmp.resolve("run/checkpoint-1")), "checkpoints are still saved locally");
        }
    }

    @Test
    void aRepositoryNameWithoutNamespaceGoesToTheTokenOwner() throws IOException {
        try (FakeHub hub = new FakeHub()) {
            HubClient client = new HubClient(hub.config(tmp.resolve("cache")).build());
            assertEquals(FakeHub.USER + "/my-run", PushToHubCallback.repoId(SentenceTransformerTrainingArguments
                    .builder(tmp.resolve("my-run")).pushToHub(true).build(), client));
            assertEquals("org/x", PushToHubCallback.repoId(SentenceTransformerTrainingArguments.builder(tmp)
                    .hubModelId("org/x").build(), client));
            assertEquals(1, hub.requests("hub", "GET", "/api/whoami-v2").size(), "asked only for a bare name");
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> PushToHubCallback
                    .repoId(SentenceTransformerTrainingArguments.builder(tmp).hubModelId("a/b/c").build(), client));
            assertTrue(bad.getMessage().contains("'a/b/c'"), bad.getMessage());
        }
    }
}
