package io.st4j.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Each error of the Hub becomes its typed exception, naming repository, revision and file, never the token. */
class HubErrorsTest {

    private static final String REPO = "org/model";
    private static final byte[] CONFIG = "{}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path cache;

    private FakeHub hub;
    private HubClient client;

    @BeforeEach
    void setUp() throws IOException {
        hub = new FakeHub();
        hub.commit(RepoType.MODEL, REPO, "main", Map.of("config.json", CONFIG));
        client = new HubClient(hub.config(cache).build());
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    @Test
    void missingRepository() {
        RepositoryNotFoundException e = expect(RepositoryNotFoundException.class,
                () -> client.downloadFile(RepoType.MODEL, "org/missing", "config.json", "main"));
        assertEquals(404, e.statusCode());
        assertEquals("RepoNotFound", e.errorCode());
        assertMentions(e, "org/missing", "main", "config.json", "Repository not found");
        expect(RepositoryNotFoundException.class,
                () -> client.snapshotDownload(RepoType.MODEL, "org/missing", null, SnapshotFilter.ALL));
    }

    @Test
    void datasetIsNotAModel() {
        hub.commit(RepoType.DATASET, "org/data", "main", Map.of("train.csv", CONFIG));
        expect(RepositoryNotFoundException.class, () -> client.downloadFile(RepoType.MODEL, "org/data", "train.csv", null));
    }

    @Test
    void missingRevision() {
        RevisionNotFoundException e = expect(RevisionNotFoundException.class,
                () -> client.downloadFile(RepoType.MODEL, REPO, "config.json", "v9"));
        assertEquals("RevisionNotFound", e.errorCode());
        assertMentions(e, REPO, "v9", "config.json");
        expect(RevisionNotFoundException.class, () -> client.snapshotDownload(RepoType.MODEL, REPO, "v9", SnapshotFilter.ALL));
    }

    @Test
    void missingFile() {
        EntryNotFoundException e = expect(EntryNotFoundException.class,
                () -> client.downloadFile(RepoType.MODEL, REPO, "nope.txt", null));
        assertEquals("EntryNotFound", e.errorCode());
        assertMentions(e, REPO, "main", "nope.txt");
    }

    @Test
    void gatedRepository() {
        hub.repo(RepoType.MODEL, REPO).gated = true;
        GatedRepoException e = expect(GatedRepoException.class,
                () -> client.downloadFile(RepoType.MODEL, REPO, "config.json", null));
        assertEquals(403, e.statusCode());
        assertMentions(e, REPO, "config.json", "restricted");
    }

    @Test
    void privateRepositoryWithoutTokenLooksMissing() {
        hub.repo(RepoType.MODEL, REPO).isPrivate = true;
        HubClient anonymous = new HubClient(hub.config(cache).token(null).build());
        RepositoryNotFoundException e = expect(RepositoryNotFoundException.class,
                () -> anonymous.downloadFile(RepoType.MODEL, REPO, "config.json", null));
        assertEquals(401, e.statusCode());
        assertTrue(e.getMessage().contains("HF_TOKEN"), e.getMessage());
    }

    @Test
    void invalidTokenIsUnauthorized() {
        HubClient wrong = new HubClient(hub.config(cache).token("hf_wrong_secret").build());
        UnauthorizedException e = expect(UnauthorizedException.class,
                () -> wrong.repoInfo(RepoType.MODEL, REPO, null));
        assertEquals(401, e.statusCode());
        assertFalse(e.getMessage().contains("hf_wrong_secret"));
        assertMentions(e, REPO, "Invalid credentials");
    }

    @Test
    void forbiddenWithoutErrorCode() {
        hub.fail("/api/models/org/model", 403, 1);
        ForbiddenException e = expect(ForbiddenException.class, () -> client.repoInfo(RepoType.MODEL, REPO, "main"));
        assertMentions(e, REPO, "main", "permission");
    }

    @Test
    void serverErrorsAreRetriedABoundedNumberOfTimes() {
        hub.fail("/api/models/org/model", 500, 100);
        HubHttpException e = expect(HubHttpException.class, () -> client.repoInfo(RepoType.MODEL, REPO, "main"));
        assertEquals(500, e.statusCode());
        assertEquals(3, hub.requests("hub", "GET", "/api/models/org/model").size(), "1 attempt + 2 retries");
        assertMentions(e, REPO, "main", "500", "req-500");
    }

    @Test
    void rateLimitIsRetriedThenReported() {
        hub.fail("/resolve/", 429, 100);
        LocalEntryNotFoundException e = expect(LocalEntryNotFoundException.class,
                () -> client.downloadFile(RepoType.MODEL, REPO, "config.json", null));
        assertTrue(e.getCause() instanceof HubHttpException http && http.statusCode() == 429, String.valueOf(e.getCause()));
        assertEquals(3, hub.requests("hub", "HEAD", "/resolve/").size());
        HubHttpException direct = expect(HubHttpException.class,
                () -> client.fileMetadata(RepoType.MODEL, REPO, "config.json", null));
        assertEquals(429, direct.statusCode());
    }

    @Test
    void transientFailuresRecover() throws IOException {
        hub.fail("/resolve/", 503, 2);
        Path file = client.downloadFile(RepoType.MODEL, REPO, "config.json", null);
        assertArrayEquals(CONFIG, Files.readAllBytes(file));
        assertEquals(3, hub.requests("hub", "HEAD", "/resolve/").size(), "two 503s, then success");
        assertEquals(1, hub.requests("hub", "GET", "/resolve/").size());
    }

    @Test
    void invalidArgumentsAreRejectedBeforeAnyRequest() {
        assertThrows(IllegalArgumentException.class, () -> client.downloadFile(RepoType.MODEL, "a/b/c", "x", null));
        assertThrows(IllegalArgumentException.class, () -> client.downloadFile(RepoType.MODEL, REPO, "../x", null));
        assertThrows(IllegalArgumentException.class, () -> client.downloadFile(RepoType.MODEL, "org--x/y", "x", null));
        assertTrue(hub.requests.isEmpty());
    }

    private <T extends Throwable> T expect(Class<T> type, Executable call) {
        T e = assertThrows(type, call);
        assertFalse(e.getMessage().contains(FakeHub.TOKEN), "the token must never appear in a message");
        return e;
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
    }
}
