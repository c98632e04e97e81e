package io.st4j.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two threads, or two processes, downloading the same blob: one download, both get the file. */
class HubConcurrencyTest {

    private static final String REPO = "org/model";

    @TempDir
    Path cache;

    private FakeHub hub;
    private byte[] weights;

    @BeforeEach
    void setUp() throws IOException {
        hub = new FakeHub();
        weights = new byte[20_000];
        new Random(7).nextBytes(weights);
        hub.commit(RepoType.MODEL, REPO, "main", Map.of("model.safetensors", weights));
        hub.storageDelayMillis = 400;
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    @Test
    void twoThreadsDownloadTheBlobOnce() throws Exception {
        HubClient client = new HubClient(hub.config(cache).build());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Path> download = () -> client.downloadFile(RepoType.MODEL, REPO, "model.safetensors", null);
            List<Future<Path>> results = pool.invokeAll(List.of(download, download));
            assertEquals(results.get(0).get(), results.get(1).get());
            assertArrayEquals(weights, Files.readAllBytes(results.get(0).get()));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, hub.requests("storage", "GET", "/lfs/").size());
    }

    /** The util-linux {@code flock} tool takes flock(2), as Python's filelock does for huggingface_hub. */
    @Test
    void waitsForAFlockHeldByAnotherToolOnTheSameLockFile() throws Exception {
        Path flockTool = Path.of("/usr/bin/flock");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(flockTool), "skipped: no /usr/bin/flock");
        hub.storageDelayMillis = 0;
        Path lockFile = cache.resolve(".locks/models--org--model").resolve(FakeHub.sha256(weights) + ".lock");
        Files.createDirectories(lockFile.getParent());
        Path held = cache.resolve("held");
        Process holder = new ProcessBuilder(flockTool.toString(), lockFile.toString(), "-c",
                "touch " + held + "; sleep 1.5").start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!Files.exists(held) && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }

        Path file = new HubClient(hub.config(cache).build()).downloadFile(RepoType.MODEL, REPO, "model.safetensors", null);

        assertEquals(false, holder.isAlive(), "the download waited until the other process released its flock");
        assertArrayEquals(weights, Files.readAllBytes(file));
    }

    @Test
    void twoProcessesDownloadTheBlobOnce() throws Exception {
        HubClient client = new HubClient(hub.config(cache).build());
        client.repoInfo(RepoType.MODEL, REPO, null);
        hub.storageDelayMillis = 1500;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DownloadMain.class.getName(), hub.url(), cache.toString(), REPO, "model.safetensors", FakeHub.TOKEN)
                .redirectErrorStream(true).start();
        // Let the other JVM start its download before this one asks.
        long deadline = System.currentTimeMillis() + 30_000;
        while (hub.requests("storage", "GET", "/lfs/").isEmpty() && other.isAlive()
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        Path mine = client.downloadFile(RepoType.MODEL, REPO, "model.safetensors", null);
        String output = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        other.waitFor(30, TimeUnit.SECONDS);

        assertEquals(0, other.exitValue(), output);
        assertEquals(mine.toString(), output.lines().reduce((a, b) -> b).orElse("").strip(), output);
        assertArrayEquals(weights, Files.readAllBytes(mine));
        assertEquals(1, hub.requests("storage", "GET", "/lfs/").size(), "the second process waited on the lock");
    }
}
