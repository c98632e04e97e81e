package io.st4j.core.modules;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ObjLongConsumer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The inference forward pass of an {@link EncoderGraph} encoder on the same weight arrays, without SameDiff and
 * without padding: the real tokens of a batch are packed into one {@code [tokens, hidden]} matrix, attention runs
 * per sequence and head at the sequence's own length (products on strided slices of the packed Q, K, V: no permute
 * copies), and bias, GELU, residual + layer norm and softmax are Java kernels ({@link EncoderKernels}). Matrix
 * products are oneDNN's ({@link Sgemm}). No dropout: inference only.
 *
 * <p>Batches go through a {@link Stream}: each batch is one unit of work, run through all layers by one of the
 * worker threads (one per core, shared by all executors) with single-threaded products, so the cores work on different
 * batches at once and never wait for each other inside a batch; a batch marked last is split into one part per core
 * (balanced by work), so that the cores also finish together. Streams on the workers stack each layer's query, key
 * and value matrices into one, for one product. A stream whose first batch is its last and holds one sequence runs
 * it on the calling thread, whose products may use several threads (one text: nothing to split). Thread-safe: each
 * unit takes its own buffers.
 */
final class EncoderExecutor {

    private static final int CORES = Runtime.getRuntime().availableProcessors();
    /**
     * The threads that run the units of every stream, one per core, each with single-threaded products; daemon, so
     * they never hold the JVM up.
     */
    private static final ExecutorService WORKERS = Executors.newFixedThreadPool(CORES, new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Runnable singleThreaded = () -> {
                Sgemm.singleThreadedOnThisThread();
                task.run();
            };
            Thread thread = new Thread(singleThreaded, "st4j-encoder-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    });

    /** The stages a stream reports to its timer. */
    private enum Stage {
        GEMM("gemm"), ATTENTION("attention"), BIAS("bias"), GELU("gelu"), LAYERNORM("layernorm");

        private final String label;

        Stage(String label) {
            this.label = label;
        }
    }

    private final EncoderConfig config;
    private final EncoderArchitecture.LayerLayout layout;
    private final Map<String, INDArray> weights;
    private final int attentionBlock;
    /** Buffers of units that have finished, for the next units to reuse; at most one set per thread at work. */
    private final Queue<Scratch> idleScratches = new ConcurrentLinkedQueue<>();

    EncoderExecutor(EncoderConfig config, Map<String, INDArray> weights) {
        this(config, weights, Integer.MAX_VALUE);
    }

    /** @param attentionBlock the largest {@code M·N·K} of one attention matrix product (query rows are split to fit) */
    EncoderExecutor(EncoderConfig config, Map<String, INDArray> weights, int attentionBlock) {
        this.config = config;
        this.layout = config.architecture().layout();
        this.weights = weights;
        this.attentionBlock = attentionBlock;
    }

    /**
     * Opens a stream of batches on the weights as they are now (training updates the arrays in place between
     * streams).
     *
     * @param timer receives, when the stream closes, the nanoseconds of each stage (gemm, attention, bias, gelu,
     *              layernorm) summed over all units and divided by the cores, so that the stages add up to the
     *              stream's wall time when the cores were kept busy
     */
    Stream open(ObjLongConsumer<String> timer) {
        return new Stream(timer);
    }

    /**
     * Batches in flight on the worker threads. Submit from one thread; {@link #close} waits for every unit to end.
     */
    final class Stream implements AutoCloseable {
        private final PassWeights passWeights = new PassWeights();
        private final ObjLongConsumer<String> timer;
        private final long[] nanos = new long[Stage.values().length];
        private final List<CompletableFuture<Void>> units = new ArrayList<>();

        private Stream(ObjLongConsumer<String> timer) {
            this.timer = timer;
        }

        /**
         * Starts the last hidden state of packed sequences.
         *
         * @param embeddingSum word + token type + position embeddings of the real tokens, sequence after
         *                     sequence, {@code [tokens, hidden]}
         * @param lengths      the tokens of each sequence (each at least 1), summing to {@code tokens}
         * @param last         whether no batch follows: it is split into one part per core
         * @return {@code [tokens, hidden]}, when done
         */
        CompletableFuture<INDArray> submit(INDArray embeddingSum, int[] lengths, boolean last) {
            int n = (int) embeddingSum.size(0);
            int h = config.hiddenSize();
            INDArray out = Nd4j.createUninitialized(DataType.FLOAT, n, h);
            INDArray sum = embeddingSum.isView() || embeddingSum.ordering() != 'c' ? embeddingSum.dup('c') : embeddingSum;
            if (units.isEmpty() && last && lengths.length == 1) {
                runUnit(sum, out, lengths, 0, 1, 0);
                return CompletableFuture.completedFuture(out);
            }
            if (units.isEmpty()) {
                passWeights.stackQueryKeyValue();
            }
            int parts = last ? Math.min(CORES, lengths.length) : 1;
            int[] bounds = split(lengths, parts);
            CompletableFuture<?>[] batchUnits = new CompletableFuture<?>[parts];
            int row = 0;
            for (int i = 0; i < parts; i++) {
                int from = bounds[i];
                int to = bounds[i + 1];
                int firstRow = row;
                for (int s = from; s < to; s++) {
                    row += lengths[s];
                }
                CompletableFuture<Void> unit = CompletableFuture.runAsync(
                        () -> runUnit(sum, out, lengths, from, to, firstRow), WORKERS);
                units.add(unit);
                batchUnits[i] = unit;
            }
            return CompletableFuture.allOf(batchUnits).thenApply(done -> out);
        }

        private void runUnit(INDArray sum, INDArray out, int[] lengths, int from, int to, int firstRow) {
            Scratch scratch = idleScratches.poll();
            if (scratch == null) {
                scratch = new Scratch();
            }
            long[] unitNanos = scratch.forward(passWeights, sum, out, Arrays.copyOfRange(lengths, from, to), firstRow);
            synchronized (nanos) {
                for (int i = 0; i < nanos.length; i++) {
                    nanos[i] += unitNanos[i];
                }
            }
            idleScratches.add(scratch); // only now: the next unit to take it overwrites its times
        }

        /** Waits for every unit submitted and reports the stage times. */
        @Override
        public void close() {
            for (CompletableFuture<Void> unit : units) {
                try {
                    unit.join();
                } catch (CompletionException | CancellationException e) {
                    // the unit's batch reports it to whoever joins that batch
                }
            }
            for (Stage stage : Stage.values()) {
                timer.accept(stage.label, nanos[stage.ordinal()] / (units.isEmpty() ? 1 : CORES));
            }
        }
    }

    /**
     * Splits the sequences into {@code count} contiguous runs of about equal work (dense layers grow with the
     * tokens, attention with the square of each length), each run at least one sequence.
     *
     * @return {@code count + 1} sequence indices, from 0 to {@code lengths.length}
     */
    private int[] split(int[] lengths, int count) {
        double perToken = 2.0 * config.hiddenSize() + config.intermediateSize();
        double[] cumulative = new double[lengths.length + 1];
        for (int i = 0; i < lengths.length; i++) {
            cumulative[i + 1] = cumulative[i] + lengths[i] * (perToken + lengths[i]);
        }
        int[] bounds = new int[count + 1];
        bounds[count] = lengths.length;
        int sequence = 0;
        for (int part = 1; part < count; part++) {
            double target = cumulative[lengths.length] * part / count;
            sequence = Math.max(sequence + 1, bounds[part - 1] + 1);
            while (sequence < lengths.length - (count - part) && cumulative[sequence + 1] <= target) {
                sequence++;
            }
            bounds[part] = sequence;
        }
        return bounds;
    }

    /** The weights of one pass, read from the arrays (training updates them in place between passes). */
    private final class PassWeights {
        private final Layer[] layers = new Layer[config.numLayers()];
        private final float[] embeddingGain = vector(EncoderArchitecture.EMBEDDING_NORM + ".weight");
        private final float[] embeddingShift = vector(EncoderArchitecture.EMBEDDING_NORM + ".bias");
        /** {@code [buckets, heads]} (MPNet), or null. */
        private final float[] relativeBias = config.architecture().hasRelativeAttentionBias()
                ? Nd4j.toFlattened('c', weights.get(EncoderArchitecture.RELATIVE_ATTENTION_BIAS)).toFloatVector() : null;

        PassWeights() {
            for (int i = 0; i < layers.length; i++) {
                layers[i] = new Layer(layout.layers() + i + ".");
            }
        }

        /**
         * Copies each layer's query, key and value matrices into one, for one product instead of three: the copy
         * (3 h² floats a layer) pays off over many rows, so only streams that go to the worker threads make it.
         * Called before their first unit is submitted.
         */
        void stackQueryKeyValue() {
            for (Layer layer : layers) {
                layer.queryKeyValue = NativeBuffer.stack(layer.query, layer.key, layer.value);
            }
        }
    }

    /** One layer's matrices ({@code [out, in]}, PyTorch layout) and vectors. */
    private final class Layer {
        final NativeBuffer query;
        final NativeBuffer key;
        final NativeBuffer value;
        final NativeBuffer attentionOutput;
        final NativeBuffer intermediate;
        final NativeBuffer output;
        /** The query, key and value biases one after another. */
        final float[] queryKeyValueBias;
        final float[] attentionOutputBias;
        final float[] attentionNormGain;
        final float[] attentionNormShift;
        final float[] intermediateBias;
        final float[] outputBias;
        final float[] outputNormGain;
        final float[] outputNormShift;
        /** The query, key and value matrices stacked ({@code [3·hidden, hidden]}), or null: three products. */
        NativeBuffer queryKeyValue;

        Layer(String p) {
            query = matrix(p + layout.query());
            key = matrix(p + layout.key());
            value = matrix(p + layout.value());
            attentionOutput = matrix(p + layout.attentionOutput());
            intermediate = matrix(p + layout.intermediate());
            output = matrix(p + layout.output());
            queryKeyValueBias = concat(vector(p + layout.query() + ".bias"), vector(p + layout.key() + ".bias"),
                    vector(p + layout.value() + ".bias"));
            attentionOutputBias = vector(p + layout.attentionOutput() + ".bias");
            attentionNormGain = vector(p + layout.attentionNorm() + ".weight");
            attentionNormShift = vector(p + layout.attentionNorm() + ".bias");
            intermediateBias = vector(p + layout.intermediate() + ".bias");
            outputBias = vector(p + layout.output() + ".bias");
            outputNormGain = vector(p + layout.outputNorm() + ".weight");
            outputNormShift = vector(p + layout.outputNorm() + ".bias");
        }

        private NativeBuffer matrix(String name) {
            return NativeBuffer.of(weights.get(name + ".weight"));
        }
    }

    private float[] vector(String name) {
        return weights.get(name).toFloatVector();
    }

    private static float[] concat(float[] a, float[] b, float[] c) {
        float[] out = Arrays.copyOf(a, a.length + b.length + c.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }

    /** The buffers of one unit at work (a run of consecutive sequences) and its stage times. */
    private final class Scratch {
        private final long[] nanos = new long[Stage.values().length];
        private int rows;
        private int[] lengths;
        private int capacity; // rows the buffers hold
        private int longestCapacity; // the sequence length the score buffers hold
        private NativeBuffer queryKeyValue; // [rows, 3·hidden]: each row's query, key and value
        private NativeBuffer context;
        private NativeBuffer attended;
        private NativeBuffer projected;
        private NativeBuffer intermediate;
        private NativeBuffer scores;
        private float[] tile;
        private float[] residualRow;
        private float[] scoreTile; // a block of scores on the heap, for the softmax
        private float[] softmaxPerRow;
        private float[] softmaxShifted;

        private void ensureCapacity(int longest) {
            int h = config.hiddenSize();
            if (rows > capacity) {
                capacity = Math.max(rows, capacity * 2);
                queryKeyValue = NativeBuffer.of((long) capacity * 3 * h);
                context = NativeBuffer.of((long) capacity * h);
                attended = NativeBuffer.of((long) capacity * h);
                projected = NativeBuffer.of((long) capacity * h);
                intermediate = NativeBuffer.of((long) capacity * config.intermediateSize());
                tile = new float[Math.max(h, config.intermediateSize())];
                residualRow = new float[h];
            }
            if (longest > longestCapacity) {
                longestCapacity = longest;
                scores = NativeBuffer.of((long) longest * longest);
                scoreTile = new float[longest * longest];
                softmaxPerRow = new float[longest * longest];
                softmaxShifted = new float[longest * longest];
            }
        }

        /**
         * Runs sequences through all layers: from the embedding sum's rows {@code [firstRow, firstRow + rows)} into
         * the same rows of {@code out}.
         *
         * @return the nanoseconds of each stage
         */
        long[] forward(PassWeights w, INDArray sum, INDArray out, int[] sequenceLengths, int firstRow) {
            Arrays.fill(nanos, 0);
            lengths = sequenceLengths;
            rows = 0;
            int longest = 0;
            for (int length : lengths) {
                rows += length;
                longest = Math.max(longest, length);
            }
            ensureCapacity(longest);
            int h = config.hiddenSize();
            NativeBuffer x = NativeBuffer.of(out).rows(firstRow, rows, h);
            FloatBuffer sumRows = sum.data().asNioFloat().slice(firstRow * h, rows * h);
            long t = System.nanoTime();
            EncoderKernels.biasResidualLayerNorm(sumRows, null, null, x.floats(), 0, rows,
                    w.embeddingGain, w.embeddingShift, (float) config.layerNormEps(), tile, residualRow);
            lap(Stage.LAYERNORM, t);
            for (Layer layer : w.layers) {
                layer(layer, x, w.relativeBias);
            }
            return nanos;
        }

        private void layer(Layer w, NativeBuffer x, float[] relativeBias) {
            int h = config.hiddenSize();
            float eps = (float) config.layerNormEps();
            long t = System.nanoTime();
            FloatBuffer qkv = queryKeyValue.floats();
            for (int r = 0; r < rows; r++) { // the products are added to the biases
                qkv.put(r * 3 * h, w.queryKeyValueBias);
            }
            t = lap(Stage.BIAS, t);
            if (w.queryKeyValue != null) {
                Sgemm.multiply(false, true, rows, 3 * h, h, 1f, x.pointer(), h,
                        w.queryKeyValue.pointer(), h, 1f, queryKeyValue.pointer(), 3 * h);
            } else {
                NativeBuffer[] parts = {w.query, w.key, w.value};
                for (int i = 0; i < parts.length; i++) {
                    Sgemm.multiply(false, true, rows, h, h, 1f, x.pointer(), h, parts[i].pointer(), h, 1f,
                            queryKeyValue.pointer().position((long) i * h), 3 * h);
                }
            }
            t = lap(Stage.GEMM, t);
            attention(relativeBias);
            t = lap(Stage.ATTENTION, t);
            gemm(context, h, w.attentionOutput, h, projected);
            t = lap(Stage.GEMM, t);
            EncoderKernels.biasResidualLayerNorm(projected.floats(), w.attentionOutputBias, x.floats(),
                    attended.floats(), 0, rows, w.attentionNormGain, w.attentionNormShift, eps, tile, residualRow);
            t = lap(Stage.LAYERNORM, t);
            gemm(attended, h, w.intermediate, config.intermediateSize(), intermediate);
            t = lap(Stage.GEMM, t);
            EncoderKernels.biasGelu(intermediate.floats(), 0, rows, w.intermediateBias, tile);
            t = lap(Stage.GELU, t);
            gemm(intermediate, config.intermediateSize(), w.output, h, projected);
            t = lap(Stage.GEMM, t);
            EncoderKernels.biasResidualLayerNorm(projected.floats(), w.outputBias, attended.floats(), x.floats(), 0,
                    rows, w.outputNormGain, w.outputNormShift, eps, tile, residualRow);
            lap(Stage.LAYERNORM, t);
        }

        /** {@code out = in · Wᵀ} for this part's rows, with the PyTorch-layout weight {@code [outDim, inDim]}. */
        private void gemm(NativeBuffer in, int inDim, NativeBuffer weight, int outDim, NativeBuffer out) {
            Sgemm.multiply(false, true, rows, outDim, inDim, 1f, in.pointer(), inDim, weight.pointer(),
                    inDim, 0f, out.pointer(), outDim);
        }

        /**
         * Scaled dot-product attention of each sequence and head at the sequence's length: {@code S = Q·Kᵀ/√d}
         * (+ MPNet's relative bias), softmax, {@code S·V}, with the per-head slices of the rows' queries, keys and
         * values addressed in place; each product covers a block of at most {@code attentionBlock} multiply-adds.
         */
        private void attention(float[] relativeBias) {
            int h = config.hiddenSize();
            int qkvWidth = 3 * h;
            int d = config.headSize();
            float alpha = (float) (1.0 / Math.sqrt(d));
            // three pointers into the same rows: each product argument moves its own position
            FloatPointer qp = queryKeyValue.pointer();
            FloatPointer kp = queryKeyValue.pointer();
            FloatPointer vp = queryKeyValue.pointer();
            FloatPointer cp = context.pointer();
            FloatPointer sp = scores.pointer();
            FloatBuffer sb = scores.floats();
            int offset = 0;
            for (int length : lengths) {
                int block = Math.max(1, attentionBlock / (length * d));
                for (int head = 0; head < config.numHeads(); head++) {
                    long query0 = (long) offset * qkvWidth + (long) head * d;
                    long context0 = (long) offset * h + (long) head * d;
                    for (int from = 0; from < length; from += block) {
                        int blockRows = Math.min(block, length - from);
                        Sgemm.multiply(false, true, blockRows, length, d, alpha,
                                qp.position(query0 + (long) from * qkvWidth), qkvWidth, kp.position(query0 + h),
                                qkvWidth, 0f, sp, length);
                        sb.get(0, scoreTile, 0, blockRows * length);
                        if (relativeBias != null) {
                            for (int i = 0; i < blockRows; i++) {
                                addRelativeBias(relativeBias, scoreTile, i * length, from + i, length, head);
                            }
                        }
                        EncoderKernels.softmaxRows(scoreTile, blockRows, length, softmaxPerRow, softmaxShifted);
                        sb.put(0, scoreTile, 0, blockRows * length);
                        Sgemm.multiply(false, false, blockRows, d, length, 1f, sp, length,
                                vp.position(query0 + 2L * h), qkvWidth, 0f, cp.position(context0 + (long) from * h), h);
                    }
                }
                offset += length;
            }
        }

        /** Adds MPNet's relative position bias to the scores of one query at {@code scores[from, from + length)}. */
        private void addRelativeBias(float[] relativeBias, float[] scores, int from, int query, int length, int head) {
            int heads = config.numHeads();
            for (int key = 0; key < length; key++) {
                scores[from + key] += relativeBias[RelativePositionBuckets.bucket(key - query) * heads + head];
            }
        }

        private long lap(Stage stage, long since) {
            long now = System.nanoTime();
            nanos[stage.ordinal()] += now - since;
            return now;
        }
    }

    /** A float array in native memory: the ND4J array that owns it, a native pointer and a Java view of it. */
    private record NativeBuffer(INDArray array, long offset, long length) {

        static NativeBuffer of(long length) {
            return new NativeBuffer(Nd4j.createUninitialized(DataType.FLOAT, length), 0, length);
        }

        /** The contents of a weight array, copied only when it is not one dense C-order block. */
        static NativeBuffer of(INDArray matrix) {
            INDArray dense = matrix.isView() || matrix.ordering() != 'c' ? matrix.dup('c') : matrix;
            return new NativeBuffer(dense, 0, dense.length());
        }

        /** The floats of the buffers one after another, in a new buffer. */
        static NativeBuffer stack(NativeBuffer... parts) {
            long length = 0;
            for (NativeBuffer part : parts) {
                length += part.length;
            }
            NativeBuffer stacked = of(length);
            FloatBuffer into = stacked.floats();
            for (NativeBuffer part : parts) {
                into.put(part.floats());
            }
            return stacked;
        }

        /** Rows {@code [first, first + count)} of this buffer seen as rows of {@code cols} floats. */
        NativeBuffer rows(int first, int count, int cols) {
            return new NativeBuffer(array, offset + (long) first * cols, (long) count * cols);
        }

        /** A fresh pointer to the first float, at position 0 (callers may move its position). */
        FloatPointer pointer() {
            return new FloatPointer(array.data().pointer()).getPointer(offset);
        }

        FloatBuffer floats() {
            return array.data().asNioFloat().slice(Math.toIntExact(offset), Math.toIntExact(length));
        }
    }
}
