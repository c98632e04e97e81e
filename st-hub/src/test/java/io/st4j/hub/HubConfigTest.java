package io.st4j.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubConfigTest {

    @TempDir
    Path home;

    @Test
    void defaultsAreHuggingfaceHubs() {
        HubConfig config = HubConfig.fromEnvironment(Map.of(), home);
        assertEquals(URI.create("https://huggingface.co"), config.endpoint());
        assertEquals(home.resolve(".cache/huggingface/hub"), config.cacheDir());
        assertNull(config.token());
        assertFalse(config.offline());
        assertEquals(Duration.ofSeconds(10), config.etagTimeout());
        assertEquals(Duration.ofSeconds(10), config.downloadTimeout());
    }

    @Test
    void environmentVariablesAsHuggingfaceHubReadsThem() throws IOException {
        Path hfHome = home.resolve("hf");
        Files.createDirectories(hfHome);
        Files.writeString(hfHome.resolve("token"), "hf_from_file\n");
        Map<String, String> env = Map.of("HF_HOME", hfHome.toString(), "HF_ENDPOINT", "http://mirror.local:8080/",
                "HF_HUB_OFFLINE", "yes", "HF_HUB_ETAG_TIMEOUT", "2.5", "HF_HUB_DOWNLOAD_TIMEOUT", "30");
        HubConfig config = HubConfig.fromEnvironment(env, home);
        assertEquals(URI.create("http://mirror.local:8080"), config.endpoint());
        assertEquals(hfHome.resolve("hub"), config.cacheDir());
        assertEquals("hf_from_file", config.token());
        assertTrue(config.offline());
        assertEquals(Duration.ofMillis(2500), config.etagTimeout());
        assertEquals(Duration.ofSeconds(30), config.downloadTimeout());
        assertFalse(config.toString().contains("hf_from_file"), "toString hides the token");

        assertEquals("hf_env", HubConfig.fromEnvironment(Map.of("HF_HOME", hfHome.toString(), "HF_TOKEN", "hf_env"),
                home).token(), "HF_TOKEN wins over the token file");
        assertEquals("hf_legacy", HubConfig.fromEnvironment(Map.of("HUGGING_FACE_HUB_TOKEN", "hf_legacy"), home).token());
        assertEquals(home.resolve("xdg/huggingface/hub"),
                HubConfig.fromEnvironment(Map.of("XDG_CACHE_HOME", home.resolve("xdg").toString()), home).cacheDir());
        assertEquals(home.resolve("c"), HubConfig.fromEnvironment(Map.of("HF_HUB_CACHE", "~/c"), home).cacheDir());
        assertTrue(HubConfig.fromEnvironment(Map.of("TRANSFORMERS_OFFLINE", "1"), home).offline());
        assertFalse(HubConfig.fromEnvironment(Map.of("HF_HUB_OFFLINE", "0"), home).offline());
        assertThrows(IllegalArgumentException.class,
                () -> HubConfig.fromEnvironment(Map.of("HF_HUB_ETAG_TIMEOUT", "soon"), home));
    }

    @Test
    void retryWaitsDoubleUpToTheCap() {
        RetryPolicy policy = RetryPolicy.DEFAULT;
        assertEquals(Duration.ofSeconds(1), policy.waitBefore(1, null));
        assertEquals(Duration.ofSeconds(2), policy.waitBefore(2, null));
        assertEquals(Duration.ofSeconds(4), policy.waitBefore(3, null));
        assertEquals(Duration.ofSeconds(8), policy.waitBefore(4, null));
        assertEquals(Duration.ofSeconds(8), policy.waitBefore(5, null));
        assertEquals(Duration.ofSeconds(3), policy.waitBefore(1, Duration.ofSeconds(3)), "Retry-After");
        assertEquals(Duration.ofSeconds(8), policy.waitBefore(1, Duration.ofSeconds(300)), "capped");
    }
}
