package io.st4j.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubDownloadTest {

    private static final String REPO = "org/model";

    @TempDir
    Path cache;

    private FakeHub hub;
    private HubClient client;
    private byte[] weights;
    private byte[] config;
    private byte[] pooling;
    private String sha;

    @BeforeEach
    void setUp() throws IOException {
        hub = new FakeHub();
        weights = new byte[5000];
        new Random(42).nextBytes(weights);
        config = "{\"hidden_size\": 8}\n".getBytes(StandardCharsets.UTF_8);
        pooling = "{\"pooling_mode_mean_tokens\": true}\n".getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("config.json", config);
        files.put("model.safetensors", weights);
        files.put("1_Pooling/config.json", pooling);
        sha = hub.commit(RepoType.MODEL, REPO, "main", files);
        client = new HubClient(hub.config(cache).build());
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    @Test
    void snapshotHasTheHuggingfaceHubLayout() throws IOException {
        Path snapshot = client.snapshotDownload(RepoType.MODEL, REPO, null, SnapshotFilter.ALL);

        Path repoFolder = cache.resolve("models--org--model");
        assertEquals(repoFolder.resolve("snapshots").resolve(sha), snapshot);
        assertEquals(sha, Files.readString(repoFolder.resolve("refs/main")), "refs/main holds the bare commit hash");
        String weightsEtag = FakeHub.sha256(weights);
        String configEtag = FakeHub.gitSha1(config);
        assertEquals(Path.of("../../blobs/" + weightsEtag), Files.readSymbolicLink(snapshot.resolve("model.safetensors")));
        assertEquals(Path.of("../../blobs/" + configEtag), Files.readSymbolicLink(snapshot.resolve("config.json")));
        assertEquals(Path.of("../../../blobs/" + FakeHub.gitSha1(pooling)),
                Files.readSymbolicLink(snapshot.resolve("1_Pooling/config.json")));
        assertArrayEquals(weights, Files.readAllBytes(repoFolder.resolve("blobs").resolve(weightsEtag)));
        assertArrayEquals(config, Files.readAllBytes(snapshot.resolve("config.json")));
        assertArrayEquals(pooling, Files.readAllBytes(snapshot.resolve("1_Pooling/config.json")));
        try (Stream<Path> blobs = Files.list(repoFolder.resolve("blobs"))) {
            assertEquals(3, blobs.filter(p -> !p.toString().endsWith(".incomplete")).count());
        }
        assertTrue(Files.exists(cache.resolve(".locks/models--org--model/" + weightsEtag + ".lock")));
        assertNoIncompleteFiles();
    }

    @Test
    void tokenGoesToTheEndpointOnlyNeverToTheStorageHost() throws IOException {
        client.snapshotDownload(RepoType.MODEL, REPO, null, SnapshotFilter.ALL);

        List<FakeHub.Request> storage = hub.requests("storage", "GET", "/lfs/");
        assertEquals(1, storage.size());
        assertNull(storage.get(0).header("authorization"), "no token to the storage host");
        synchronized (hub.requests) {
            for (FakeHub.Request r : hub.requests) {
                if (r.server().equals("hub")) {
                    assertEquals("Bearer " + FakeHub.TOKEN, r.header("authorization"), r.path());
                }
            }
        }
        assertFalse(client.config().toString().contains(FakeHub.TOKEN));
    }

    @Test
    void secondDownloadIsServedFromTheCacheWithoutFileRequests() throws IOException {
        Path first = client.snapshotDownload(RepoType.MODEL, REPO, null, SnapshotFilter.ALL);
        hub.requests.clear();

        Path second = client.snapshotDownload(RepoType.MODEL, REPO, null, SnapshotFilter.ALL);

        assertEquals(first, second);
        assertEquals(1, hub.requests.size(), "only the repo info call, as snapshot_download does");
        assertEquals("/api/models/org/model/revision/main", hub.requests.get(0).path());
        hub.requests.clear();
        assertEquals(first.resolve("config.json"), client.downloadFile(RepoType.MODEL, REPO, "config.json", sha));
        assertTrue(hub.requests.isEmpty(), "a file at a commit hash that is cached needs no request");
    }

    @Test
    void revisionsByBranchTagAndCommit() throws IOException {
        String v1 = sha;
        hub.repo(RepoType.MODEL, REPO).refs.put("v1.0", v1);
        byte[] newConfig = "{\"hidden_size\": 16}\n".getBytes(StandardCharsets.UTF_8);
        String v2 = hub.commit(RepoType.MODEL, REPO, "main", Map.of("config.json", newConfig));
        hub.repo(RepoType.MODEL, REPO).refs.put("refs/pr/1", v1);

        Path byTag = client.snapshotDownload(RepoType.MODEL, REPO, "v1.0", SnapshotFilter.ALL);
        Path byCommit = client.snapshotDownload(RepoType.MODEL, REPO, v1, SnapshotFilter.ALL);
        Path byBranch = client.snapshotDownload(RepoType.MODEL, REPO, "main", SnapshotFilter.ALL);
        Path byPr = client.downloadFile(RepoType.MODEL, REPO, "config.json", "refs/pr/1");

        Path repoFolder = cache.resolve("models--org--model");
        assertEquals(repoFolder.resolve("snapshots").resolve(v1), byTag);
        assertEquals(byTag, byCommit);
        assertEquals(repoFolder.resolve("snapshots").resolve(v2), byBranch);
        assertArrayEquals(config, Files.readAllBytes(byTag.resolve("config.json")));
        assertArrayEquals(newConfig, Files.readAllBytes(byBranch.resolve("config.json")));
        assertFalse(Files.exists(byBranch.resolve("model.safetensors")), "v2 has only config.json");
        assertEquals(v1, Files.readString(repoFolder.resolve("refs/v1.0")));
        assertEquals(v2, Files.readString(repoFolder.resolve("refs/main")));
        assertEquals(v1, Files.readString(repoFolder.resolve("refs/refs/pr/1")));
        assertFalse(Files.exists(repoFolder.resolve("refs").resolve(v1)), "no ref for a commit hash");
        assertEquals(byTag.resolve("config.json"), byPr);
        assertEquals(1, hub.requests("hub", "HEAD", "/resolve/refs%2Fpr%2F1/config.json").size(),
                "revision URL-encoded with %2F");
    }

    @Test
    void largeFileIsFetchedFromTheStorageHostNamedByTheRedirect() throws IOException {
        FileMetadata meta = client.fileMetadata(RepoType.MODEL, REPO, "model.safetensors", null);

        assertEquals(sha, meta.commitHash());
        assertEquals(FakeHub.sha256(weights), meta.etag());
        assertEquals(Long.valueOf(weights.length), meta.size());
        assertEquals(hub.storageUrl() + "/lfs/" + FakeHub.sha256(weights), HubHttp.display(meta.location()));
        FileMetadata small = client.fileMetadata(RepoType.MODEL, REPO, "config.json", null);
        assertEquals(FakeHub.gitSha1(config), small.etag());
        assertEquals(Long.valueOf(config.length), small.size());

        Path file = client.downloadFile(RepoType.MODEL, REPO, "model.safetensors", null);
        assertArrayEquals(weights, Files.readAllBytes(file));
        assertEquals(0, hub.requests("hub", "GET", "/resolve/").size(), "GET goes straight to the storage host");
    }

    @Test
    void relativeRedirectOfARenamedRepositoryIsFollowed() throws IOException {
        hub.renamed.put("org/old-name", REPO);

        Path file = client.downloadFile(RepoType.MODEL, "org/old-name", "config.json", null);

        assertArrayEquals(config, Files.readAllBytes(file));
        assertEquals(1, hub.requests("hub", "HEAD", "/org/old-name/resolve/main/config.json").size());
        assertEquals(1, hub.requests("hub", "HEAD", "/org/model/resolve/main/config.json").size());
    }

    @Test
    void downloadCutMidFileResumesWithRange() throws IOException {
        String oid = FakeHub.sha256(weights);
        hub.cutAfter.put(oid, 1000);

        Path file = client.downloadFile(RepoType.MODEL, REPO, "model.safetensors", null);

        List<FakeHub.Request> gets = hub.requests("storage", "GET", "/lfs/" + oid);
        assertEquals(2, gets.size());
        assertNull(gets.get(0).header("Range"));
        assertEquals("bytes=1000-", gets.get(1).header("Range"));
        assertEquals(oid, HubFiles.digest(file, "SHA-256", null));
        assertNoIncompleteFiles();
    }

    @Test
    void stalledDownloadTimesOutAndResumes() throws IOException {
        String oid = FakeHub.sha256(weights);
        hub.stallAfter.put(oid, 700);
        HubClient impatient = new HubClient(hub.config(cache).downloadTimeout(java.time.Duration.ofMillis(300)).build());

        long start = System.nanoTime();
        Path file = impatient.downloadFile(RepoType.MODEL, REPO, "model.safetensors", null);

        assertTrue(System.nanoTime() - start < 4_000_000_000L, "did not wait for the stalled server");
        List<FakeHub.Request> gets = hub.requests("storage", "GET", "/lfs/" + oid);
        assertEquals(2, gets.size());
        assertEquals("bytes=700-", gets.get(1).header("Range"));
        assertArrayEquals(weights, Files.readAllBytes(file));
    }

    @Test
    void incompleteFileLeftByAnEarlierProcessIsResumed() throws IOException {
        String oid = FakeHub.sha256(weights);
        Path blobs = Files.createDirectories(cache.resolve("models--org--model/blobs"));
        Files.write(blobs.resolve(oid + ".incomplete"), java.util.Arrays.copyOf(weights, 1500));

        Path file = client.downloadFile(RepoType.MODEL, REPO, "model.safetensors", null);

        List<FakeHub.Request> gets = hub.requests("storage", "GET", "/lfs/" + oid);
        assertEquals(1, gets.size());
        assertEquals("bytes=1500-", gets.get(0).header("Range"));
        assertArrayEquals(weights, Files.readAllBytes(file));
    }

    @Test
    void corruptDownloadIsRejectedAndLeavesNothingBehind() throws IOException {
        String oid = FakeHub.sha256(weights);
        hub.corrupt.add(oid);

        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class,
                () -> client.downloadFile(RepoType.MODEL, REPO, "model.safetensors", null));

        assertTrue(e.getMessage().contains("sha256"), e.getMessage());
        assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
        Path blobs = cache.resolve("models--org--model/blobs");
        assertFalse(Files.exists(blobs.resolve(oid)));
        assertFalse(Files.exists(blobs.resolve(oid + ".incomplete")));
        assertFalse(Files.exists(cache.resolve("models--org--model/snapshots").resolve(sha).resolve("model.safetensors")));

        hub.corrupt.clear();
        assertArrayEquals(weights, Files.readAllBytes(client.downloadFile(RepoType.MODEL, REPO, "model.safetensors", null)));
    }

    @Test
    void corruptRegularFileIsRejectedByItsGitBlobHash() throws IOException {
        hub.corrupt.add(FakeHub.gitSha1(config));

        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class,
                () -> client.downloadFile(RepoType.MODEL, REPO, "config.json", null));

        assertTrue(e.getMessage().contains("git blob sha1"), e.getMessage());
        assertFalse(Files.exists(cache.resolve("models--org--model/blobs").resolve(FakeHub.gitSha1(config))));
    }

    @Test
    void corruptedBlobInTheCacheIsDetectedAndFetchedAgain() throws IOException {
        Path snapshot = client.snapshotDownload(RepoType.MODEL, REPO, null, SnapshotFilter.ALL);
        Path blob = cache.resolve("models--org--model/blobs").resolve(FakeHub.sha256(weights));
        byte[] damaged = weights.clone();
        damaged[10] ^= 1;
        Files.write(blob, damaged);
        Files.delete(cache.resolve("models--org--model/blobs").resolve(FakeHub.gitSha1(pooling)));

        assertEquals(List.of("1_Pooling/config.json", "model.safetensors"), client.verifySnapshot(RepoType.MODEL, REPO, null));

        assertArrayEquals(weights, Files.readAllBytes(snapshot.resolve("model.safetensors")));
        assertArrayEquals(pooling, Files.readAllBytes(snapshot.resolve("1_Pooling/config.json")));
        assertEquals(List.of(), client.verifySnapshot(RepoType.MODEL, REPO, sha));
    }

    @Test
    void offlineModeServesTheCacheAndFailsClearlyForWhatIsAbsent() throws IOException {
        Path online = client.snapshotDownload(RepoType.MODEL, REPO, null, SnapshotFilter.ALL);
        hub.requests.clear();
        HubClient offline = new HubClient(hub.config(cache).offline(true).build());

        assertEquals(online, offline.snapshotDownload(RepoType.MODEL, REPO, null, SnapshotFilter.ALL));
        assertEquals(online.resolve("config.json"), offline.downloadFile(RepoType.MODEL, REPO, "config.json", "main"));
        assertTrue(hub.requests.isEmpty(), "offline mode sends nothing");

        LocalEntryNotFoundException absentRepo = assertThrows(LocalEntryNotFoundException.class,
                () -> offline.snapshotDownload(RepoType.MODEL, "org/never-downloaded", null, SnapshotFilter.ALL));
        assertTrue(absentRepo.getMessage().contains("org/never-downloaded"), absentRepo.getMessage());
        assertTrue(absentRepo.getMessage().contains("HF_HUB_OFFLINE"), absentRepo.getMessage());
        LocalEntryNotFoundException absentFile = assertThrows(LocalEntryNotFoundException.class,
                () -> offline.downloadFile(RepoType.MODEL, REPO, "tokenizer.json", null));
        assertTrue(absentFile.getMessage().contains("tokenizer.json"), absentFile.getMessage());
    }

    @Test
    void unreachableHubFallsBackToTheCache() throws IOException {
        Path online = client.snapshotDownload(RepoType.MODEL, REPO, null, SnapshotFilter.ALL);
        hub.close();

        assertEquals(online, client.snapshotDownload(RepoType.MODEL, REPO, null, SnapshotFilter.ALL));
        assertEquals(online.resolve("config.json"), client.downloadFile(RepoType.MODEL, REPO, "config.json", null));
        LocalEntryNotFoundException e = assertThrows(LocalEntryNotFoundException.class,
                () -> client.downloadFile(RepoType.MODEL, "org/other", "config.json", null));
        assertTrue(e.getCause() instanceof HubUnreachableException, String.valueOf(e.getCause()));
    }

    @Test
    void missingFileLeavesANoExistMarker() throws IOException {
        EntryNotFoundException e = assertThrows(EntryNotFoundException.class,
                () -> client.downloadFile(RepoType.MODEL, REPO, "tokenizer.json", null));

        assertEquals(sha, e.commitHash());
        assertTrue(Files.isRegularFile(cache.resolve("models--org--model/.no_exist").resolve(sha).resolve("tokenizer.json")));
        HubClient offline = new HubClient(hub.config(cache).offline(true).build());
        EntryNotFoundException cached = assertThrows(EntryNotFoundException.class,
                () -> offline.downloadFile(RepoType.MODEL, REPO, "tokenizer.json", null));
        assertTrue(cached.getMessage().contains("does not exist"), cached.getMessage());
    }

    @Test
    void listsTheTreeAcrossPages() throws IOException {
        hub.treePageSize = 2;

        List<RepoFile> all = client.listRepoTree(RepoType.MODEL, REPO, null, null, true);
        List<RepoFile> root = client.listRepoTree(RepoType.MODEL, REPO, null, null, false);
        List<RepoFile> pooling = client.listRepoTree(RepoType.MODEL, REPO, null, "1_Pooling", false);

        assertEquals(List.of("1_Pooling", "1_Pooling/config.json", "config.json", "model.safetensors"),
                all.stream().map(RepoFile::path).toList());
        assertEquals(List.of("1_Pooling", "config.json", "model.safetensors"), root.stream().map(RepoFile::path).toList());
        assertTrue(root.get(0).isDirectory());
        RepoFile weightsEntry = all.get(3);
        assertNotNull(weightsEntry.lfs());
        assertEquals(FakeHub.sha256(weights), weightsEntry.lfs().sha256());
        assertEquals(weights.length, weightsEntry.size());
        assertNull(all.get(2).lfs());
        assertEquals(List.of("1_Pooling/config.json"), pooling.stream().map(RepoFile::path).toList());
        assertEquals(1, hub.requests("hub", "GET", "/api/models/org/model/tree/main/1_Pooling").size());
        assertEquals(2, hub.requests("hub", "GET", "/api/models/org/model/tree/main").stream()
                .filter(r -> r.query().contains("recursive=true")).count(), "two pages");
    }

    @Test
    void repoInfoListsTheFilesAtTheResolvedCommit() throws IOException {
        RepoInfo info = client.repoInfo(RepoType.MODEL, REPO, "main");
        assertEquals(sha, info.sha());
        assertEquals(List.of("1_Pooling/config.json", "config.json", "model.safetensors"), info.siblings());
        assertEquals(REPO, info.id());
    }

    @Test
    void snapshotFilterSelectsFiles() throws IOException {
        Path snapshot = client.snapshotDownload(RepoType.MODEL, REPO, null, SnapshotFilter.ignore("*.safetensors"));
        assertTrue(Files.exists(snapshot.resolve("config.json")));
        assertTrue(Files.exists(snapshot.resolve("1_Pooling/config.json")));
        assertFalse(Files.exists(snapshot.resolve("model.safetensors")));
        assertTrue(SnapshotFilter.allow("1_Pooling/").accepts("1_Pooling/config.json"));
        assertFalse(SnapshotFilter.allow("1_Pooling/").accepts("config.json"));
        assertTrue(SnapshotFilter.allow("*.json").accepts("1_Pooling/config.json"), "fnmatch '*' crosses '/'");
        assertTrue(SnapshotFilter.allow("model.[st]afetensors").accepts("model.safetensors"));
    }

    private void assertNoIncompleteFiles() throws IOException {
        try (Stream<Path> files = Files.walk(cache)) {
            assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".incomplete")).toList());
        }
    }
}
