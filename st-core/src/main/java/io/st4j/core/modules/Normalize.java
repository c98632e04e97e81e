package io.st4j.core.modules;

import java.nio.file.Path;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** L2-normalizes the sentence embedding (norm clamped at 1e-12, as torch's {@code normalize}). */
public final class Normalize implements Module {

    public static final String TYPE = "sentence_transformers.models.Normalize";
    private static final double MIN_NORM = 1e-12;

    @Override
    public String typeName() {
        return TYPE;
    }

    @Override
    public void forward(ModuleGraph graph) {
        SameDiff sd = graph.sd();
        SDVariable x = graph.feature(ModuleGraph.SENTENCE_EMBEDDING);
        SDVariable norm = sd.math.max(x.norm2(true, 1), sd.constant(MIN_NORM).castTo(x.dataType()));
        // x / norm as the norm's rdiv: M2.1's gradient of div by a [1, 1] divisor (a batch of one) is wrong.
        graph.setFeature(ModuleGraph.SENTENCE_EMBEDDING, norm.rdiv(x));
    }

    /** Divides {@code row} by its L2 norm (clamped at 1e-12), in place: the graph's operation for one row in Java. */
    public static void normalizeInPlace(float[] row) {
        double norm = 0;
        for (float v : row) {
            norm += (double) v * v;
        }
        float scale = (float) Math.max(Math.sqrt(norm), MIN_NORM);
        for (int j = 0; j < row.length; j++) {
            row[j] /= scale;
        }
    }

    /** Writes nothing: sentence-transformers before v6 saves Normalize as an empty folder, and every version reads that. */
    @Override
    public void save(Path dir) {
        // An empty folder is the module's complete saved form.
    }
}
