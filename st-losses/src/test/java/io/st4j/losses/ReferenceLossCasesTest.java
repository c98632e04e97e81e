package io.st4j.losses;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every case of {@code shared/reference/loss_cases.json} and {@code loss_cases_extra.json}: the loss
 * value and the gradients with respect to every input embedding (and loss-owned parameters) equal those of
 * Python sentence-transformers 5.1.2 within 1e-5 relative (1e-6 absolute near zero).
 */
class ReferenceLossCasesTest {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceLossCasesTest.class);
    /** The largest |actual - expected| / tolerance seen (1 = at the tolerance), and where. */
    private static double worstRatio;
    private static String worstWhere = "none";
    private static int checkedNumbers;

    @AfterAll
    static void reportWorst() {
        LOG.info("reference loss cases: {} numbers checked, worst |diff| / tolerance = {} at {}", checkedNumbers,
                String.format("%.3f", worstRatio), worstWhere);
    }

    private static synchronized void record(String what, double expected, double actual) {
        double ratio = Math.abs(expected - actual) / Tolerance.of(expected);
        checkedNumbers++;
        if (ratio > worstRatio) {
            worstRatio = ratio;
            worstWhere = what + " (expected " + expected + ", got " + actual + ")";
        }
    }

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
        GradCache.Result result = GradCache.lossAndGradients(loss, embeddings, guide, labels, 0);
        assertClose(name + " value", c.get("value").asDouble(), result.loss());
        for (int i = 0; i < embeddings.size(); i++) {
            String col = c.get("inputs").get(i).asText();
            assertArrayClose(name + " d/d" + col, c.get("grads").get(col), result.embeddingGradients().get(i));
        }
    }

    private static void assertClose(String what, double expected, double actual) {
        record(what, expected, actual);
        Tolerance.assertClose(what, expected, actual);
    }

    private static void assertArrayClose(String what, JsonNode expected, INDArray actual) {
        if (actual != null) {
            double[] want = Json.flatten(expected);
            double[] got = actual.castTo(DataType.DOUBLE).data().asDouble();
            for (int i = 0; i < Math.min(want.length, got.length); i++) {
                record(what + "[" + i + "]", want[i], got[i]);
            }
        }
        Tolerance.assertArrayClose(what, expected, actual);
    }
}
