package io.st4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RandomDrawsTest {

    @Test
    void drawsRepeatWithTheSeedAndDifferAcrossSeeds() {
        SameDiff sd = SameDiff.create();
        String first = RandomDraws.uniform(sd, 5).name();
        String second = RandomDraws.uniform(sd, 3).name();
        assertNotEquals(first, second);

        Map<String, INDArray> draws = RandomDraws.feed(sd, 7);
        assertEquals(5, draws.get(first).length());
        assertEquals(3, draws.get(second).length());
        assertEquals(draws, RandomDraws.feed(sd, 7));
        assertNotEquals(draws.get(first), RandomDraws.feed(sd, 8).get(first));
        double min = Math.min(draws.get(first).minNumber().doubleValue(), draws.get(second).minNumber().doubleValue());
        double max = Math.max(draws.get(first).maxNumber().doubleValue(), draws.get(second).maxNumber().doubleValue());
        assertTrue(min >= 0 && max < 1, min + " .. " + max);
    }

    @Test
    void aVariableUnderTheDrawsNameIsRefused() {
        SameDiff sd = SameDiff.create();
        sd.var("random_draws/uniform_0", Nd4j.zeros(DataType.FLOAT, 2));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RandomDraws.feed(sd, 1));
        assertEquals("random_draws/uniform_0 is not a placeholder of random draws", e.getMessage());
    }
}
