package io.st4j.hub;

import static io.st4j.core.testing.TrainPaths.withPath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.modules.TokenBatch;
import io.st4j.core.testing.TrainPaths;
import io.st4j.core.train.GradientStep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training step of the real all-MiniLM-L6-v2 (its dropout on) through the lean path and through the SameDiff
 * training graph ({@link GradientStep#TRAIN_PATH_PROPERTY}): equal loss and equal gradients of every parameter.
 * The second column joins several reference sentences (over 100 tokens, so attention splits its products into
 * blocks of query rows).
 */
class MiniLmLeanTrainingTest {

    private static final int BATCH = 6;

    @TempDir
    Path tmp;

    @Test
    void leanGradientsEqualTheTrainingGraphs() throws Exception {
        SentenceTransformer model = MiniLm.importInto(tmp);
        List<String> sentences = MiniLm.referenceSentences();
        List<String> joined = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            joined.add(String.join(" ", sentences.subList(i, i + 1 + 6 * (i % 3))));
        }
        List<TokenBatch> columns = List.of(model.inputModule().tokenize(sentences.subList(0, BATCH)),
                model.inputModule().tokenize(joined));
        assertTrue(columns.get(1).length() > 100, "the longest joined text has over 100 tokens");
        GradientStep step = new GradientStep(model, TrainPaths.inBatchRankingLoss(BATCH), 0);

        GradientStep.Gradients graph = withPath("samediff", () -> step.compute(columns, null, 7));
        GradientStep.Gradients lean = withPath("lean", () -> step.compute(columns, null, 7));

        TrainPaths.Difference worst = TrainPaths.largestDifference(graph.gradients(), lean.gradients());
        System.out.printf("all-MiniLM-L6-v2: loss %.7f (SameDiff) vs %.7f (lean); largest gradient difference %.3g "
                + "of the largest entry, at %s%n", graph.loss(), lean.loss(), worst.relative(), worst.name());
        assertEquals(graph.gradients().keySet(), lean.gradients().keySet());
        assertEquals(graph.loss(), lean.loss(), 1e-6 * Math.abs(graph.loss()), "loss");
        assertTrue(worst.relative() <= 1e-5, worst.toString());
    }
}
