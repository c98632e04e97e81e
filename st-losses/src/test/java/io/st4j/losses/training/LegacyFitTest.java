package io.st4j.losses.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.train.InputExample;
import io.st4j.core.train.LegacyFit;
import io.st4j.core.train.TrainerState;
import io.st4j.losses.CosineSimilarityLoss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deprecated fit() path: InputExamples through the trainer. */
class LegacyFitTest {

    @TempDir
    Path tmp;

    @Test
    void fitTrainsOnInputExamplesAndSaves() throws Exception {
        SentenceTransformer model = MnrlTrainingReferenceTest.tinyModelWithoutDropout(tmp.resolve("tiny"));
        List<InputExample> examples = new ArrayList<>();
        String[] words = {"a b c", "d e f", "w41 w42", "x y z", "1 2 3", "w60 w61 w62"};
        for (int i = 0; i < 12; i++) {
            examples.add(new InputExample(List.of(words[i % 6], words[(i + 1) % 6]), (i % 4) / 4.0));
        }
        float before = model.encode(List.of("a b c"))[0][0];
        TrainerState state = LegacyFit.fit(model, examples, new CosineSimilarityLoss(), 4, 2, 1, tmp.resolve("saved"));
        assertEquals(6, state.globalStep(), "2 epochs of 3 batches");
        assertNotEquals(before, model.encode(List.of("a b c"))[0][0]);
        assertTrue(Files.isRegularFile(tmp.resolve("saved/modules.json")));

        List<InputExample> mixed = List.of(new InputExample(List.of("a", "b"), 1.0), new InputExample(List.of("a", "b", "c"), 1.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LegacyFit.fit(model, mixed, new CosineSimilarityLoss(), 4, 1, 0, null));
        assertTrue(e.getMessage().contains("example 1"), e.getMessage());
    }
}
