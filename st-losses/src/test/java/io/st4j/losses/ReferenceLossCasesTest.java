package io.st4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.testing.SharedData;
import io.st4j.core.train.CachedLoss;
import io.st4j.core.train.GradCache;
import io.st4j.core.train.GuidedLoss;
import io.st4j.core.train.Loss;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every case of {@code shared/reference/loss_cases.json} and {@code loss_cases_extra.json}: the loss
 * value and the gradients with respect to every input embedding (and loss-owned parameters) equal those of
 * Python sentence-transformers 5.1.2 within 1e-5 relative (1e-6 absolute near zero).
 */
class ReferenceLossCasesTest {

    @TestFactory
    Stream<DynamicTest> lossCases() {
        return cases("loss_cases.json");
    }

    @TestFactory
    Stream<DynamicTest> lossCasesExtra() {
        return cases("loss_cases_extra.json");
    }

    private static Stream<DynamicTest> cases(String file) {
        JsonNode root;
        try {
            root = SharedData.referenceJson(file);
        } catch (TestAbortedException absent) {
            return skipped(file, absent);
        }
        JsonNode inputs = root.get("inputs");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> check(inputs, c)));
        }
        return tests.stream();
    }

    /** One visibly skipped test carrying SharedData's message, where the reference file is absent. */
    static Stream<DynamicTest> skipped(String file, TestAbortedException absent) {
        return Stream.of(DynamicTest.dynamicTest(file + " (absent)", () -> {
            throw absent;
        }));
    }

    private static void check(JsonNode inputs, JsonNode c) {
        String name = c.get("name").asText();
        Loss loss = ReferenceLosses.create(c, inputs);
        SameDiff sd = SameDiff.create();
        List<SDVariable> embeddings = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<SDVariable> guide = new ArrayList<>();
        for (JsonNode column : c.get("inputs")) {
            String col = column.asText();
            names.add(col);
            embeddings.add(sd.var(col, Json.array(inputs.get(col))));
            if (inputs.has("guide_" + col)) {
                guide.add(sd.constant("guide_" + col, Json.array(inputs.get("guide_" + col))));
            }
        }
        SDVariable labels = c.get("labels").isNull() ? null : sd.constant("labels", Json.array(inputs.get(c.get("labels").asText())));
        SDVariable value = GuidedLoss.needsGuide(loss)
                ? ((GuidedLoss) loss).compute(sd, embeddings, guide, labels)
                : loss.compute(sd, embeddings, labels);
        sd.setLossVariables(value);

        List<String> wrt = new ArrayList<>(names);
        Map<String, String> params = ReferenceLosses.parameterNames(loss);
        wrt.addAll(params.values());
        Map<String, INDArray> grads = sd.calculateGradients(null, wrt);
        double actual = value.eval().getDouble(0);
        assertClose(name + " value", c.get("value").asDouble(), actual);
        for (String col : names) {
            assertArrayClose(name + " d/d" + col, c.get("grads").get(col), grads.get(col));
        }
        for (Map.Entry<String, String> p : params.entrySet()) {
            assertArrayClose(name + " d/d" + p.getKey(), c.get("param_grads").get(p.getKey()), grads.get(p.getValue()));
        }
        if (CachedLoss.miniBatchSizeOf(loss).isPresent()) {
            checkGradCachePass(inputs, c, loss);
        }
    }

    /** A cached loss's pass 2 ({@link GradCache#lossAndGradients}) gives the reference value and embedding gradients. */
    private static void checkGradCachePass(JsonNode inputs, JsonNode c, Loss loss) {
        String name = c.get("name").asText() + " (GradCache pass 2)";
        List<INDArray> embeddings = new ArrayList<>();
        List<INDArray> guide = new ArrayList<>();
        for (JsonNode column : c.get("inputs")) {
            embeddings.add(Json.array(inputs.get(column.asText())));
            if (inputs.has("guide_" + column.asText())) {
                guide.add(Json.array(inputs.get("guide_" + column.asText())));
            }
        }
        INDArray labels = c.get("labels").isNull() ? null : Json.array(inputs.get(c.get("labels").asText()));
        GradCache.Result result = GradCache.lossAndGradients(loss, embeddings, guide, labels);
        assertClose(name + " value", c.get("value").asDouble(), result.loss());
        for (int i = 0; i < embeddings.size(); i++) {
            String col = c.get("inputs").get(i).asText();
            assertArrayClose(name + " d/d" + col, c.get("grads").get(col), result.embeddingGradients().get(i));
        }
    }

    static void assertClose(String what, double expected, double actual) {
        double tolerance = Math.max(1e-5 * Math.abs(expected), 1e-6);
        assertTrue(Math.abs(expected - actual) <= tolerance,
                what + ": expected " + expected + " but got " + actual + " (diff " + Math.abs(expected - actual) + ")");
    }

    static void assertArrayClose(String what, JsonNode expected, INDArray actual) {
        assertTrue(actual != null, what + ": no gradient computed");
        double[] want = Json.flatten(expected);
        double[] got = actual.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
        assertEquals(want.length, got.length, what + ": size");
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < want.length; i++) {
            double excess = Math.abs(want[i] - got[i]) - Math.max(1e-5 * Math.abs(want[i]), 1e-6);
            if (excess > worst) {
                worst = excess;
                worstAt = i;
            }
        }
        assertTrue(worstAt < 0, () -> what + ": element " + worstAt_(want, got) + " differs");
    }

    private static String worstAt_(double[] want, double[] got) {
        int at = 0;
        double worst = -1;
        for (int i = 0; i < want.length; i++) {
            double excess = Math.abs(want[i] - got[i]) - Math.max(1e-5 * Math.abs(want[i]), 1e-6);
            if (excess > worst) {
                worst = excess;
                at = i;
            }
        }
        return at + ": expected " + want[at] + " got " + got[at];
    }

}
