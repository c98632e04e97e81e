package io.st4j.examples.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.sun.management.OperatingSystemMXBean;
import io.st4j.core.EncodeOptions;
import io.st4j.core.SentenceTransformer;
import io.st4j.core.modules.InputModule;
import io.st4j.core.modules.TokenBatch;
import java.lang.management.ManagementFactory;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Encode throughput of st4j against ONNX Runtime (Java) on the same all-MiniLM-L6-v2 weights, the same
 * token ids and the same batches (or one text per call), measured alternately in one run so that machine noise
 * hits both.
 * ONNX Runtime's output is mean-pooled in Java, so both sides do the same work.
 */
public final class EncodeBenchmark implements AutoCloseable {

    /** One measured workload; speeds in texts per second over the timed passes. */
    public record Result(String workload, int texts, double meanTokens, Speed st4j, Speed ort, double maxAbsDiff) {
        /** st4j's median speed as a fraction of ONNX Runtime's. */
        public double ratio() {
            return st4j.median() / ort.median();
        }
    }

    /** Texts per second: the median pass and the slowest and fastest. */
    public record Speed(double median, double min, double max) {

        static Speed of(int texts, List<Double> passSeconds) {
            double[] perSecond = passSeconds.stream().mapToDouble(seconds -> texts / seconds).sorted().toArray();
            int n = perSecond.length;
            double median = n % 2 == 1 ? perSecond[n / 2] : (perSecond[n / 2 - 1] + perSecond[n / 2]) / 2;
            return new Speed(median, perSecond[0], perSecond[n - 1]);
        }

        /** The spread of the passes, (max - min) / median. */
        public double spread() {
            return (max - min) / median;
        }
    }

    private static final int WARM_UP_SECONDS = 5;

    private final SentenceTransformer model;
    private final InputModule input;
    private final OrtSession session;
    private final OrtEnvironment env;
    private final int batchSize;
    private final int passes;

    public EncodeBenchmark(SentenceTransformer model, Path onnxFile, int threads, int batchSize, int passes)
            throws OrtException {
        this.model = model;
        this.input = (InputModule) model.modules().get(0);
        this.env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        this.session = env.createSession(onnxFile.toString(), options);
        this.batchSize = batchSize;
        this.passes = passes;
    }

    /**
     * The speed of {@code model.encode(texts)} over timed passes.
     *
     * @param perSecond        texts per second of the fastest pass (wall clock)
     * @param cpuMicrosPerText the process's CPU time per text over all timed passes, every thread counted:
     *                         unlike the wall clock, it barely moves when other processes share the cores
     * @param loadAverage      the system load average over the last minute, read at the end
     */
    public record Throughput(double perSecond, double cpuMicrosPerText, double loadAverage) {
    }

    /**
     * Times {@code passes} passes of {@code model.encode(texts)} after {@value #WARM_UP_SECONDS} s of warm-up
     * passes: a pass of a fast model takes milliseconds, too short for one pass to get its loops compiled.
     */
    public static Throughput throughput(SentenceTransformer model, List<String> texts, int batchSize, int passes) {
        EncodeOptions options = EncodeOptions.builder().batchSize(batchSize).build();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long warmUpEnd = System.nanoTime() + WARM_UP_SECONDS * 1_000_000_000L;
        do {
            model.encode(texts, options);
        } while (System.nanoTime() < warmUpEnd);
        double best = Double.MAX_VALUE;
        long cpu0 = os.getProcessCpuTime();
        for (int pass = 0; pass < passes; pass++) {
            long t0 = System.nanoTime();
            model.encode(texts, options);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        double cpuMicros = (os.getProcessCpuTime() - cpu0) / 1e3 / ((double) passes * texts.size());
        return new Throughput(texts.size() / best, cpuMicros, os.getSystemLoadAverage());
    }

    /** {@link #measure} with the texts in batches of the benchmark's batch size, one {@code encode} call a pass. */
    public Result run(String workload, List<String> texts) throws OrtException {
        EncodeOptions options = EncodeOptions.builder().batchSize(batchSize).build();
        return measure(workload, texts, () -> model.encode(texts, options), () -> ortEncode(texts));
    }

    /**
     * {@link #measure} with one text per call, as a service encoding one query per request does: st4j's
     * {@code encode} of a single text, ONNX Runtime's session run on one text.
     */
    public Result runOneByOne(String workload, List<String> texts) throws OrtException {
        return measure(workload, texts, () -> eachAlone(texts, model::encode), () -> eachAlone(texts, this::ortEncode));
    }

    /** One engine's pass over all the texts, returning their embeddings in order. */
    @FunctionalInterface
    private interface Pass {
        float[][] run() throws OrtException;
    }

    /** One engine's call on a list of texts. */
    @FunctionalInterface
    private interface Call {
        float[][] encode(List<String> texts) throws OrtException;
    }

    /** The embeddings of {@code texts}, one call per text. */
    private static float[][] eachAlone(List<String> texts, Call call) throws OrtException {
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
            out[i] = call.encode(List.of(texts.get(i)))[0];
        }
        return out;
    }

    /**
     * Times {@code passes} passes of each engine over {@code texts}, alternately, after {@value #WARM_UP_SECONDS} s
     * of warm-up passes of both (at least one each): st4j's Java kernels reach their compiled speed only after a
     * few passes, as a service's would after its first requests.
     */
    private Result measure(String workload, List<String> texts, Pass st4j, Pass ort) throws OrtException {
        float[][] reference = ort.run();
        float[][] ours = st4j.run();
        long warmUpEnd = System.nanoTime() + WARM_UP_SECONDS * 1_000_000_000L;
        while (System.nanoTime() < warmUpEnd) {
            st4j.run();
            ort.run();
        }
        List<Double> st4jSeconds = new ArrayList<>();
        List<Double> ortSeconds = new ArrayList<>();
        for (int pass = 0; pass < passes; pass++) {
            long t0 = System.nanoTime();
            st4j.run();
            long t1 = System.nanoTime();
            ort.run();
            long t2 = System.nanoTime();
            st4jSeconds.add((t1 - t0) / 1e9);
            ortSeconds.add((t2 - t1) / 1e9);
            System.gc();
        }
        double diff = 0;
        for (int i = 0; i < texts.size(); i++) {
            for (int d = 0; d < ours[i].length; d++) {
                diff = Math.max(diff, Math.abs(ours[i][d] - reference[i][d]));
            }
        }
        long tokens = 0;
        for (String text : texts) {
            tokens += input.tokenize(List.of(text)).length();
        }
        return new Result(workload, texts.size(), (double) tokens / texts.size(),
                Speed.of(texts.size(), st4jSeconds), Speed.of(texts.size(), ortSeconds), diff);
    }

    /** ONNX Runtime over the same length-sorted batches st4j uses, mean-pooled, in the caller's order. */
    private float[][] ortEncode(List<String> texts) throws OrtException {
        Integer[] order = new Integer[texts.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Integer.compare(texts.get(b).length(), texts.get(a).length()));
        float[][] out = new float[texts.size()][];
        for (int start = 0; start < order.length; start += batchSize) {
            List<String> batchTexts = new ArrayList<>();
            int end = Math.min(order.length, start + batchSize);
            for (int i = start; i < end; i++) {
                batchTexts.add(texts.get(order[i]));
            }
            TokenBatch batch = input.tokenize(batchTexts);
            float[][] pooled = ortBatch(batch);
            for (int i = start; i < end; i++) {
                out[order[i]] = pooled[i - start];
            }
        }
        return out;
    }

    private float[][] ortBatch(TokenBatch batch) throws OrtException {
        long[] shape = {batch.size(), batch.length()};
        try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(toLong(batch.inputIds())), shape);
             OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(toLong(batch.attentionMask())), shape);
             OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(toLong(batch.tokenTypeIds())), shape);
             OrtSession.Result result = session.run(Map.of("input_ids", ids, "attention_mask", mask,
                     "token_type_ids", types))) {
            float[][][] hidden = (float[][][]) result.get(0).getValue();
            float[][] pooled = new float[batch.size()][];
            for (int b = 0; b < batch.size(); b++) {
                float[] sum = new float[hidden[b][0].length];
                int count = 0;
                for (int t = 0; t < batch.length(); t++) {
                    if (batch.attentionMask()[b * batch.length() + t] == 1) {
                        count++;
                        for (int d = 0; d < sum.length; d++) {
                            sum[d] += hidden[b][t][d];
                        }
                    }
                }
                for (int d = 0; d < sum.length; d++) {
                    sum[d] /= count;
                }
                pooled[b] = sum;
            }
            return pooled;
        }
    }

    /** Closes the ONNX Runtime session, whose idle worker threads would otherwise keep taking CPU time. */
    @Override
    public void close() throws OrtException {
        session.close();
    }

    private static long[] toLong(int[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
