package io.st4j.core.modules;

import io.st4j.core.io.AtomicFolder;
import io.st4j.core.io.Checkpoints;
import io.st4j.core.io.ModelFormatException;
import io.st4j.core.io.SafeTensors;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * sentence-transformers' {@code StaticEmbedding}: a text's embedding is the mean of one trainable vector
 * per token ({@code torch.nn.EmbeddingBag} in mean mode), the tokens coming from a fast tokenizer
 * without special tokens. A text without tokens embeds to zeros; the tokenizer's padding token, if it
 * names one, is left out of every mean and never trained. Saved in the model root as
 * {@code model.safetensors} ({@value #WEIGHT}, {@code [vocabulary, dimension]}) and {@code tokenizer.json}.
 *
 * <p>The mean is computed in Java: it feeds the graph as the differentiable input {@value #EMBEDDING_BAG}
 * (its gradient is scattered back into the table, divided by each text's token count), and
 * {@link #embed} serves encoding without a graph.
 */
public final class StaticEmbedding implements InputModule {

    public static final String TYPE = "sentence_transformers.models.StaticEmbedding";
    /** The type name written by sentence-transformers v5.4+/v6. */
    public static final String TYPE_V6 = "sentence_transformers.sentence_transformer.modules.static_embedding.StaticEmbedding";
    /** The table's tensor name in {@code model.safetensors}. */
    public static final String WEIGHT = "embedding.weight";
    /** Differentiable input: the mean token vector of each text, {@code [batch, dimension]}. */
    public static final String EMBEDDING_BAG = "embedding_bag";

    private static final String MODEL2VEC_WEIGHT = "embeddings";
    private static final int TEXTS_PER_TASK = 64;

    private final TextTokenizer tokenizer;
    private final byte[] tokenizerJson;
    private final INDArray weight;
    private final int padTokenId;
    private final int maxSeqLength;

    private StaticEmbedding(TextTokenizer tokenizer, byte[] tokenizerJson, INDArray weight, int padTokenId,
                            int maxSeqLength) {
        this.tokenizer = tokenizer;
        this.tokenizerJson = tokenizerJson;
        this.weight = weight;
        this.padTokenId = padTokenId;
        this.maxSeqLength = maxSeqLength;
    }

    /** A module over a copy of {@code weights} with the tokenizer of {@code file}, not truncating. */
    private static StaticEmbedding create(Path file, INDArray weights) throws IOException {
        if (weights.rank() != 2) {
            throw new IllegalArgumentException("embedding weights must be [vocabulary, dimension], got shape "
                    + Arrays.toString(weights.shape()));
        }
        TextTokenizer tokenizer = TextTokenizer.fromFile(file, TextTokenizer.NO_TRUNCATION, false);
        return new StaticEmbedding(tokenizer, Files.readAllBytes(file), weights.castTo(DataType.FLOAT).dup('c'),
                TokenizerVocabulary.read(file).padTokenId(), TextTokenizer.NO_TRUNCATION);
    }

    /**
     * A randomly initialized table for the tokenizer's vocabulary, as {@code nn.EmbeddingBag} initializes
     * it: every entry drawn from N(0, 1), the padding token's row zero.
     *
     * @param tokenizer a {@code tokenizer.json} file, or a folder holding one
     * @param seed      the seed of the draw
     */
    public static StaticEmbedding random(Path tokenizer, int embeddingDimension, long seed) throws IOException {
        if (embeddingDimension <= 0) {
            throw new IllegalArgumentException("embedding dimension must be positive, got " + embeddingDimension);
        }
        Path file = tokenizerFile(tokenizer);
        TokenizerVocabulary vocabulary = TokenizerVocabulary.read(file);
        Random random = new Random(seed);
        float[] table = new float[Math.multiplyExact(vocabulary.size(), embeddingDimension)];
        for (int i = 0; i < table.length; i++) {
            table[i] = (float) random.nextGaussian();
        }
        if (vocabulary.padTokenId() >= 0) {
            Arrays.fill(table, vocabulary.padTokenId() * embeddingDimension,
                    (vocabulary.padTokenId() + 1) * embeddingDimension, 0f);
        }
        return create(file, Nd4j.create(table, new long[] {vocabulary.size(), embeddingDimension}, 'c'));
    }

    /** {@link #random(Path, int, long)} with seed 42. */
    public static StaticEmbedding random(Path tokenizer, int embeddingDimension) throws IOException {
        return random(tokenizer, embeddingDimension, 42);
    }

    /**
     * A table given as {@code [vocabulary, dimension]} weights (copied).
     *
     * @param tokenizer a {@code tokenizer.json} file, or a folder holding one
     */
    public static StaticEmbedding fromWeights(Path tokenizer, INDArray weights) throws IOException {
        return create(tokenizerFile(tokenizer), weights);
    }

    /** The input (word) embeddings of {@code transformer}, copied, with its tokenizer. */
    public static StaticEmbedding fromTransformer(Transformer transformer) throws IOException {
        INDArray words = transformer.parameters().get(Transformer.WORD_EMBEDDINGS);
        return withTemporaryFile(transformer.tokenizerJson(), file -> create(file, words));
    }

    /** This module with texts truncated to {@code maxSeqLength} tokens; the table is shared, not copied. */
    public StaticEmbedding withMaxSeqLength(int maxSeqLength) throws IOException {
        if (maxSeqLength <= 0) {
            throw new IllegalArgumentException("max sequence length must be positive, got " + maxSeqLength);
        }
        TextTokenizer truncating = withTemporaryFile(tokenizerJson,
                file -> TextTokenizer.fromFile(file, maxSeqLength, false));
        return new StaticEmbedding(truncating, tokenizerJson, weight, padTokenId, maxSeqLength);
    }

    /** Work that reads a file and may fail with an {@link IOException}. */
    private interface FileAction<T> {
        T apply(Path file) throws IOException;
    }

    /** Runs {@code action} on {@code json} written to a temporary {@code tokenizer.json}, deleted afterwards. */
    private static <T> T withTemporaryFile(byte[] json, FileAction<T> action) throws IOException {
        Path dir = Files.createTempDirectory("st4j-static");
        try {
            Path file = dir.resolve(TextTokenizer.FILE);
            Files.write(file, json);
            return action.apply(file);
        } finally {
            AtomicFolder.deleteRecursively(dir);
        }
    }

    /** Loads the module from its folder: {@code tokenizer.json} and {@value #WEIGHT} (or model2vec's {@code embeddings}). */
    public static StaticEmbedding load(Path dir) throws IOException {
        Path file = dir.resolve(TextTokenizer.FILE);
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(dir, "StaticEmbedding folder lacks " + TextTokenizer.FILE);
        }
        Map<String, INDArray> tensors = Checkpoints.read(dir);
        INDArray weights = tensors.containsKey(WEIGHT) ? tensors.get(WEIGHT) : tensors.get(MODEL2VEC_WEIGHT);
        if (weights == null) {
            throw new ModelFormatException(dir.resolve(Checkpoints.SAFETENSORS), "holds neither '" + WEIGHT
                    + "' nor '" + MODEL2VEC_WEIGHT + "'; tensors present: " + tensors.keySet());
        }
        if (weights.rank() != 2) {
            throw new ModelFormatException(dir.resolve(Checkpoints.SAFETENSORS), "tensor '" + WEIGHT
                    + "' has shape " + Arrays.toString(weights.shape()) + "; expected [vocabulary, dimension]");
        }
        return create(file, weights);
    }

    private static Path tokenizerFile(Path tokenizer) {
        return Files.isDirectory(tokenizer) ? tokenizer.resolve(TextTokenizer.FILE) : tokenizer;
    }

    @Override
    public String typeName() {
        return TYPE;
    }

    @Override
    public boolean savesInRoot() {
        return true;
    }

    /** The number of rows of the table. */
    public int vocabularySize() {
        return (int) weight.size(0);
    }

    @Override
    public int embeddingDimension() {
        return (int) weight.size(1);
    }

    /** The longest input in tokens; {@link TextTokenizer#NO_TRUNCATION} (sentence-transformers' {@code math.inf}) by default. */
    @Override
    public int maxSeqLength() {
        return maxSeqLength;
    }

    @Override
    public Map<String, INDArray> parameters() {
        return Map.of(WEIGHT, weight);
    }

    @Override
    public TokenBatch tokenize(List<String> texts) {
        return tokenizer.encode(texts, Math.max(padTokenId, 0));
    }

    /**
     * The embedding of each text, without a graph: tokenization and averaging split over the cores.
     * The same arithmetic as the graph's input, so both give identical values.
     */
    public float[][] embed(List<String> texts) {
        float[][] out = new float[texts.size()][];
        int tasks = (texts.size() + TEXTS_PER_TASK - 1) / TEXTS_PER_TASK;
        IntStream.range(0, tasks).parallel().forEach(task -> {
            int from = task * TEXTS_PER_TASK;
            int to = Math.min(texts.size(), from + TEXTS_PER_TASK);
            int[][] ids = tokenizer.tokenIds(texts.subList(from, to));
            FloatBuffer table = table();
            float[] scratch = new float[embeddingDimension()];
            for (int i = 0; i < ids.length; i++) {
                float[] row = new float[embeddingDimension()];
                average(table, ids[i], 0, ids[i].length, row, 0, scratch);
                out[from + i] = row;
            }
        });
        return out;
    }

    @Override
    public Map<String, INDArray> graphInputs(TokenBatch batch) {
        int dim = embeddingDimension();
        float[] means = new float[batch.size() * dim];
        FloatBuffer table = table();
        float[] scratch = new float[dim];
        for (int row = 0; row < batch.size(); row++) {
            average(table, batch.inputIds(), row * batch.length(), batch.tokenCount(row), means, row * dim, scratch);
        }
        return Map.of(EMBEDDING_BAG, Nd4j.create(means, new long[] {batch.size(), dim}, 'c'));
    }

    @Override
    public Map<String, INDArray> trainingInputs(TokenBatch batch, Random rng) {
        return graphInputs(batch);
    }

    @Override
    public Set<String> differentiableInputs() {
        return Set.of(EMBEDDING_BAG);
    }

    /** Each text's gradient, divided by its token count, added to the rows of its tokens. */
    @Override
    public Map<String, INDArray> parameterGradients(TokenBatch batch, Map<String, INDArray> inputGradients) {
        int dim = embeddingDimension();
        float[] g = inputGradients.get(EMBEDDING_BAG).dup('c').data().asFloat();
        float[] table = new float[Math.multiplyExact(vocabularySize(), dim)];
        for (int row = 0; row < batch.size(); row++) {
            int start = row * batch.length();
            int end = start + batch.tokenCount(row);
            int count = bagSize(batch.inputIds(), start, end);
            if (count == 0) {
                continue;
            }
            for (int t = start; t < end; t++) {
                int id = batch.inputIds()[t];
                if (id == padTokenId) {
                    continue;
                }
                int dst = id * dim;
                int src = row * dim;
                for (int d = 0; d < dim; d++) {
                    table[dst + d] += g[src + d] / count;
                }
            }
        }
        return Map.of(WEIGHT, Nd4j.create(table, new long[] {vocabularySize(), dim}, 'c'));
    }

    /**
     * The mean of the table rows of {@code ids[from, from + length)} (padding tokens left out) into
     * {@code out[offset...]}, adding the rows in token order. Each row is copied in bulk into {@code scratch}
     * ({@code dimension} floats) first: the element-wise sum over a heap array runs several times faster than
     * one over the native buffer.
     */
    private void average(FloatBuffer table, int[] ids, int from, int length, float[] out, int offset, float[] scratch) {
        int dim = embeddingDimension();
        int count = bagSize(ids, from, from + length);
        if (count == 0) {
            return;
        }
        for (int t = from; t < from + length; t++) {
            int id = ids[t];
            if (id == padTokenId) {
                continue;
            }
            table.get(id * dim, scratch, 0, dim);
            for (int d = 0; d < dim; d++) {
                out[offset + d] += scratch[d];
            }
        }
        for (int d = 0; d < dim; d++) {
            out[offset + d] /= count;
        }
    }

    /** The tokens of {@code ids[from, to)} that count towards a mean; fails on an id outside the table. */
    private int bagSize(int[] ids, int from, int to) {
        int count = 0;
        for (int t = from; t < to; t++) {
            int id = ids[t];
            if (id < 0 || id >= vocabularySize()) {
                throw new IllegalArgumentException("token id " + id + " is outside the embedding table of "
                        + vocabularySize() + " rows; the tokenizer and the weights do not match");
            }
            if (id != padTokenId) {
                count++;
            }
        }
        return count;
    }

    /** The table's native memory as floats (a view, not a copy: training updates show). */
    private FloatBuffer table() {
        return weight.data().asNioFloat();
    }

    @Override
    public void forward(ModuleGraph graph) {
        SDVariable mean = graph.differentiableInput(EMBEDDING_BAG, -1, embeddingDimension());
        graph.setFeature(ModuleGraph.SENTENCE_EMBEDDING, mean);
    }

    /** Writes {@code model.safetensors} (the table, no metadata, as sentence-transformers) and {@code tokenizer.json}. */
    @Override
    public void save(Path dir) throws IOException {
        SafeTensors.write(dir.resolve(Checkpoints.SAFETENSORS), Map.of(WEIGHT, weight), Map.of());
        Files.write(dir.resolve(TextTokenizer.FILE), tokenizerJson);
    }
}
