package io.st4j.core.modules;

import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.function.ObjLongConsumer;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The inference forward pass of an {@link EncoderGraph} encoder on the same weight arrays, without SameDiff and
 * without padding: the real tokens of a batch are packed into one {@code [tokens, hidden]} matrix for every
 * dense layer ({@code Nd4j.gemm} into buffers reused across batches), attention runs per sequence and head at
 * the sequence's own length (BLAS on strided slices of the packed Q, K, V: no permute copies), and bias, GELU,
 * residual + layer norm and softmax are Java kernels ({@link EncoderKernels}). No dropout: inference only.
 * Not thread-safe (one instance reuses its buffers); callers serialize.
 */
final class EncoderExecutor {

    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;
    /**
     * The default largest {@code M·N·K} of an attention matrix product: OpenBLAS runs products up to
     * {@code GEMM_MULTITHREAD_THRESHOLD × SMP_THRESHOLD_MIN} = 4 × 65536 on the calling thread, so the attention
     * threads do not contend for its thread pool.
     */
    static final int SINGLE_THREAD_GEMM = 4 * 65536;

    private final EncoderConfig config;
    private final EncoderArchitecture.LayerLayout layout;
    private final Map<String, INDArray> weights;
    private final int attentionBlock;
    private final int parts = Runtime.getRuntime().availableProcessors(); // attention threads
    private float[] relativeBias; // [buckets, heads] of this pass (MPNet), or null

    private int capacity; // tokens the buffers hold
    private INDArray x;
    private INDArray q;
    private INDArray k;
    private INDArray v;
    private INDArray context;
    private INDArray attended;
    private INDArray projected;
    private INDArray intermediate;
    private final INDArray[] scores = new INDArray[parts]; // one per attention thread
    private int scoresCapacity;

    EncoderExecutor(EncoderConfig config, Map<String, INDArray> weights) {
        this(config, weights, SINGLE_THREAD_GEMM);
    }

    /** @param attentionBlock the largest {@code M·N·K} of one attention matrix product (query rows are split to fit) */
    EncoderExecutor(EncoderConfig config, Map<String, INDArray> weights, int attentionBlock) {
        this.config = config;
        this.layout = config.architecture().layout();
        this.weights = weights;
        this.attentionBlock = attentionBlock;
    }

    /**
     * The last hidden state of packed sequences.
     *
     * @param embeddingSum word + token type + position embeddings of the real tokens, sequence after
     *                     sequence, {@code [tokens, hidden]}
     * @param lengths      the tokens of each sequence (each at least 1), summing to {@code tokens}
     * @param timer        receives the nanoseconds of each stage (gemm, attention, bias, gelu,
     *                     layernorm), several times per pass
     * @return {@code [tokens, hidden]}, a buffer of this executor valid until its next call
     */
    INDArray forward(INDArray embeddingSum, int[] lengths, ObjLongConsumer<String> timer) {
        int n = (int) embeddingSum.size(0);
        int h = config.hiddenSize();
        int longest = 0;
        for (int length : lengths) {
            longest = Math.max(longest, length);
        }
        ensureCapacity(n, longest);
        // Weights are read at every pass: training updates the arrays in place.
        relativeBias = config.architecture().hasRelativeAttentionBias()
                ? Nd4j.toFlattened('c', weights.get(EncoderArchitecture.RELATIVE_ATTENTION_BIAS)).toFloatVector() : null;
        INDArray hidden = rows(x, n, h);
        long t0 = System.nanoTime();
        INDArray sum = embeddingSum.isView() || embeddingSum.ordering() != 'c' ? embeddingSum.dup('c') : embeddingSum;
        EncoderKernels.biasResidualLayerNorm(buffer(sum), null, null, buffer(hidden), n,
                vector(EncoderArchitecture.EMBEDDING_NORM + ".weight"), vector(EncoderArchitecture.EMBEDDING_NORM + ".bias"),
                (float) config.layerNormEps());
        timer.accept("layernorm", System.nanoTime() - t0);
        for (int layer = 0; layer < config.numLayers(); layer++) {
            layer(layer, n, lengths, timer);
        }
        return hidden;
    }

    private void layer(int index, int n, int[] lengths, ObjLongConsumer<String> timer) {
        String p = layout.layers() + index + ".";
        int h = config.hiddenSize();
        INDArray in = rows(x, n, h);
        INDArray qn = rows(q, n, h);
        INDArray kn = rows(k, n, h);
        INDArray vn = rows(v, n, h);
        long t = System.nanoTime();
        gemm(in, p + layout.query(), qn);
        gemm(in, p + layout.key(), kn);
        gemm(in, p + layout.value(), vn);
        t = lap(timer, "gemm", t);
        EncoderKernels.addBias(buffer(qn), n, vector(p + layout.query() + ".bias"));
        EncoderKernels.addBias(buffer(kn), n, vector(p + layout.key() + ".bias"));
        EncoderKernels.addBias(buffer(vn), n, vector(p + layout.value() + ".bias"));
        t = lap(timer, "bias", t);
        INDArray ctx = rows(context, n, h);
        attention(qn, kn, vn, ctx, lengths);
        t = lap(timer, "attention", t);
        INDArray proj = rows(projected, n, h);
        gemm(ctx, p + layout.attentionOutput(), proj);
        t = lap(timer, "gemm", t);
        INDArray att = rows(attended, n, h);
        float eps = (float) config.layerNormEps();
        EncoderKernels.biasResidualLayerNorm(buffer(proj), vector(p + layout.attentionOutput() + ".bias"),
                buffer(in), buffer(att), n, vector(p + layout.attentionNorm() + ".weight"),
                vector(p + layout.attentionNorm() + ".bias"), eps);
        t = lap(timer, "layernorm", t);
        INDArray inter = rows(intermediate, n, config.intermediateSize());
        gemm(att, p + layout.intermediate(), inter);
        t = lap(timer, "gemm", t);
        EncoderKernels.biasGelu(buffer(inter), n, vector(p + layout.intermediate() + ".bias"));
        t = lap(timer, "gelu", t);
        gemm(inter, p + layout.output(), proj);
        t = lap(timer, "gemm", t);
        EncoderKernels.biasResidualLayerNorm(buffer(proj), vector(p + layout.output() + ".bias"), buffer(att),
                buffer(in), n, vector(p + layout.outputNorm() + ".weight"), vector(p + layout.outputNorm() + ".bias"),
                eps);
        lap(timer, "layernorm", t);
    }

    /**
     * Scaled dot-product attention of each sequence and head at the sequence's length: {@code S = Q·Kᵀ/√d}
     * (+ MPNet's relative bias), softmax, {@code S·V}, with the per-head slices addressed in place. The
     * (sequence, head) pairs are spread over {@link #parts} threads, each with its own scores buffer; each BLAS
     * call covers a block of query rows small enough for OpenBLAS to run it on the calling thread alone.
     */
    private void attention(INDArray qn, INDArray kn, INDArray vn, INDArray ctx, int[] lengths) {
        int[] offsets = new int[lengths.length];
        for (int i = 1; i < lengths.length; i++) {
            offsets[i] = offsets[i - 1] + lengths[i - 1];
        }
        int tasks = lengths.length * config.numHeads();
        IntStream.range(0, Math.min(parts, tasks)).parallel().forEach(part -> {
            FloatPointer qp = pointer(qn);
            FloatPointer kp = pointer(kn);
            FloatPointer vp = pointer(vn);
            FloatPointer cp = pointer(ctx);
            FloatPointer sp = pointer(scores[part]);
            FloatBuffer sb = buffer(scores[part]);
            float[] row = new float[scoresCapacity];
            for (int task = part; task < tasks; task += parts) {
                int sequence = task / config.numHeads();
                attendHead(task % config.numHeads(), offsets[sequence], lengths[sequence], qp, kp, vp, cp, sp, sb, row);
            }
        });
    }

    private void attendHead(int head, int offset, int length, FloatPointer qp, FloatPointer kp, FloatPointer vp,
                            FloatPointer cp, FloatPointer sp, FloatBuffer sb, float[] row) {
        int h = config.hiddenSize();
        int d = config.headSize();
        float alpha = (float) (1.0 / Math.sqrt(d));
        int block = Math.max(1, attentionBlock / (length * d));
        long head0 = (long) offset * h + (long) head * d;
        for (int from = 0; from < length; from += block) {
            int rows = Math.min(block, length - from);
            long at = head0 + (long) from * h;
            cblas_sgemm(ROW_MAJOR, NO_TRANS, TRANS, rows, length, d, alpha, qp.position(at), h, kp.position(head0), h,
                    0f, sp, length);
            for (int i = 0; i < rows; i++) {
                sb.get(i * length, row, 0, length);
                if (relativeBias != null) {
                    addRelativeBias(row, from + i, length, head);
                }
                EncoderKernels.softmax(row, length);
                sb.put(i * length, row, 0, length);
            }
            cblas_sgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, rows, d, length, 1f, sp, length, vp.position(head0), h, 0f,
                    cp.position(at), h);
        }
    }

    private void addRelativeBias(float[] row, int query, int length, int head) {
        int heads = config.numHeads();
        for (int key = 0; key < length; key++) {
            row[key] += relativeBias[RelativePositionBuckets.bucket(key - query) * heads + head];
        }
    }

    private static long lap(ObjLongConsumer<String> timer, String stage, long since) {
        long now = System.nanoTime();
        timer.accept(stage, now - since);
        return now;
    }

    /** {@code out = in · Wᵀ} with the PyTorch-layout weight {@code [out, in]} of {@code name}. */
    private void gemm(INDArray in, String name, INDArray out) {
        Nd4j.gemm(in, weights.get(name + ".weight"), out, false, true, 1.0, 0.0);
    }

    private float[] vector(String name) {
        return weights.get(name).toFloatVector();
    }

    private void ensureCapacity(int tokens, int longest) {
        if (tokens > capacity) {
            capacity = Math.max(tokens, capacity * 2);
            int h = config.hiddenSize();
            x = flat(capacity * h);
            q = flat(capacity * h);
            k = flat(capacity * h);
            v = flat(capacity * h);
            context = flat(capacity * h);
            attended = flat(capacity * h);
            projected = flat(capacity * h);
            intermediate = flat(capacity * config.intermediateSize());
        }
        if (longest * longest > scoresCapacity) {
            scoresCapacity = longest * longest;
            for (int part = 0; part < parts; part++) {
                scores[part] = flat(scoresCapacity);
            }
        }
    }

    private static INDArray flat(long length) {
        return Nd4j.createUninitialized(DataType.FLOAT, length);
    }

    /** The first {@code n} rows of a flat buffer seen as {@code [n, cols]}. */
    private static INDArray rows(INDArray flat, int n, int cols) {
        return flat.get(NDArrayIndex.interval(0, (long) n * cols)).reshape('c', n, cols);
    }

    private static FloatBuffer buffer(INDArray array) {
        return array.data().asNioFloat();
    }

    private static FloatPointer pointer(INDArray array) {
        return new FloatPointer(array.data().pointer());
    }
}
