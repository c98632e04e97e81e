package io.st4j.core.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.core.testing.TinyEncoders;
import io.st4j.core.util.Futures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.bytedeco.openblas.presets.openblas_nolapack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The executor's attention blocking, its streams of batches and its float kernels (erf, exp) against double precision. */
class EncoderExecutorTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"bert", "mpnet"})
    void attentionSplitIntoSingleRowProductsGivesTheSameResult(String architecture) throws Exception {
        Transformer transformer = Transformer.load(TinyEncoders.folder(architecture, tmp.resolve(architecture)));
        int[] lengths = {5, 64, 1, 17};
        INDArray sum = Nd4j.rand(DataType.FLOAT, 87, transformer.embeddingDimension()).subi(0.5);
        INDArray whole = alone(new EncoderExecutor(transformer.config(), transformer.parameters()), sum, lengths);
        INDArray rowByRow = alone(new EncoderExecutor(transformer.config(), transformer.parameters(), 1), sum,
                lengths);
        double diff = whole.sub(rowByRow).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-5, architecture + ": one call per sequence vs one per query row, max |diff| " + diff);
    }

    @Test
    void batchesInFlightTogetherEqualEachBatchAlone() throws Exception {
        Transformer transformer = Transformer.load(TinyEncoders.folder("bert", tmp.resolve("bert")));
        EncoderExecutor executor = new EncoderExecutor(transformer.config(), transformer.parameters());
        int[][] lengths = {{64, 40, 33}, {30, 30, 9, 2}, {17}, {12, 11, 5, 1, 1}};
        List<INDArray> sums = new ArrayList<>();
        List<CompletableFuture<INDArray>> streamed = new ArrayList<>();
        try (EncoderExecutor.Stream stream = executor.open((stage, nanos) -> { })) {
            for (int b = 0; b < lengths.length; b++) {
                INDArray sum = Nd4j.rand(DataType.FLOAT, IntStream.of(lengths[b]).sum(),
                        transformer.embeddingDimension()).subi(0.5);
                sums.add(sum);
                streamed.add(stream.submit(sum, lengths[b], b == lengths.length - 1));
            }
        }
        for (int b = 0; b < lengths.length; b++) {
            INDArray alone = alone(executor, sums.get(b), lengths[b]);
            double diff = Futures.join(streamed.get(b)).sub(alone).amaxNumber().doubleValue();
            // float rounding only: a batch split over the cores is multiplied in smaller row blocks, and the
            // one-sequence batch alone runs on this thread with three query, key and value products, not one
            assertTrue(diff <= 1e-5, "batch " + b + ": in a stream vs alone, max |diff| " + diff);
        }
    }

    @Test
    void aFailingBatchIsThrownWhereItIsJoinedAndNd4jsBlasThreadsAreLeftAlone() throws Exception {
        Transformer transformer = Transformer.load(TinyEncoders.folder("bert", tmp.resolve("bert")));
        EncoderExecutor executor = new EncoderExecutor(transformer.config(), transformer.parameters());
        int threads = openblas_nolapack.blas_get_num_threads();
        CompletableFuture<INDArray> good;
        CompletableFuture<INDArray> bad;
        try (EncoderExecutor.Stream stream = executor.open((stage, nanos) -> { })) {
            good = stream.submit(Nd4j.rand(DataType.FLOAT, 8, transformer.embeddingDimension()), new int[] {5, 3},
                    false);
            // the lengths promise more rows than the embedding sum holds
            bad = stream.submit(Nd4j.rand(DataType.FLOAT, 4, transformer.embeddingDimension()), new int[] {6}, true);
            // the workers set their own products' threads; the process-wide OpenBLAS count stays ND4J's
            assertEquals(threads, openblas_nolapack.blas_get_num_threads(), "OpenBLAS threads while the stream is open");
        }
        assertEquals(8, Futures.join(good).size(0));
        assertThrows(IndexOutOfBoundsException.class, () -> Futures.join(bad));
    }

    /** The last hidden state of one batch, through a stream of its own. */
    private static INDArray alone(EncoderExecutor executor, INDArray sum, int[] lengths) {
        try (EncoderExecutor.Stream stream = executor.open((stage, nanos) -> { })) {
            return Futures.join(stream.submit(sum, lengths, true));
        }
    }

    @Test
    void erfIsWithin5e7OfDoublePrecision() {
        double worst = 0;
        for (double x = -6; x <= 6; x += 1e-3) {
            worst = Math.max(worst, Math.abs(EncoderKernels.erf((float) x) - erf((float) x)));
        }
        assertTrue(worst < 5e-7, "max |erf error| " + worst);
    }

    @Test
    void expIsWithin3e7RelativeOfDoublePrecision() {
        double worst = 0;
        Random random = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            float x = -87f * random.nextFloat();
            double exact = Math.exp(x);
            worst = Math.max(worst, Math.abs(EncoderKernels.exp(x) - exact) / exact);
        }
        assertTrue(worst < 3e-7, "max relative exp error " + worst);
        assertTrue(EncoderKernels.exp(-100f) == 0f && EncoderKernels.exp(0f) == 1f, "limits");
    }

    /** erf by its Taylor series (|x| <= 4) or 1 - erfc's asymptotic bound (erf is ±1 in float beyond). */
    private static double erf(double x) {
        if (Math.abs(x) > 4.5) {
            return Math.signum(x);
        }
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= -x * x / n;
            sum += term / (2 * n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }
}
