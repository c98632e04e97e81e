package io.st4j.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.core.ModelSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubModelSourceTest {

    @TempDir
    Path cache;

    @Test
    void isRegisteredAsAModelSourceService() {
        assertTrue(ServiceLoader.load(ModelSource.class).stream().anyMatch(p -> p.type() == HubModelSource.class));
    }

    @Test
    void resolvesAHubIdToTheSnapshotWithoutOtherFrameworksWeights() throws IOException {
        try (FakeHub hub = new FakeHub()) {
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put("modules.json", "[]".getBytes(StandardCharsets.UTF_8));
            files.put("model.safetensors", new byte[2048]);
            files.put("pytorch_model.bin", new byte[2048]);
            files.put("onnx/model.onnx", new byte[2048]);
            files.put("openvino/openvino_model.xml", "<xml/>".getBytes(StandardCharsets.UTF_8));
            String sha = hub.commit(RepoType.MODEL, "sentence-transformers/tiny", "main", files);
            ModelSource source = new HubModelSource(new HubClient(hub.config(cache).build()));

            Optional<Path> folder = source.resolve("sentence-transformers/tiny", null);

            assertEquals(Optional.of(cache.resolve("models--sentence-transformers--tiny/snapshots").resolve(sha)), folder);
            assertTrue(Files.exists(folder.get().resolve("modules.json")));
            assertTrue(Files.exists(folder.get().resolve("model.safetensors")));
            assertFalse(Files.exists(folder.get().resolve("pytorch_model.bin")));
            assertFalse(Files.exists(folder.get().resolve("onnx")));
            assertFalse(Files.exists(folder.get().resolve("openvino")));
            assertEquals(folder, source.resolve("sentence-transformers/tiny", sha));
        }
    }

    @Test
    void leavesLocalFoldersAndNonIdsToOthers() throws IOException {
        ModelSource source = new HubModelSource(new HubClient(HubConfig.builder().cacheDir(cache).offline(true).build()));
        assertEquals(Optional.empty(), source.resolve(cache.toString(), null));
        assertEquals(Optional.empty(), source.resolve("not/a/repo/id", null));
    }
}
