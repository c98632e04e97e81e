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
 * The training forward pass of an {@link EncoderGraph} encoder on packed tokens (no padding, dropout masks given),
 * keeping the activations its hand-written backward pass needs, and that backward pass: the gradients of every
 * encoder weight and of the summed input embeddings, given the gradient of the last hidden state. Dense layers
 * are BLAS products on the packed {@code [tokens, width]} matrices, attention runs per (sequence, head) at the
 * sequence's own length on strided slices, spread over the cores; elementwise and row-wise steps are Java
 * kernels ({@link TrainingKernels}). Buffers are reused from step to step (they grow to the largest batch seen).
 * Not for MPNet's relative attention bias. Not thread-safe.
 */
final class EncoderTrainer {

    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;

    /** The dropout masks of one pass in packed layout (null where the model has no such dropout). */
    record Masks(float[] embeddings, float[][] attention, float[][] attentionOutput, float[][] output) {
    }

    /**
     * The largest {@code M·N·K} of an attention matrix product, which runs on a thread of its own: OpenBLAS runs
     * products up to {@code GEMM_MULTITHREAD_THRESHOLD × SMP_THRESHOLD_MIN} = 4 × 65536 on the calling thread alone.
     */
    private static final int SINGLE_THREAD_GEMM = 4 * 65536;

    private final EncoderConfig config;
    private final EncoderArchitecture.LayerLayout layout;
    private final Map<String, INDArray> weights;
    private final int layers;
    private final int h;
    private final int inner;
    private final int heads;
    private final int d;
    private final int parts = Runtime.getRuntime().availableProcessors();

    // The pass: packed sequences and where each one's attention probabilities start.
    private int n;
    private int[] lengths;
    private int[] offsets;
    private long[] probOffsets;
    private Masks masks;

    // Activations kept for backward (per layer) and scratch; capacity in tokens / probability floats.
    private int capacity;
    private long probCapacity;
    private INDArray[] hidden; // layers + 1: the embedding output, then each layer's output
    private INDArray[] q;
    private INDArray[] k;
    private INDArray[] v;
    private INDArray[] context;
    private INDArray[] attended;
    private INDArray[] attendedNorm; // normalized pre-gain values of the attention layer norm
    private INDArray[] outputNorm;
    private INDArray embeddingNorm;
    private float[][] attendedInv;
    private float[][] outputInv;
    private float[] embeddingInv;
    private INDArray[] preActivation; // intermediate before GELU, bias added
    private INDArray[] activated; // GELU of preActivation
    private INDArray[] probs;
    private INDArray wideGradient;
    private INDArray scratch; // [tokens, hidden] scratch, four of them
    private INDArray scratch2;
    private INDArray scratch3;
    private INDArray scratch4;
    private INDArray dq;
    private INDArray dk;
    private INDArray dv;
    private final INDArray[] threadTiles = new INDArray[2 * Runtime.getRuntime().availableProcessors()];
    private int tileCapacity;

    EncoderTrainer(EncoderConfig config, Map<String, INDArray> weights) {
        if (config.architecture().hasRelativeAttentionBias()) {
            throw new IllegalArgumentException("the lean training pass does not cover relative attention bias ("
                    + config.architecture().modelType() + ")");
        }
        this.config = config;
        this.layout = config.architecture().layout();
        this.weights = weights;
        this.layers = config.numLayers();
        this.h = config.hiddenSize();
        this.inner = config.intermediateSize();
        this.heads = config.numHeads();
        this.d = config.headSize();
    }

    /**
     * Where each packed sequence's attention probabilities start in a layer's {@code [sequence][head][query][key]}
     * layout; the last entry is their total.
     */
    static long[] probabilityOffsets(int[] lengths, int heads) {
        long[] offsets = new long[lengths.length + 1];
        for (int s = 0; s < lengths.length; s++) {
            offsets[s + 1] = offsets[s] + (long) heads * lengths[s] * lengths[s];
        }
        return offsets;
    }

    /**
     * The forward pass in training mode.
     *
     * @param embeddingSum word + token type + position embeddings of the packed tokens, {@code [tokens, hidden]}
     * @param lengths      the tokens of each packed sequence (each at least 1)
     * @param masks        the dropout masks in packed layout: {@code [tokens, hidden]} for hidden sites,
     *                     {@code [sequence][head][query][key]} at each sequence's length for attention
     * @return the last hidden state {@code [tokens, hidden]}, a buffer valid until the next forward pass
     */
    INDArray forward(INDArray embeddingSum, int[] lengths, Masks masks, ObjLongConsumer<String> timer) {
        this.n = (int) embeddingSum.size(0);
        this.lengths = lengths;
        this.masks = masks;
        offsets = new int[lengths.length];
        for (int s = 1; s < lengths.length; s++) {
            offsets[s] = offsets[s - 1] + lengths[s - 1];
        }
        probOffsets = probabilityOffsets(lengths, heads);
        ensureCapacity(n, probOffsets[lengths.length], longest(lengths));
        long t = System.nanoTime();
        INDArray sum = embeddingSum.isView() || embeddingSum.ordering() != 'c' ? embeddingSum.dup('c') : embeddingSum;
        TrainingKernels.residualNorm(buffer(sum), null, null, null, vector(EncoderArchitecture.EMBEDDING_NORM + ".weight"),
                vector(EncoderArchitecture.EMBEDDING_NORM + ".bias"), eps(), masks.embeddings(), buffer(hidden[0]),
                buffer(embeddingNorm), embeddingInv, n);
        lap(timer, "kernels", t);
        for (int layer = 0; layer < layers; layer++) {
            layerForward(layer, timer);
        }
        return rows(hidden[layers], n, h);
    }

    private void layerForward(int l, ObjLongConsumer<String> timer) {
        String p = layout.layers() + l + ".";
        INDArray x = hidden[l];
        long t = System.nanoTime();
        linear(x, p + layout.query(), q[l], h);
        linear(x, p + layout.key(), k[l], h);
        linear(x, p + layout.value(), v[l], h);
        t = lap(timer, "gemm", t);
        EncoderKernels.addBias(buffer(q[l]), n, vector(p + layout.query() + ".bias"));
        EncoderKernels.addBias(buffer(k[l]), n, vector(p + layout.key() + ".bias"));
        EncoderKernels.addBias(buffer(v[l]), n, vector(p + layout.value() + ".bias"));
        t = lap(timer, "kernels", t);
        attentionForward(l);
        t = lap(timer, "attention", t);
        linear(context[l], p + layout.attentionOutput(), scratch, h);
        t = lap(timer, "gemm", t);
        TrainingKernels.residualNorm(buffer(scratch), vector(p + layout.attentionOutput() + ".bias"),
                masks.attentionOutput() == null ? null : masks.attentionOutput()[l], buffer(hidden[l]),
                vector(p + layout.attentionNorm() + ".weight"), vector(p + layout.attentionNorm() + ".bias"), eps(), null,
                buffer(attended[l]), buffer(attendedNorm[l]), attendedInv[l], n);
        t = lap(timer, "kernels", t);
        linear(attended[l], p + layout.intermediate(), preActivation[l], h);
        t = lap(timer, "gemm", t);
        TrainingKernels.biasGelu(buffer(preActivation[l]), vector(p + layout.intermediate() + ".bias"),
                buffer(activated[l]), n);
        t = lap(timer, "kernels", t);
        linear(activated[l], p + layout.output(), scratch, inner);
        t = lap(timer, "gemm", t);
        TrainingKernels.residualNorm(buffer(scratch), vector(p + layout.output() + ".bias"),
                masks.output() == null ? null : masks.output()[l], buffer(attended[l]),
                vector(p + layout.outputNorm() + ".weight"), vector(p + layout.outputNorm() + ".bias"), eps(), null,
                buffer(hidden[l + 1]), buffer(outputNorm[l]), outputInv[l], n);
        lap(timer, "kernels", t);
    }

    /**
     * The backward pass of the last {@link #forward}.
     *
     * @param outputGradient d loss / d last hidden state, {@code [tokens, hidden]}
     * @param gradients      receives the gradient of every encoder weight, by checkpoint name
     * @return d loss / d embedding sum, {@code [tokens, hidden]}, a buffer valid until the next pass
     */
    INDArray backward(INDArray outputGradient, Map<String, INDArray> gradients, ObjLongConsumer<String> timer) {
        INDArray dy = scratch3;
        buffer(dy).put(0, outputGradient.dup('c').data().asFloat(), 0, n * h);
        for (int l = layers - 1; l >= 0; l--) {
            dy = layerBackward(l, dy, gradients, timer);
        }
        long t = System.nanoTime();
        float[] gain = new float[h];
        float[] shift = new float[h];
        INDArray dSum = dy == scratch3 ? scratch4 : scratch3;
        TrainingKernels.residualNormBackward(buffer(dy), masks.embeddings(), buffer(embeddingNorm), embeddingInv,
                vector(EncoderArchitecture.EMBEDDING_NORM + ".weight"), buffer(dSum), null, null, gain, shift, null, n);
        gradients.put(EncoderArchitecture.EMBEDDING_NORM + ".weight", Nd4j.createFromArray(gain));
        gradients.put(EncoderArchitecture.EMBEDDING_NORM + ".bias", Nd4j.createFromArray(shift));
        lap(timer, "kernels", t);
        return rows(dSum, n, h);
    }

    /** One layer's backward from {@code dy} (d layer output); returns the buffer holding d layer input. */
    private INDArray layerBackward(int l, INDArray dy, Map<String, INDArray> gradients, ObjLongConsumer<String> timer) {
        String p = layout.layers() + l + ".";
        INDArray dAttended = dy == scratch3 ? scratch4 : scratch3; // the other of the two
        INDArray dDense = scratch; // gradient at a dense layer's output
        long t = System.nanoTime();
        // Output layer norm: dAttended = dt (the residual), dDense = dt ∘ mask.
        residualNormBackward(dy, outputNorm[l], outputInv[l], p + layout.outputNorm(),
                masks.output() == null ? null : masks.output()[l], dAttended, dDense, p + layout.output(), gradients);
        t = lap(timer, "kernels", t);
        gradients.put(p + layout.output() + ".weight", weightGradient(dDense, h, activated[l], inner));
        backData(dDense, p + layout.output(), h, wideGradient, inner, 0.0);
        t = lap(timer, "gemm", t);
        float[] innerBias = new float[inner];
        TrainingKernels.geluBackward(buffer(preActivation[l]), buffer(wideGradient), innerBias, n);
        gradients.put(p + layout.intermediate() + ".bias", Nd4j.createFromArray(innerBias));
        t = lap(timer, "kernels", t);
        gradients.put(p + layout.intermediate() + ".weight", weightGradient(wideGradient, inner, attended[l], h));
        backData(wideGradient, p + layout.intermediate(), inner, dAttended, h, 1.0);
        t = lap(timer, "gemm", t);
        // Attention layer norm: dx = dt (the residual), dDense = dt ∘ mask.
        INDArray dx = dy; // dy is no longer needed
        residualNormBackward(dAttended, attendedNorm[l], attendedInv[l], p + layout.attentionNorm(),
                masks.attentionOutput() == null ? null : masks.attentionOutput()[l], dx, dDense,
                p + layout.attentionOutput(), gradients);
        t = lap(timer, "kernels", t);
        gradients.put(p + layout.attentionOutput() + ".weight", weightGradient(dDense, h, context[l], h));
        INDArray dContext = scratch2;
        backData(dDense, p + layout.attentionOutput(), h, dContext, h, 0.0);
        t = lap(timer, "gemm", t);
        attentionBackward(l, dContext);
        t = lap(timer, "attention", t);
        String[] projections = {layout.query(), layout.key(), layout.value()};
        INDArray[] projectionGradients = {dq, dk, dv};
        for (int i = 0; i < 3; i++) {
            float[] b = new float[h];
            TrainingKernels.addColumnSums(buffer(projectionGradients[i]), n, b);
            gradients.put(p + projections[i] + ".bias", Nd4j.createFromArray(b));
        }
        t = lap(timer, "kernels", t);
        for (int i = 0; i < 3; i++) {
            gradients.put(p + projections[i] + ".weight", weightGradient(projectionGradients[i], h, hidden[l], h));
            backData(projectionGradients[i], p + projections[i], h, dx, h, 1.0);
        }
        lap(timer, "gemm", t);
        return dx;
    }

    /**
     * Backward of a dense layer's bias, dropout ({@code mask}, or none), residual and the layer norm {@code norm}:
     * d norm input (the residual's gradient) into {@code dResidual}, d dense output into {@code dDense}; puts the
     * norm's and the dense layer's bias gradients.
     */
    private void residualNormBackward(INDArray dOut, INDArray normOut, float[] inv, String norm, float[] mask,
                                      INDArray dResidual, INDArray dDense, String dense,
                                      Map<String, INDArray> gradients) {
        float[] gain = new float[h];
        float[] shift = new float[h];
        float[] bias = new float[h];
        TrainingKernels.residualNormBackward(buffer(dOut), null, buffer(normOut), inv, vector(norm + ".weight"),
                buffer(dResidual), mask, buffer(dDense), gain, shift, bias, n);
        putVectors(gradients, norm, gain, shift);
        gradients.put(dense + ".bias", Nd4j.createFromArray(bias));
    }

    private static void putVectors(Map<String, INDArray> gradients, String norm, float[] gain, float[] shift) {
        gradients.put(norm + ".weight", Nd4j.createFromArray(gain));
        gradients.put(norm + ".bias", Nd4j.createFromArray(shift));
    }

    /**
     * Attention forward of every (sequence, head): {@code P = softmax(Q·Kᵀ/√d)} kept in {@link #probs},
     * {@code context = (P ∘ mask)·V}.
     */
    private void attentionForward(int l) {
        float[] mask = masks.attention() == null ? null : masks.attention()[l];
        forTasks((part, sequence, head) -> {
            int length = lengths[sequence];
            long head0 = (long) offsets[sequence] * h + (long) head * d;
            long p0 = probOffsets[sequence] + (long) head * length * length;
            FloatPointer pp = pointer(probs[l]);
            FloatBuffer pb = buffer(probs[l]);
            float[] row = new float[length];
            int block = rowBlock(length);
            for (int from = 0; from < length; from += block) {
                int rows = Math.min(block, length - from);
                long at = head0 + (long) from * h;
                long pAt = p0 + (long) from * length;
                cblas_sgemm(ROW_MAJOR, NO_TRANS, TRANS, rows, length, d, (float) (1.0 / Math.sqrt(d)),
                        pointer(q[l]).position(at), h, pointer(k[l]).position(head0), h, 0f, pp.position(pAt), length);
                for (int i = 0; i < rows; i++) {
                    pb.get((int) (pAt + (long) i * length), row, 0, length);
                    EncoderKernels.softmax(row, length);
                    pb.put((int) (pAt + (long) i * length), row, 0, length);
                }
                FloatPointer weights = droppedOutWeights(l, mask, pAt, rows, length, part, row);
                cblas_sgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, rows, d, length, 1f, weights, length,
                        pointer(v[l]).position(head0), h, 0f, pointer(context[l]).position(at), h);
            }
        });
    }

    /**
     * The attention weights of {@code rows} query rows from {@code pAt} of layer {@code l} as the context product
     * takes them: {@code P ∘ mask} in the part's first tile when dropout is on ({@code mask} not null), else
     * {@code P} where it lies. {@code row} holds {@code length} floats.
     */
    private FloatPointer droppedOutWeights(int l, float[] mask, long pAt, int rows, int length, int part,
                                           float[] row) {
        if (mask == null) {
            return pointer(probs[l]).position(pAt);
        }
        FloatBuffer pb = buffer(probs[l]);
        FloatBuffer tile = buffer(threadTiles[part]);
        for (int i = 0; i < rows; i++) {
            int m0 = (int) (pAt + (long) i * length);
            pb.get(m0, row, 0, length);
            for (int j = 0; j < length; j++) {
                row[j] *= mask[m0 + j];
            }
            tile.put(i * length, row, 0, length);
        }
        return pointer(threadTiles[part]).position(0);
    }

    /** Attention backward of every (sequence, head) into {@link #dq}, {@link #dk}, {@link #dv}. */
    private void attentionBackward(int l, INDArray dContext) {
        float[] mask = masks.attention() == null ? null : masks.attention()[l];
        float alpha = (float) (1.0 / Math.sqrt(d));
        forTasks((part, sequence, head) -> {
            int length = lengths[sequence];
            long head0 = (long) offsets[sequence] * h + (long) head * d;
            long p0 = probOffsets[sequence] + (long) head * length * length;
            FloatBuffer pb = buffer(probs[l]);
            FloatPointer gradTile = pointer(threadTiles[parts + part]);
            FloatBuffer gradBuffer = buffer(threadTiles[parts + part]);
            float[] prob = new float[length];
            float[] grad = new float[length];
            int block = rowBlock(length);
            for (int from = 0; from < length; from += block) {
                int rows = Math.min(block, length - from);
                long at = head0 + (long) from * h;
                long pAt = p0 + (long) from * length;
                float beta = from == 0 ? 0f : 1f;
                FloatPointer weights = droppedOutWeights(l, mask, pAt, rows, length, part, prob); // for dV
                // d(P ∘ mask) = dContext · Vᵀ ; dV += (P ∘ mask)ᵀ · dContext
                cblas_sgemm(ROW_MAJOR, NO_TRANS, TRANS, rows, length, d, 1f, pointer(dContext).position(at), h,
                        pointer(v[l]).position(head0), h, 0f, gradTile.position(0), length);
                cblas_sgemm(ROW_MAJOR, TRANS, NO_TRANS, length, d, rows, 1f, weights, length,
                        pointer(dContext).position(at), h, beta, pointer(dv).position(head0), h);
                // dS = P ∘ (dP - Σ dP ∘ P), dP = d(P ∘ mask) ∘ mask
                for (int i = 0; i < rows; i++) {
                    int m0 = (int) (pAt + (long) i * length);
                    pb.get(m0, prob, 0, length);
                    gradBuffer.get(i * length, grad, 0, length);
                    if (mask != null) {
                        for (int j = 0; j < length; j++) {
                            grad[j] *= mask[m0 + j];
                        }
                    }
                    float dot = 0;
                    for (int j = 0; j < length; j++) {
                        dot += grad[j] * prob[j];
                    }
                    for (int j = 0; j < length; j++) {
                        grad[j] = prob[j] * (grad[j] - dot);
                    }
                    gradBuffer.put(i * length, grad, 0, length);
                }
                // dQ = dS · K / √d ; dK += dSᵀ · Q / √d
                cblas_sgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, rows, d, length, alpha, gradTile.position(0), length,
                        pointer(k[l]).position(head0), h, 0f, pointer(dq).position(at), h);
                cblas_sgemm(ROW_MAJOR, TRANS, NO_TRANS, length, d, rows, alpha, gradTile.position(0), length,
                        pointer(q[l]).position(at), h, beta, pointer(dk).position(head0), h);
            }
        });
    }

    /** One (sequence, head) of attention, run by attention thread {@code part}. */
    private interface HeadTask {
        void run(int part, int sequence, int head);
    }

    private void forTasks(HeadTask task) {
        int tasks = lengths.length * heads;
        IntStream.range(0, Math.min(parts, tasks)).parallel().forEach(part -> {
            for (int i = part; i < tasks; i += parts) {
                task.run(part, i / heads, i % heads);
            }
        });
    }

    /** Query rows per attention product, so that OpenBLAS runs each on the calling thread alone. */
    private int rowBlock(int length) {
        return Math.max(1, SINGLE_THREAD_GEMM / (length * d));
    }

    /**
     * {@code out = in · Wᵀ} for the PyTorch-layout weight {@code [out, in]} of {@code name} (weights go through
     * {@code Nd4j.gemm}, which handles their layout; they are read at every pass: training updates them in place).
     */
    private void linear(INDArray in, String name, INDArray out, int inWidth) {
        INDArray w = weights.get(name + ".weight");
        Nd4j.gemm(rows(in, n, inWidth), w, rows(out, n, (int) w.size(0)), false, true, 1.0, 0.0);
    }

    /** {@code dIn = dOut · W + beta · dIn} for the weight {@code [outWidth, inWidth]} of {@code name}. */
    private void backData(INDArray dOut, String name, int outWidth, INDArray dIn, int inWidth, double beta) {
        Nd4j.gemm(rows(dOut, n, outWidth), weights.get(name + ".weight"), rows(dIn, n, inWidth), false, false, 1.0,
                beta);
    }

    /** {@code dW = dOutᵀ · in}, {@code [outWidth, inWidth]}. */
    private INDArray weightGradient(INDArray dOut, int outWidth, INDArray in, int inWidth) {
        INDArray dw = Nd4j.createUninitialized(DataType.FLOAT, outWidth, inWidth);
        Nd4j.gemm(rows(dOut, n, outWidth), rows(in, n, inWidth), dw, true, false, 1.0, 0.0);
        return dw;
    }

    private float[] vector(String name) {
        return weights.get(name).toFloatVector();
    }

    private float eps() {
        return (float) config.layerNormEps();
    }

    private static int longest(int[] lengths) {
        int longest = 0;
        for (int length : lengths) {
            longest = Math.max(longest, length);
        }
        return longest;
    }

    private void ensureCapacity(int tokens, long probabilities, int longest) {
        if (tokens > capacity) {
            capacity = Math.max(tokens, capacity + capacity / 2);
            hidden = flats(layers + 1, (long) capacity * h);
            q = flats(layers, (long) capacity * h);
            k = flats(layers, (long) capacity * h);
            v = flats(layers, (long) capacity * h);
            context = flats(layers, (long) capacity * h);
            attended = flats(layers, (long) capacity * h);
            attendedNorm = flats(layers, (long) capacity * h);
            outputNorm = flats(layers, (long) capacity * h);
            preActivation = flats(layers, (long) capacity * inner);
            activated = flats(layers, (long) capacity * inner);
            embeddingNorm = flat((long) capacity * h);
            attendedInv = new float[layers][capacity];
            outputInv = new float[layers][capacity];
            embeddingInv = new float[capacity];
            wideGradient = flat((long) capacity * inner);
            scratch = flat((long) capacity * h);
            scratch2 = flat((long) capacity * h);
            scratch3 = flat((long) capacity * h);
            scratch4 = flat((long) capacity * h);
            dq = flat((long) capacity * h);
            dk = flat((long) capacity * h);
            dv = flat((long) capacity * h);
        }
        if (probabilities > probCapacity) {
            probCapacity = Math.max(probabilities, probCapacity + probCapacity / 2);
            probs = flats(layers, probCapacity);
        }
        // rows · length of any block of rowBlock rows: at most length² or SINGLE_THREAD_GEMM / d (or length, one row)
        int tile = Math.max(longest, Math.min(longest * longest, SINGLE_THREAD_GEMM / d));
        if (tile > tileCapacity) {
            tileCapacity = tile;
            for (int i = 0; i < threadTiles.length; i++) {
                threadTiles[i] = flat(tileCapacity);
            }
        }
    }

    private static INDArray[] flats(int count, long length) {
        INDArray[] arrays = new INDArray[count];
        for (int i = 0; i < count; i++) {
            arrays[i] = flat(length);
        }
        return arrays;
    }

    private static INDArray flat(long length) {
        return Nd4j.createUninitialized(DataType.FLOAT, length);
    }

    private static long lap(ObjLongConsumer<String> timer, String stage, long since) {
        long now = System.nanoTime();
        timer.accept(stage, now - since);
        return now;
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
