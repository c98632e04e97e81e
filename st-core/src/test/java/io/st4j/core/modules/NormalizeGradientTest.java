package io.st4j.core.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The Normalize module's gradient, for a batch of several rows and of one (where M2.1's div gradient failed). */
class NormalizeGradientTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void gradientOfProjectedUnitVectorsIsTheAnalyticOne(int rows) {
        int dim = 4;
        INDArray x = Nd4j.rand(DataType.FLOAT, rows, dim).subi(0.5);
        INDArray w = Nd4j.rand(DataType.FLOAT, rows, dim);
        SameDiff sd = SameDiff.create();
        ModuleGraph graph = new ModuleGraph(sd);
        graph.setFeature(ModuleGraph.SENTENCE_EMBEDDING, sd.var("x", x));
        new Normalize().forward(graph);
        SDVariable loss = graph.feature(ModuleGraph.SENTENCE_EMBEDDING).mul(sd.constant(w)).sum();
        sd.setLossVariables(loss);
        INDArray got = sd.calculateGradients(null, List.of("x")).get("x");
        for (int r = 0; r < rows; r++) {
            double norm = x.getRow(r).norm2Number().doubleValue();
            double dot = x.getRow(r).mul(w.getRow(r)).sumNumber().doubleValue();
            for (int k = 0; k < dim; k++) {
                // d/dx (w . x / |x|) = w / |x| - (w . x) x / |x|^3
                double want = w.getDouble(r, k) / norm - dot * x.getDouble(r, k) / (norm * norm * norm);
                assertEquals(want, got.getDouble(r, k), 1e-5, "row " + r + " column " + k);
            }
        }
    }

    @Test
    void valuesAreUnitRows() {
        INDArray x = Nd4j.createFromArray(new float[][] {{3f, 4f}});
        SameDiff sd = SameDiff.create();
        ModuleGraph graph = new ModuleGraph(sd);
        graph.setFeature(ModuleGraph.SENTENCE_EMBEDDING, sd.constant(x));
        new Normalize().forward(graph);
        INDArray out = graph.feature(ModuleGraph.SENTENCE_EMBEDDING).eval();
        assertEquals(0.6f, out.getFloat(0, 0), 0f);
        assertEquals(0.8f, out.getFloat(0, 1), 0f);
    }
}
