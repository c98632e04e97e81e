package io.st4j.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubUploadTest {

    private static final String REPO = "me/my-model";

    @TempDir
    Path work;

    private FakeHub hub;
    private HubClient client;
    private Path folder;
    private byte[] weights;
    private byte[] config;

    @BeforeEach
    void setUp() throws IOException {
        hub = new FakeHub();
        client = new HubClient(hub.config(work.resolve("cache")).build());
        folder = Files.createDirectories(work.resolve("model"));
        weights = new byte[3000];
        new Random(1).nextBytes(weights);
        config = "{\"dim\": 8}".getBytes(StandardCharsets.UTF_8);
        Files.write(folder.resolve("model.safetensors"), weights);
        Files.write(folder.resolve("config.json"), config);
        Files.createDirectories(folder.resolve(".git"));
        Files.writeString(folder.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    @Test
    void pushesRegularAndLfsFilesThenPullsThemBack() throws IOException {
        CommitInfo info = client.uploadFolder(RepoType.MODEL, REPO, folder,
                UploadOptions.defaults().withCommitMessage("Add new SentenceTransformer model").withPrivateRepo(true));

        String oid = FakeHub.sha256(weights);
        String expectedNdjson = "{\"key\":\"header\",\"value\":{\"summary\":\"Add new SentenceTransformer model\","
                + "\"description\":\"\"}}\n"
                + "{\"key\":\"file\",\"value\":{\"content\":\"" + Base64.getEncoder().encodeToString(config)
                + "\",\"path\":\"config.json\",\"encoding\":\"base64\"}}\n"
                + "{\"key\":\"lfsFile\",\"value\":{\"path\":\"model.safetensors\",\"algo\":\"sha256\",\"oid\":\"" + oid
                + "\",\"size\":3000}}\n";
        assertEquals(List.of(expectedNdjson), hub.commitBodies);
        assertTrue(hub.repo(RepoType.MODEL, REPO).isPrivate);
        String head = hub.repo(RepoType.MODEL, REPO).refs.get("main");
        assertEquals(head, info.commitOid());
        assertEquals(hub.url() + "/me/my-model/commit/" + head, info.commitUrl());
        assertNull(info.pullRequestUrl());

        FakeHub.Request put = hub.requests("storage", "PUT", "/upload/" + oid).get(0);
        assertNull(put.header("authorization"), "no token to the storage host");
        assertArrayEquals(weights, put.body());
        FakeHub.Request batch = hub.requests("hub", "POST", "/me/my-model.git/info/lfs/objects/batch").get(0);
        assertEquals("application/vnd.git-lfs+json", batch.header("Content-Type"));
        assertEquals("application/vnd.git-lfs+json", batch.header("Accept"));
        assertEquals("{\"operation\":\"upload\",\"transfers\":[\"basic\",\"multipart\"],\"objects\":[{\"oid\":\"" + oid
                + "\",\"size\":3000}],\"hash_algo\":\"sha256\",\"ref\":{\"name\":\"main\"}}",
                new String(batch.body(), StandardCharsets.UTF_8));
        assertEquals(1, hub.requests("hub", "POST", "/objects/verify").size());
        String preupload = new String(hub.requests("hub", "POST", "/api/models/me/my-model/preupload/main").get(0).body(),
                StandardCharsets.UTF_8);
        assertEquals("{\"files\":[{\"path\":\"config.json\",\"sample\":\"" + Base64.getEncoder().encodeToString(config)
                + "\",\"size\":" + config.length + "},{\"path\":\"model.safetensors\",\"sample\":\""
                + Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(weights, 512)) + "\",\"size\":3000}]}",
                preupload, ".git is never sent");

        Path pulled = new HubClient(hub.config(work.resolve("empty-cache")).build())
                .snapshotDownload(RepoType.MODEL, REPO, null, SnapshotFilter.ALL);
        assertEquals(head, pulled.getFileName().toString());
        assertArrayEquals(weights, Files.readAllBytes(pulled.resolve("model.safetensors")));
        assertArrayEquals(config, Files.readAllBytes(pulled.resolve("config.json")));
    }

    @Test
    void onlyChangedFilesAreSent() throws IOException {
        client.uploadFolder(RepoType.MODEL, REPO, folder, UploadOptions.defaults());
        String first = hub.repo(RepoType.MODEL, REPO).refs.get("main");

        CommitInfo unchanged = client.uploadFolder(RepoType.MODEL, REPO, folder, UploadOptions.defaults());
        assertEquals(1, hub.commitBodies.size(), "nothing changed: no commit");
        assertEquals(first, unchanged.commitOid());

        byte[] newConfig = "{\"dim\": 16}".getBytes(StandardCharsets.UTF_8);
        Files.write(folder.resolve("config.json"), newConfig);
        client.uploadFolder(RepoType.MODEL, REPO, folder, UploadOptions.defaults().withCommitMessage("Update"));
        assertEquals(2, hub.commitBodies.size());
        String second = hub.commitBodies.get(1);
        assertTrue(second.contains("\"path\":\"config.json\""), second);
        assertTrue(!second.contains("model.safetensors"), "unchanged LFS file not resent: " + second);
        assertEquals(1, hub.requests("storage", "PUT", "/upload/").size());
    }

    @Test
    void lfsObjectAlreadyStoredIsNotUploadedAgain() throws IOException {
        hub.lfsStore.put(FakeHub.sha256(weights), weights);
        client.uploadFolder(RepoType.MODEL, REPO, folder, UploadOptions.defaults());
        assertEquals(0, hub.requests("storage", "PUT", "/upload/").size());
        assertTrue(hub.commitBodies.get(0).contains("\"key\":\"lfsFile\""));
    }

    @Test
    void multipartUploadWhenTheServerAsksForIt() throws IOException {
        hub.multipartChunk = 1024;
        client.uploadFolder(RepoType.MODEL, REPO, folder, UploadOptions.defaults());

        assertEquals(3, hub.requests("storage", "PUT", "/part/").size(), "3000 bytes in parts of 1024");
        FakeHub.Request completion = hub.requests("storage", "POST", "/complete/").get(0);
        assertEquals("{\"oid\":\"" + FakeHub.sha256(weights) + "\",\"parts\":[{\"partNumber\":1,\"etag\":\"\\\"etag-1\\\"\"},"
                + "{\"partNumber\":2,\"etag\":\"\\\"etag-2\\\"\"},{\"partNumber\":3,\"etag\":\"\\\"etag-3\\\"\"}]}",
                new String(completion.body(), StandardCharsets.UTF_8));
        assertNull(completion.header("authorization"));
        Path pulled = new HubClient(hub.config(work.resolve("empty-cache")).build())
                .downloadFile(RepoType.MODEL, REPO, "model.safetensors", null);
        assertArrayEquals(weights, Files.readAllBytes(pulled));
    }

    @Test
    void createPrOpensAPullRequest() throws IOException {
        client.uploadFolder(RepoType.MODEL, REPO, folder, UploadOptions.defaults());
        Files.writeString(folder.resolve("README.md"), "# my model\n");

        CommitInfo pr = client.uploadFolder(RepoType.MODEL, REPO, folder, UploadOptions.defaults().withCreatePr(true));

        assertNotNull(pr.pullRequestUrl());
        assertEquals(hub.url() + "/me/my-model/discussions/1", pr.pullRequestUrl());
        assertEquals(pr.commitOid(), hub.repo(RepoType.MODEL, REPO).refs.get("refs/pr/1"));
        assertEquals(1, hub.requests("hub", "POST", "/commit/main").stream()
                .filter(r -> "create_pr=1".equals(r.query())).count());
        Path readme = client.downloadFile(RepoType.MODEL, REPO, "README.md", "refs/pr/1");
        assertEquals("# my model\n", Files.readString(readme));
    }

    @Test
    void pushToAnExistingRepositoryWithoutTheRightToCreateOne() throws IOException {
        hub.commit(RepoType.MODEL, REPO, "main", java.util.Map.of("old.txt", "x".getBytes(StandardCharsets.UTF_8)));
        hub.fail("/api/repos/create", 403, 1);
        CommitInfo info = client.uploadFolder(RepoType.MODEL, REPO, folder, UploadOptions.defaults());
        assertEquals(hub.repo(RepoType.MODEL, REPO).refs.get("main"), info.commitOid());

        hub.fail("/api/repos/create", 403, 1);
        assertThrows(ForbiddenException.class,
                () -> client.uploadFolder(RepoType.MODEL, "me/not-there", folder, UploadOptions.defaults()));
    }

    @Test
    void pushWithoutTokenIsUnauthorized() {
        HubClient anonymous = new HubClient(hub.config(work.resolve("cache")).token(null).build());
        assertThrows(UnauthorizedException.class,
                () -> anonymous.uploadFolder(RepoType.MODEL, REPO, folder, UploadOptions.defaults()));
    }

    @Test
    void datasetRepositoriesUseTheirPrefix() throws IOException {
        client.uploadFolder(RepoType.DATASET, "me/data", folder, UploadOptions.defaults());
        assertEquals(1, hub.requests("hub", "POST", "/datasets/me/data.git/info/lfs/objects/batch").size());
        assertEquals(1, hub.requests("hub", "POST", "/api/datasets/me/data/commit/main").size());
        Path pulled = client.downloadFile(RepoType.DATASET, "me/data", "model.safetensors", null);
        assertTrue(pulled.toString().contains("datasets--me--data"));
        assertArrayEquals(weights, Files.readAllBytes(pulled));
    }
}
