package io.st4j.losses.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.modules.TokenBatch;
import io.st4j.core.testing.TinyBert;
import io.st4j.core.train.GradientStep;
import io.st4j.losses.CachedMultipleNegativesRankingLoss;
import io.st4j.losses.MultipleNegativesRankingLoss;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** GradCache through the tiny BERT: Cached MNRL in mini-batches of 8 equals MNRL on the whole batch of 64 texts. */
class CachedLossTrainingTest {

    @TempDir
    Path tmp;

    @Test
    void cachedMnrlGivesTheLossAndParameterGradientsOfMnrl() throws Exception {
        SentenceTransformer model = MnrlTrainingReferenceTest.tinyModelWithoutDropout(tmp.resolve("tiny"));
        Random random = new Random(3);
        List<String> anchors = new ArrayList<>();
        List<String> positives = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            anchors.add(TinyBert.randomText(random, 3 + random.nextInt(5)));
            positives.add(TinyBert.randomText(random, 6 + random.nextInt(8)));
        }
        List<TokenBatch> batches = List.of(model.inputModule().tokenize(anchors), model.inputModule().tokenize(positives));

        GradientStep.Gradients plain = new GradientStep(model, new MultipleNegativesRankingLoss(), 0)
                .compute(batches, null, 1);
        GradientStep.Gradients cached = new GradientStep(model,
                new CachedMultipleNegativesRankingLoss(MultipleNegativesRankingLoss.builder(), 8), 0)
                .compute(batches, null, 1);

        assertEquals(plain.loss(), cached.loss(), 1e-5, "loss");
        assertEquals(plain.gradients().keySet(), cached.gradients().keySet());
        double worst = 0;
        for (Map.Entry<String, INDArray> g : plain.gradients().entrySet()) {
            INDArray other = cached.gradients().get(g.getKey());
            double diff = g.getValue().sub(other).amaxNumber().doubleValue();
            double scale = Math.max(1.0, g.getValue().amaxNumber().doubleValue());
            assertTrue(diff <= 1e-5 * scale, g.getKey() + " differs by " + diff);
            worst = Math.max(worst, diff / scale);
        }
        org.slf4j.LoggerFactory.getLogger(getClass()).info("cached vs plain MNRL: loss {} vs {}, worst gradient diff {}",
                cached.loss(), plain.loss(), worst);
    }
}
