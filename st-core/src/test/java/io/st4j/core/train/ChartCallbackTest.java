package io.st4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartCallbackTest {

    @TempDir
    Path tmp;

    @Test
    void drawsOnePngPerLoggedMetric() throws Exception {
        TrainerState state = new TrainerState();
        for (int step = 1; step <= 3; step++) {
            Map<String, Object> log = new LinkedHashMap<>();
            log.put("loss", 1.0 / step);
            log.put("learning_rate", 1e-5);
            log.put("epoch", step / 3.0);
            log.put("step", (long) step);
            state.logHistory.add(log);
        }
        state.logHistory.add(new LinkedHashMap<>(Map.of("eval_sts-dev_spearman_cosine", 0.81, "step", 3L, "epoch", 1.0)));
        new ChartCallback(tmp.resolve("charts")).onTrainEnd(state);

        for (String name : new String[] {"loss", "learning_rate", "eval_sts-dev_spearman_cosine"}) {
            BufferedImage image = ImageIO.read(tmp.resolve("charts").resolve(name + ".png").toFile());
            assertNotNull(image, name);
            assertEquals(800, image.getWidth());
        }
        assertFalse(Files.exists(tmp.resolve("charts/epoch.png")));
        assertFalse(Files.exists(tmp.resolve("charts/step.png")));
    }
}
