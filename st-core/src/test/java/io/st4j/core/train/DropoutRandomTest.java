package io.st4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DropoutRandomTest {

    @Test
    void drawsJavaUtilRandomsSequence() {
        for (long seed : new long[] {0, 1, -7, 0x9E3779B97F4A7C15L}) {
            Random expected = new Random(seed);
            Random actual = new DropoutRandom(seed);
            for (int i = 0; i < 10_000; i++) {
                assertEquals(expected.nextFloat(), actual.nextFloat(), "nextFloat " + i + " of seed " + seed);
                assertEquals(expected.nextInt(97), actual.nextInt(97));
                assertEquals(expected.nextLong(), actual.nextLong());
                assertEquals(expected.nextDouble(), actual.nextDouble());
                assertEquals(expected.nextGaussian(), actual.nextGaussian());
                assertEquals(expected.nextBoolean(), actual.nextBoolean());
            }
        }
    }

    @Test
    void reseedingRestartsTheSequence() {
        Random random = new DropoutRandom(3);
        float first = random.nextFloat();
        random.nextGaussian();
        random.setSeed(3);
        assertEquals(first, random.nextFloat());
        assertEquals(new Random(3).nextGaussian(), new DropoutRandom(3).nextGaussian());
    }
}
