package io.st4j.hub;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything st-hub logs at DEBUG during a pull, a push and failures: never the token. */
class HubTokenLoggingTest {

    @TempDir
    Path work;

    @Test
    void theTokenIsNeverLogged() throws IOException {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        AbstractAppender appender = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getMessage().getFormattedMessage()
                        + (event.getThrown() == null ? "" : " " + event.getThrown()));
            }
        };
        appender.start();
        LoggerConfig hubLogger = new LoggerConfig("io.st4j.hub", Level.DEBUG, false);
        hubLogger.addAppender(appender, Level.DEBUG, null);
        configuration.addLogger("io.st4j.hub", hubLogger);
        context.updateLoggers();
        try (FakeHub hub = new FakeHub()) {
            hub.commit(RepoType.MODEL, "org/model", "main", Map.of("model.safetensors", new byte[4096],
                    "config.json", "{}".getBytes(StandardCharsets.UTF_8)));
            HubClient client = new HubClient(hub.config(work.resolve("cache")).build());
            client.snapshotDownload(RepoType.MODEL, "org/model", null, SnapshotFilter.ALL);
            Path folder = Files.createDirectories(work.resolve("push"));
            Files.write(folder.resolve("model.safetensors"), new byte[8192]);
            client.uploadFolder(RepoType.MODEL, "org/pushed", folder, UploadOptions.defaults());
            hub.fail("/resolve/", 500, 10);
            try {
                client.downloadFile(RepoType.MODEL, "org/model", "other.json", null);
            } catch (HubException expected) {
                // logged retries are what this test reads
            }
        } finally {
            configuration.removeLogger("io.st4j.hub");
            context.updateLoggers();
            appender.stop();
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("authenticated: true")), "requests were logged: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("retry")), "retries were logged: " + lines);
        for (String line : lines) {
            assertFalse(line.contains(FakeHub.TOKEN), "token in log line: " + line);
            assertFalse(line.contains("secret-signature"), "storage URL signature in log line: " + line);
        }
    }
}
