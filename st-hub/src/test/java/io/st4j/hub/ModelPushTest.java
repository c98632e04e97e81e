package io.st4j.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.testing.TinyBert;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelPushTest {

    private static final String REPO = "me/tiny-bert";
    private static final List<String> SENTENCES = List.of("a quick fox", "w41 w42 w43 and b", "z");

    @TempDir
    static Path shared;

    private static SentenceTransformer model;
    private static Path savedFolder;

    @TempDir
    Path work;

    private FakeHub hub;
    private ModelPush push;

    @BeforeAll
    static void tinyModel() throws IOException {
        model = SentenceTransformer.load(TinyBert.folder(shared.resolve("tiny")));
        savedFolder = shared.resolve("saved");
        model.save(savedFolder);
    }

    @BeforeEach
    void setUp() throws IOException {
        hub = new FakeHub();
        push = new ModelPush(new HubClient(hub.config(work.resolve("push-cache")).build()));
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    @Test
    void pushedModelPulledIntoAnEmptyCacheEncodesIdentically() throws IOException {
        SentenceTransformerModelCardData card = SentenceTransformerModelCardData.builder().license("apache-2.0")
                .modelName("Tiny BERT").build();

        long tempsBefore = pushTemps();
        CommitInfo commit = push.push(model, REPO, PushToHubOptions.defaults().withPrivateRepo(true).withCardData(card));
        assertEquals(tempsBefore, pushTemps(), "the temporary folder is deleted");

        FakeHub.Repo repo = hub.repo(RepoType.MODEL, REPO);
        assertTrue(repo.isPrivate);
        assertEquals(repo.refs.get("main"), commit.commitOid());
        assertNull(commit.pullRequestUrl());
        assertTrue(hub.commitBodies.get(0).startsWith("{\"key\":\"header\",\"value\":{\"summary\":\""
                + PushToHubOptions.DEFAULT_COMMIT_MESSAGE + "\",\"description\":\"\"}}\n"), hub.commitBodies.get(0));

        Path emptyCache = Files.createDirectories(work.resolve("pull-cache"));
        Path pulled = new HubModelSource(new HubClient(hub.config(emptyCache).build())).resolve(REPO, null).orElseThrow();
        assertEquals(emptyCache.resolve("models--me--tiny-bert/snapshots/" + commit.commitOid()), pulled);
        float[][] expected = model.encode(SENTENCES);
        float[][] actual = SentenceTransformer.load(pulled).encode(SENTENCES);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], 0f, "sentence " + i);
        }

        String readme = Files.readString(pulled.resolve("README.md"));
        assertTrue(readme.contains("model = SentenceTransformer(\"" + REPO + "\")"), readme);
        assertTrue(readme.contains("# Tiny BERT\n"), readme);
        assertTrue(readme.contains("- **Output Dimensionality:** 32 dimensions\n"), readme);
        assertTrue(readme.contains("### Full Model Architecture\n\n```\n" + ModelArchitecture.of(savedFolder)), readme);
        assertFalse(readme.contains(FakeHub.TOKEN), "no token in the card");
    }

    private static long pushTemps() throws IOException {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("st4j-push-")).count();
        }
    }

    @Test
    void architectureAsPythonPrintsTheModel() throws IOException {
        assertEquals("""
                SentenceTransformer(
                  (0): Transformer({'max_seq_length': 64, 'do_lower_case': False}) with Transformer model: BertModel
                  (1): Pooling({'word_embedding_dimension': 32, 'pooling_mode_cls_token': False, \
                'pooling_mode_mean_tokens': True, 'pooling_mode_max_tokens': False, \
                'pooling_mode_mean_sqrt_len_tokens': False, 'pooling_mode_weightedmean_tokens': False, \
                'pooling_mode_lasttoken': False, 'include_prompt': True})
                )""", ModelArchitecture.of(savedFolder));
    }

    @Test
    void anExistingRepositoryNeedsExistOk() throws IOException {
        push.push(model, REPO, PushToHubOptions.defaults());
        HubHttpException exists = assertThrows(HubHttpException.class,
                () -> push.push(model, REPO, PushToHubOptions.defaults()));
        assertEquals(409, exists.statusCode());

        CommitInfo second = push.push(model, REPO, PushToHubOptions.defaults().withExistOk(true)
                .withCommitMessage("Again"));
        assertEquals(hub.repo(RepoType.MODEL, REPO).refs.get("main"), second.commitOid());
    }

    @Test
    void revisionIsABranchCreatedWhenMissing() throws IOException {
        push.push(model, REPO, PushToHubOptions.defaults());
        String main = hub.repo(RepoType.MODEL, REPO).refs.get("main");

        CommitInfo dev = push.push(model, REPO, PushToHubOptions.defaults().withExistOk(true).withRevision("dev")
                .withCardData(SentenceTransformerModelCardData.builder().modelName("dev build").build()));

        Map<String, String> refs = hub.repo(RepoType.MODEL, REPO).refs;
        assertEquals(main, refs.get("main"), "main untouched");
        assertEquals(dev.commitOid(), refs.get("dev"));
        assertEquals(1, hub.requests("hub", "POST", "/api/models/me/tiny-bert/branch/dev").size());
        assertTrue(new String(hub.repo(RepoType.MODEL, REPO).commits.get(dev.commitOid()).files().get("README.md"),
                StandardCharsets.UTF_8).contains("# dev build\n"));
    }

    @Test
    void createPrOpensAPullRequestDescribingTheModel() throws IOException {
        push.push(model, REPO, PushToHubOptions.defaults());

        CommitInfo pr = push.push(model, REPO, PushToHubOptions.defaults().withCreatePr(true)
                .withCardData(SentenceTransformerModelCardData.builder().modelName("PR build").build()));

        assertEquals(hub.url() + "/me/tiny-bert/discussions/1", pr.pullRequestUrl());
        String header = hub.commitBodies.get(1).lines().findFirst().orElseThrow();
        assertTrue(header.contains("## Full Model Architecture:\\n```\\nSentenceTransformer(\\n  (0): Transformer("),
                header);
        assertTrue(header.contains("revision=f\\\"refs/pr/{pr_number}\\\""), header);
    }

    @Test
    void pushFolderWritesACardOnlyWhenThereIsNone() throws IOException {
        Path folder = work.resolve("copy");
        model.save(folder);
        Files.delete(folder.resolve("README.md")); // written by save; a folder from elsewhere may have none

        push.pushFolder(folder, REPO, PushToHubOptions.defaults());

        String readme = Files.readString(folder.resolve("README.md"));
        assertTrue(readme.contains("model = SentenceTransformer(\"" + REPO + "\")"), readme);
        FakeHub.Commit first = hub.repo(RepoType.MODEL, REPO).commits.get(hub.repo(RepoType.MODEL, REPO).refs.get("main"));
        assertEquals(readme, new String(first.files().get("README.md"), StandardCharsets.UTF_8));

        Files.writeString(folder.resolve("README.md"), "# my own card\n");
        push.pushFolder(folder, REPO, PushToHubOptions.defaults().withExistOk(true));
        FakeHub.Commit second = hub.repo(RepoType.MODEL, REPO).commits.get(hub.repo(RepoType.MODEL, REPO).refs.get("main"));
        assertEquals("# my own card\n", new String(second.files().get("README.md"), StandardCharsets.UTF_8));

        assertThrows(IllegalArgumentException.class,
                () -> push.pushFolder(work.resolve("absent"), REPO, PushToHubOptions.defaults()));
    }
}
