package io.st4j.losses;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.testing.SharedData;
import io.st4j.core.train.GuidedLoss;
import io.st4j.core.train.Loss;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The losses as a trainer builds them: on embeddings computed inside the graph (shape unknown when the
 * graph is built) from placeholders of any batch size, with gradients flowing on to a parameter. One graph
 * per reference case is run at batch 8 (value and parameter gradient from the reference) and again at
 * batch 5 (value equal to a graph built for those 5 rows).
 */
class DynamicBatchTest {

    @TestFactory
    Stream<DynamicTest> everyReferenceCaseOnPlaceholders() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : List.of("loss_cases.json", "loss_cases_extra.json")) {
            JsonNode root;
            try {
                root = SharedData.referenceJson(file);
            } catch (TestAbortedException absent) {
                return ReferenceLossCasesTest.skipped(file, absent);
            }
            for (JsonNode c : root.get("cases")) {
                tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> check(root.get("inputs"), c)));
            }
        }
        return tests.stream();
    }

    private static void check(JsonNode inputs, JsonNode c) {
        String name = c.get("name").asText();
        Loss loss = ReferenceLosses.create(c, inputs);
        SameDiff sd = SameDiff.create();
        SDVariable gain = sd.var("gain", Nd4j.ones(DataType.FLOAT, 1, 16));
        List<SDVariable> embeddings = new ArrayList<>();
        List<SDVariable> guide = new ArrayList<>();
        Map<String, INDArray> full = new HashMap<>();
        for (JsonNode column : c.get("inputs")) {
            String col = column.asText();
            embeddings.add(sd.placeHolder(col, DataType.FLOAT, -1, 16).mul(gain));
            full.put(col, Json.array(inputs.get(col)));
            if (inputs.has("guide_" + col)) {
                guide.add(sd.placeHolder("guide_" + col, DataType.FLOAT, -1, 16));
                full.put("guide_" + col, Json.array(inputs.get("guide_" + col)));
            }
        }
        SDVariable labels = null;
        if (!c.get("labels").isNull()) {
            INDArray l = Json.array(inputs.get(c.get("labels").asText()));
            long[] shape = l.shape().clone();
            shape[0] = -1;
            labels = sd.placeHolder("labels", DataType.FLOAT, shape);
            full.put("labels", l);
        }
        SDVariable value = GuidedLoss.needsGuide(loss)
                ? ((GuidedLoss) loss).compute(sd, embeddings, guide, labels)
                : loss.compute(sd, embeddings, labels);
        sd.setLossVariables(value);

        // batch 8: the reference value, and d/d gain = sum over columns and rows of (d/d embedding) * input
        double v8 = sd.output(full, value.name()).get(value.name()).getDouble(0);
        Tolerance.assertClose(name + " value at batch 8", c.get("value").asDouble(), v8);
        INDArray gainGrad = sd.calculateGradients(full, "gain").get("gain");
        double[] expected = new double[16];
        for (JsonNode column : c.get("inputs")) {
            double[][] x = Json.matrix(inputs.get(column.asText()));
            double[][] g = Json.matrix(c.get("grads").get(column.asText()));
            for (int r = 0; r < x.length; r++) {
                for (int k = 0; k < 16; k++) {
                    expected[k] += g[r][k] * x[r][k];
                }
            }
        }
        double[] got = gainGrad.castTo(DataType.DOUBLE).data().asDouble();
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int k = 0; k < 16; k++) {
            double tol = Math.max(1e-5 * Math.abs(expected[k]), 1e-6 * Math.max(1, scale));
            assertTrue(Math.abs(expected[k] - got[k]) <= tol, name + " d/dgain[" + k + "]: expected " + expected[k] + " got " + got[k]);
        }

        // batch 5 through the same graph: equal to a graph built on those rows
        Map<String, INDArray> five = new HashMap<>();
        for (Map.Entry<String, INDArray> e : full.entrySet()) {
            INDArray a = e.getValue();
            five.put(e.getKey(), a.rank() == 1 ? a.get(NDArrayIndex.interval(0, 5)).dup()
                    : a.get(NDArrayIndex.interval(0, 5), NDArrayIndex.all()).dup());
        }
        double v5 = sd.output(five, value.name()).get(value.name()).getDouble(0);
        Tolerance.assertClose(name + " value at batch 5", fixedShapeValue(c, inputs, five), v5);
    }

    private static double fixedShapeValue(JsonNode c, JsonNode inputs, Map<String, INDArray> feed) {
        Loss loss = ReferenceLosses.create(c, inputs);
        SameDiff sd = SameDiff.create();
        List<SDVariable> embeddings = new ArrayList<>();
        List<SDVariable> guide = new ArrayList<>();
        for (JsonNode column : c.get("inputs")) {
            String col = column.asText();
            embeddings.add(sd.var(col, feed.get(col)));
            if (feed.containsKey("guide_" + col)) {
                guide.add(sd.constant("guide_" + col, feed.get("guide_" + col)));
            }
        }
        SDVariable labels = feed.containsKey("labels") ? sd.constant("labels", feed.get("labels")) : null;
        SDVariable value = GuidedLoss.needsGuide(loss)
                ? ((GuidedLoss) loss).compute(sd, embeddings, guide, labels)
                : loss.compute(sd, embeddings, labels);
        return value.eval().getDouble(0);
    }
}
