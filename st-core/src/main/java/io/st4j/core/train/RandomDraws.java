package io.st4j.core.train;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Random numbers a loss samples with (the layers of {@code AdaptiveLayerLoss}, the dimensions of a
 * {@code MatryoshkaLoss} with {@code n_dims_per_step}): placeholders of a loss graph, fed each time the graph runs
 * with numbers drawn in Java from the step's seed. ND4J 1.0.0-M2.1's in-graph generator does not repeat its draws
 * after being seeded (two runs of a graph with the same seed were seen to draw different layers), so a step would
 * neither repeat nor resume exactly.
 */
public final class RandomDraws {

    private static final String PREFIX = "random_draws/uniform_";

    private RandomDraws() {
    }

    /** A {@code [count]} float vector, uniform in [0, 1), drawn anew from the step's seed at every run of the graph. */
    public static SDVariable uniform(SameDiff sd, int count) {
        int index = 0;
        while (sd.hasVariable(PREFIX + index)) {
            index++;
        }
        return sd.placeHolder(PREFIX + index, DataType.FLOAT, count);
    }

    /** The values of every {@link #uniform} placeholder of {@code sd} for a run with {@code seed}, by name. */
    public static Map<String, INDArray> feed(SameDiff sd, long seed) {
        Random random = new Random(seed);
        Map<String, INDArray> feed = new HashMap<>();
        for (int index = 0; sd.hasVariable(PREFIX + index); index++) {
            SDVariable draw = sd.getVariable(PREFIX + index);
            if (draw.getVariableType() != VariableType.PLACEHOLDER) {
                throw new IllegalStateException(draw.name() + " is not a placeholder of random draws");
            }
            float[] values = new float[(int) draw.getShape()[0]];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextFloat();
            }
            feed.put(draw.name(), Nd4j.createFromArray(values));
        }
        return feed;
    }
}
