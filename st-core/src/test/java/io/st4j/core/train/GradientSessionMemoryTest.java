package io.st4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

class GradientSessionMemoryTest {

    /** loss = mean(tanh(x·W + b) ⊙ layer-norm-like rescale), with views (reshape) and a shared weight. */
    private static SameDiff graph() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 4);
        SDVariable w = sd.var("w", Nd4j.createFromArray(new float[][] {
                {-1f, -0.8f, -0.6f}, {-0.4f, -0.2f, 0.1f}, {0.2f, 0.4f, 0.6f}, {0.8f, 1f, 0.3f}}));
        SDVariable b = sd.var("b", Nd4j.createFromArray(0.1f, -0.2f, 0.3f));
        SDVariable h = sd.math.tanh(sd.mmul(x, w).add(b));
        SDVariable centered = h.sub(h.mean(true, -1));
        SDVariable scaled = centered.mul(sd.math.rsqrt(centered.mul(centered).mean(true, -1).add(1e-5)));
        SDVariable again = sd.mmul(sd.reshape(scaled, -1, 3), w, false, true, false);
        sd.mean(again.mul(again)).markAsLoss();
        return sd;
    }

    private static INDArray input(int rows, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, rows, 4).subi(0.5);
    }

    @Test
    void gradientsEqualSameDiffsOwnAndEveryOtherArrayIsClosedOnReturn() {
        SameDiff plain = graph();
        SameDiff managed = graph();
        List<INDArray> seen = new ArrayList<>();
        managed.addListeners(new BaseListener() {
            @Override
            public boolean isActive(Operation operation) {
                return true;
            }

            @Override
            public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext context,
                                    INDArray[] outputs) {
                if (outputs != null) {
                    for (INDArray output : outputs) {
                        if (output != null && !output.isEmpty()) {
                            seen.add(output);
                        }
                    }
                }
            }
        });
        GradientSessionMemory memory = GradientSessionMemory.install(managed);
        String loss = managed.getLossVariables().get(0);
        List<String> wrt = List.of("w", "b");
        List<String> kept = List.of(loss, managed.getVariable("w").getGradient().name(),
                managed.getVariable("b").getGradient().name());
        for (int run = 0; run < 3; run++) {
            Map<String, INDArray> feed = new HashMap<>(Map.of("x", input(5 + run, run)));
            var expected = plain.calculateGradientsAndOutputs(feed, List.of(loss), wrt);
            seen.clear();
            var actual = memory.run(kept, () -> managed.calculateGradientsAndOutputs(feed, List.of(loss), wrt));

            assertEquals(expected.getOutputs().get(loss), actual.getOutputs().get(loss));
            for (String name : wrt) {
                assertEquals(expected.getGradients().get(name), actual.getGradients().get(name), name + " run " + run);
            }
            List<INDArray> returned = new ArrayList<>(actual.getGradients().values());
            returned.add(actual.getOutputs().get(loss));
            int closed = 0;
            for (INDArray array : seen) {
                boolean isReturned = returned.stream().anyMatch(r -> r == array || r.data() == array.data());
                if (isReturned) {
                    assertFalse(array.wasClosed(), "a returned array was closed");
                } else if (array.wasClosed()) {
                    closed++;
                }
            }
            assertTrue(closed > 20, "only " + closed + " of " + seen.size() + " step arrays were closed");
        }
    }
}
