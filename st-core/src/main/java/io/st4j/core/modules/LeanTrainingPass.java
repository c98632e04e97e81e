package io.st4j.core.modules;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ObjLongConsumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One training step's pass of a {@link Transformer} over several token columns outside SameDiff (see
 * {@link Transformer#trainingForward}): every column's real tokens packed into one matrix, the forward pass run
 * with the dropout masks {@link Transformer#trainingInputs} would draw for the columns in order from one
 * {@code new Random(seed)}, its activations kept; {@link #backward} then gives the gradients of every parameter
 * from the gradients of the token embeddings. Valid until the Transformer's next training pass.
 */
public final class LeanTrainingPass {

    private final Transformer transformer;
    private final EncoderTrainer trainer;
    private final List<TokenBatch> columns;
    private final int[][] packedSlots; // per column: the packed row of each padded slot, -1 for padding
    private final int[] columnStarts; // packed row of each column's first token
    private final int[] ids;
    private final int[] types;
    private final int[] positions;
    private final INDArray output;
    private final ObjLongConsumer<String> stageNanos;

    LeanTrainingPass(Transformer transformer, EncoderTrainer trainer, EncoderConfig config, List<TokenBatch> columns,
                     long seed, ObjLongConsumer<String> stageNanos) {
        this.transformer = transformer;
        this.trainer = trainer;
        this.columns = List.copyOf(columns);
        this.stageNanos = stageNanos;
        int sequences = 0;
        int tokens = 0;
        for (TokenBatch batch : columns) {
            sequences += batch.size();
            for (int m : batch.attentionMask()) {
                tokens += m;
            }
        }
        packedSlots = new int[columns.size()][];
        columnStarts = new int[columns.size()];
        int[] lengths = new int[sequences];
        ids = new int[tokens];
        positions = new int[tokens];
        boolean typed = config.tokenTypeIds(columns.get(0)) != null;
        types = typed ? new int[tokens] : null;
        int sequence = 0;
        int packed = 0;
        for (int c = 0; c < columns.size(); c++) {
            TokenBatch batch = columns.get(c);
            int[] columnPositions = config.positionIds(batch);
            int[] columnTypes = config.tokenTypeIds(batch);
            Transformer.checkInputIds(config, batch.inputIds(), columnPositions, columnTypes);
            columnStarts[c] = packed;
            int[] slots = new int[batch.inputIds().length];
            for (int row = 0; row < batch.size(); row++, sequence++) {
                for (int t = 0; t < batch.length(); t++) {
                    int slot = row * batch.length() + t;
                    if (batch.attentionMask()[slot] == 0) {
                        slots[slot] = -1;
                        continue;
                    }
                    slots[slot] = packed;
                    ids[packed] = batch.inputIds()[slot];
                    positions[packed] = columnPositions[slot];
                    if (typed) {
                        types[packed] = columnTypes[slot];
                    }
                    packed++;
                    lengths[sequence]++;
                }
                if (lengths[sequence] == 0) {
                    throw new IllegalArgumentException("row " + row + " of column " + c + " has no real token");
                }
            }
            packedSlots[c] = slots;
        }
        long t = System.nanoTime();
        EncoderTrainer.Masks masks = masks(config, lengths, seed);
        stageNanos.accept("dropout masks", System.nanoTime() - t);
        t = System.nanoTime();
        INDArray sum = transformer.embeddingSum(ids, types, positions);
        stageNanos.accept("embedding lookup", System.nanoTime() - t);
        output = trainer.forward(sum, lengths, masks, stageNanos);
    }

    /** The token embeddings of column {@code column}, {@code [size, length, hidden]}, zero at padding. */
    public INDArray tokenEmbeddings(int column) {
        TokenBatch batch = columns.get(column);
        int hidden = (int) output.size(1);
        INDArray out = Nd4j.zeros(DataType.FLOAT, batch.size(), batch.length(), hidden);
        FloatBuffer from = output.data().asNioFloat();
        FloatBuffer to = out.data().asNioFloat();
        float[] row = new float[hidden];
        int[] slots = packedSlots[column];
        for (int slot = 0; slot < slots.length; slot++) {
            if (slots[slot] >= 0) {
                from.get(slots[slot] * hidden, row, 0, hidden);
                to.put(slot * hidden, row, 0, hidden);
            }
        }
        return out;
    }

    /**
     * The gradients of the Transformer's parameters (by {@link Transformer#parameters()} name) given d loss / d
     * each column's token embeddings ({@code [size, length, hidden]}; padding entries are ignored).
     */
    public Map<String, INDArray> backward(List<INDArray> tokenGradients) {
        int hidden = (int) output.size(1);
        float[] packed = new float[ids.length * hidden];
        for (int c = 0; c < columns.size(); c++) {
            float[] g = tokenGradients.get(c).dup('c').data().asFloat();
            int[] slots = packedSlots[c];
            for (int slot = 0; slot < slots.length; slot++) {
                if (slots[slot] >= 0) {
                    System.arraycopy(g, slot * hidden, packed, slots[slot] * hidden, hidden);
                }
            }
        }
        Map<String, INDArray> gradients = new HashMap<>();
        INDArray dSum = trainer.backward(Nd4j.create(packed, new long[] {ids.length, hidden}, 'c'), gradients,
                stageNanos);
        long t = System.nanoTime();
        gradients.putAll(transformer.embeddingGradients(ids, types, positions, dSum.data().asFloat()));
        stageNanos.accept("embedding scatter", System.nanoTime() - t);
        return gradients;
    }

    /**
     * The masks {@link Transformer#trainingInputs} draws for each column in turn (sites in {@link DropoutSites}
     * order, each over its padded shape in row-major order), keeping the entries of real tokens in packed layout.
     * Each site starts at a known place in the stream, so the sites are drawn in parallel.
     */
    private EncoderTrainer.Masks masks(EncoderConfig config, int[] lengths, long seed) {
        int h = config.hiddenSize();
        int heads = config.numHeads();
        int layers = config.numLayers();
        long[] probOffsets = EncoderTrainer.probabilityOffsets(lengths, heads);
        int tokens = ids.length;
        boolean hiddenDropout = config.hiddenDropout() > 0;
        boolean attentionDropout = config.attentionDropout() > 0;
        boolean attentionOutput = hiddenDropout && config.architecture().layout().attentionOutputDropout();
        float[] embeddings = hiddenDropout ? new float[tokens * h] : null;
        float[][] attention = attentionDropout ? new float[layers][Math.toIntExact(probOffsets[lengths.length])] : null;
        float[][] attentionOutputs = attentionOutput ? new float[layers][tokens * h] : null;
        float[][] outputs = hiddenDropout ? new float[layers][tokens * h] : null;
        List<Runnable> draws = new ArrayList<>();
        int firstSequence = 0;
        long start = 0;
        for (int c = 0; c < columns.size(); c++) {
            TokenBatch batch = columns.get(c);
            int[] slots = packedSlots[c];
            int sequence = firstSequence;
            for (DropoutSites.Site site : DropoutSites.of(config, batch)) {
                String name = site.name();
                long from = start;
                if (site.shape().length == 4) {
                    float[] mask = attention[layerOf(name)];
                    draws.add(() -> drawAttention(stream(seed, from), site.probability(), batch, slots, sequence,
                            lengths, probOffsets, heads, mask));
                } else {
                    float[] mask = name.equals("embeddings") ? embeddings
                            : name.equals(DropoutSites.output(layerOf(name))) ? outputs[layerOf(name)]
                            : attentionOutputs[layerOf(name)];
                    draws.add(() -> drawHidden(stream(seed, from), site.probability(), slots, h, mask));
                }
                long count = 1;
                for (long dimension : site.shape()) {
                    count *= dimension;
                }
                start += count;
            }
            firstSequence += batch.size();
        }
        draws.parallelStream().forEach(Runnable::run);
        return new EncoderTrainer.Masks(embeddings, attention, attentionOutputs, outputs);
    }

    private static DropoutStream stream(long seed, long skip) {
        DropoutStream stream = new DropoutStream(seed);
        stream.skip(skip);
        return stream;
    }

    private static int layerOf(String site) {
        return Integer.parseInt(site.substring("layer".length(), site.indexOf('.')));
    }

    /** A {@code [slots, hidden]} mask: the rows of real tokens into their packed rows. */
    private static void drawHidden(DropoutStream stream, double p, int[] slots, int h, float[] mask) {
        long skipped = 0;
        for (int slot : slots) {
            if (slot < 0) {
                skipped += h;
                continue;
            }
            stream.skip(skipped);
            skipped = 0;
            stream.fill(mask, slot * h, h, p);
        }
        stream.skip(skipped);
    }

    /** A {@code [size, heads, length, length]} mask: the (real query, real key) entries into packed layout. */
    private static void drawAttention(DropoutStream stream, double p, TokenBatch batch, int[] slots, int firstSequence,
                                      int[] lengths, long[] probOffsets, int heads, float[] mask) {
        int length = batch.length();
        float keep = (float) (1.0 / (1.0 - p));
        long skipped = 0;
        for (int row = 0; row < batch.size(); row++) {
            int sequence = firstSequence + row;
            int real = lengths[sequence];
            for (int head = 0; head < heads; head++) {
                int at = (int) (probOffsets[sequence] + (long) head * real * real);
                for (int i = 0; i < length; i++) {
                    if (slots[row * length + i] < 0) {
                        skipped += length;
                        continue;
                    }
                    for (int j = 0; j < length; j++) {
                        if (slots[row * length + j] < 0) {
                            skipped++;
                            continue;
                        }
                        stream.skip(skipped);
                        skipped = 0;
                        mask[at++] = stream.nextFloat() < p ? 0f : keep;
                    }
                }
            }
        }
        stream.skip(skipped);
    }
}
