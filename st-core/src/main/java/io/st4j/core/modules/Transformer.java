package io.st4j.core.modules;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.io.Checkpoints;
import io.st4j.core.io.Json;
import io.st4j.core.io.ModelFormatException;
import io.st4j.core.io.SafeTensors;
import io.st4j.core.util.Futures;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.ObjLongConsumer;
import java.util.function.Supplier;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A Hugging Face encoder (BERT, RoBERTa, XLM-RoBERTa, DistilBERT, MPNet; see {@link EncoderArchitecture})
 * as a SameDiff graph, with its tokenizer: sentence-transformers' {@code Transformer} module. The embedding
 * lookup (word + token type + position) runs outside the graph, so the graph's input is their sum and
 * training can scatter its gradient back into the tables with the same position and type ids.
 */
public final class Transformer implements InputModule {

    public static final String TYPE = "sentence_transformers.models.Transformer";
    /** Placeholder holding word + token type + position embeddings, {@code [batch * tokens, hidden]}. */
    public static final String EMBEDDING_SUM = "embedding_sum";

    static final String WORD_EMBEDDINGS = EncoderArchitecture.WORD_EMBEDDINGS;
    private static final String POSITION_EMBEDDINGS = EncoderArchitecture.POSITION_EMBEDDINGS;
    private static final String TOKEN_TYPE_EMBEDDINGS = EncoderArchitecture.TOKEN_TYPE_EMBEDDINGS;
    private static final List<String> CONFIG_FILE_NAMES = List.of("sentence_bert_config.json",
            "sentence_roberta_config.json", "sentence_distilbert_config.json", "sentence_camembert_config.json",
            "sentence_albert_config.json", "sentence_xlm-roberta_config.json", "sentence_xlnet_config.json");
    private static final List<String> TOKENIZER_FILES = List.of(TextTokenizer.FILE, "tokenizer_config.json",
            "special_tokens_map.json", "vocab.txt");

    private final EncoderConfig config;
    private final JsonNode configJson;
    private final Map<String, INDArray> weights;
    private final TextTokenizer tokenizer;
    private final Map<String, byte[]> tokenizerFiles;
    private final int maxSeqLength;
    private final boolean doLowerCase;
    private EncoderExecutor executor; // built on first inference
    private EncoderTrainer trainer; // built on the first lean training pass

    private Transformer(EncoderConfig config, JsonNode configJson, Map<String, INDArray> weights, TextTokenizer tokenizer,
                        Map<String, byte[]> tokenizerFiles, int maxSeqLength, boolean doLowerCase) {
        this.config = config;
        this.configJson = configJson;
        this.weights = weights;
        this.tokenizer = tokenizer;
        this.tokenizerFiles = tokenizerFiles;
        this.maxSeqLength = maxSeqLength;
        this.doLowerCase = doLowerCase;
    }

    /** Loads a Transformer from a model folder (Hugging Face files plus an optional {@code sentence_bert_config.json}). */
    public static Transformer load(Path dir) throws IOException {
        return load(dir, null);
    }

    /** Loads a Transformer, overriding the folder's max sequence length when {@code maxSeqLength} is not null. */
    public static Transformer load(Path dir, Integer maxSeqLength) throws IOException {
        Path configFile = dir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new ModelFormatException(dir, "is not a model folder: config.json is missing");
        }
        JsonNode configJson = Json.read(configFile);
        EncoderConfig config = EncoderConfig.fromJson(configJson, configFile);
        Map<String, INDArray> weights = checkedWeights(Checkpoints.read(dir), config, dir);

        JsonNode stConfig = sentenceConfig(dir);
        int maxLength = maxSeqLength != null ? maxSeqLength : resolveMaxSeqLength(dir, stConfig, config);
        boolean lowerCase = stConfig.path("do_lower_case").asBoolean(false);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : TOKENIZER_FILES) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file)) {
                files.put(name, Files.readAllBytes(file));
            }
        }
        TextTokenizer tokenizer = TextTokenizer.load(dir, maxLength);
        return new Transformer(config, configJson, weights, tokenizer, files, maxLength, lowerCase);
    }

    private static JsonNode sentenceConfig(Path dir) throws IOException {
        for (String name : CONFIG_FILE_NAMES) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file)) {
                return Json.read(file);
            }
        }
        return Json.mapper().createObjectNode();
    }

    /**
     * sentence-transformers' precedence: {@code max_seq_length} of sentence_bert_config.json, else the
     * smaller of the tokenizer's {@code model_max_length} and {@code max_position_embeddings}, here capped at
     * the tokens the position table serves (RoBERTa's 514 positions serve 512 tokens).
     */
    private static int resolveMaxSeqLength(Path dir, JsonNode stConfig, EncoderConfig config) throws IOException {
        JsonNode configured = stConfig.get("max_seq_length");
        if (configured != null && configured.canConvertToInt()) {
            return configured.asInt();
        }
        int limit = config.maxTokens();
        Path tokenizerConfig = dir.resolve("tokenizer_config.json");
        if (Files.isRegularFile(tokenizerConfig)) {
            JsonNode modelMax = Json.read(tokenizerConfig).get("model_max_length");
            if (modelMax != null && modelMax.isNumber() && modelMax.asDouble() < limit) {
                limit = modelMax.asInt();
            }
        }
        return limit;
    }

    /**
     * Keeps the base model's tensors under their Hugging Face names (a task prefix such as {@code roberta.}
     * stripped; task heads and buffers dropped) and checks every tensor's shape against the config.
     */
    private static Map<String, INDArray> checkedWeights(Map<String, INDArray> raw, EncoderConfig c, Path dir) {
        Map<String, INDArray> weights = new TreeMap<>();
        raw.forEach((name, array) -> {
            String key = c.architecture().baseModelName(name);
            if (key != null) {
                weights.put(key, array.dataType() == DataType.FLOAT ? array : array.castTo(DataType.FLOAT));
            }
        });
        Map<String, long[]> expected = expectedShapes(c);
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            INDArray array = weights.get(e.getKey());
            if (array == null) {
                throw new ModelFormatException(dir, "checkpoint lacks tensor '" + e.getKey() + "'");
            }
            if (!Arrays.equals(array.shape(), e.getValue())) {
                throw new ModelFormatException(dir, "tensor '" + e.getKey() + "' has shape "
                        + Arrays.toString(array.shape()) + " but config.json implies " + Arrays.toString(e.getValue()));
            }
        }
        return weights;
    }

    private static Map<String, long[]> expectedShapes(EncoderConfig c) {
        long h = c.hiddenSize();
        EncoderArchitecture.LayerLayout layout = c.architecture().layout();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put(WORD_EMBEDDINGS, new long[] {c.vocabSize(), h});
        shapes.put(POSITION_EMBEDDINGS, new long[] {c.maxPositions(), h});
        if (c.typeVocabSize() > 0) {
            shapes.put(TOKEN_TYPE_EMBEDDINGS, new long[] {c.typeVocabSize(), h});
        }
        shapes.put(EncoderArchitecture.EMBEDDING_NORM + ".weight", new long[] {h});
        shapes.put(EncoderArchitecture.EMBEDDING_NORM + ".bias", new long[] {h});
        if (c.architecture().hasRelativeAttentionBias()) {
            shapes.put(EncoderArchitecture.RELATIVE_ATTENTION_BIAS,
                    new long[] {c.relativeAttentionBuckets(), c.numHeads()});
        }
        for (int i = 0; i < c.numLayers(); i++) {
            String p = layout.layers() + i + ".";
            for (String proj : layout.attentionProjections()) {
                shapes.put(p + proj + ".weight", new long[] {h, h});
                shapes.put(p + proj + ".bias", new long[] {h});
            }
            shapes.put(p + layout.intermediate() + ".weight", new long[] {c.intermediateSize(), h});
            shapes.put(p + layout.intermediate() + ".bias", new long[] {c.intermediateSize()});
            shapes.put(p + layout.output() + ".weight", new long[] {h, c.intermediateSize()});
            shapes.put(p + layout.output() + ".bias", new long[] {h});
            for (String norm : List.of(layout.attentionNorm(), layout.outputNorm())) {
                shapes.put(p + norm + ".weight", new long[] {h});
                shapes.put(p + norm + ".bias", new long[] {h});
            }
        }
        return shapes;
    }

    @Override
    public String typeName() {
        return TYPE;
    }

    @Override
    public boolean savesInRoot() {
        return true;
    }

    @Override
    public int maxSeqLength() {
        return maxSeqLength;
    }

    @Override
    public int embeddingDimension() {
        return config.hiddenSize();
    }

    /** The encoder's dimensions. */
    public EncoderConfig config() {
        return config;
    }

    @Override
    public Map<String, INDArray> parameters() {
        return weights;
    }

    /** The bytes of the model's {@code tokenizer.json}. */
    byte[] tokenizerJson() {
        return tokenizerFiles.get(TextTokenizer.FILE);
    }

    @Override
    public TokenBatch tokenize(List<String> texts) {
        List<String> prepared = new ArrayList<>(texts.size());
        for (String text : texts) {
            String stripped = text.strip();
            prepared.add(doLowerCase ? stripped.toLowerCase(Locale.ROOT) : stripped);
        }
        return tokenizer.encode(prepared, config.padTokenId());
    }

    @Override
    public Map<String, INDArray> graphInputs(TokenBatch batch) {
        int[] positions = config.positionIds(batch);
        int[] types = config.tokenTypeIds(batch);
        checkInputIds(config, batch.inputIds(), positions, types);
        INDArray sum = embeddingSum(batch.inputIds(), types, positions);
        INDArray mask = Nd4j.createFromArray(batch.attentionMask()).castTo(DataType.FLOAT)
                .reshape(batch.size(), batch.length());
        Map<String, INDArray> inputs = new HashMap<>();
        inputs.put(EMBEDDING_SUM, sum);
        inputs.put(ModuleGraph.ATTENTION_MASK, mask);
        if (config.architecture().hasRelativeAttentionBias()) {
            inputs.put(EncoderGraph.RELATIVE_POSITION_BUCKETS,
                    RelativePositionBuckets.oneHot(batch.length(), config.relativeAttentionBuckets()));
        }
        return inputs;
    }

    /** Word + token type + position embeddings of the given ids, {@code [ids, hidden]} ({@code types} may be null). */
    INDArray embeddingSum(int[] ids, int[] types, int[] positions) {
        int hidden = config.hiddenSize();
        FloatBuffer words = denseFloats(weights.get(WORD_EMBEDDINGS));
        FloatBuffer typeRows = types == null ? null : denseFloats(weights.get(TOKEN_TYPE_EMBEDDINGS));
        FloatBuffer positionRows = denseFloats(weights.get(POSITION_EMBEDDINGS));
        INDArray sum = Nd4j.createUninitialized(DataType.FLOAT, ids.length, hidden);
        FloatBuffer out = sum.data().asNioFloat();
        float[] row = new float[hidden];
        float[] other = new float[hidden];
        for (int i = 0; i < ids.length; i++) {
            // The order of the sums follows the Hugging Face embeddings: (word + token type) + position.
            words.get(ids[i] * hidden, row, 0, hidden);
            if (typeRows != null) {
                typeRows.get(types[i] * hidden, other, 0, hidden);
                for (int d = 0; d < hidden; d++) {
                    row[d] += other[d];
                }
            }
            positionRows.get(positions[i] * hidden, other, 0, hidden);
            for (int d = 0; d < hidden; d++) {
                row[d] += other[d];
            }
            out.put(i * hidden, row, 0, hidden);
        }
        return sum;
    }

    /** The floats of a table, row after row (copied only if it is not one dense C-order block). */
    private static FloatBuffer denseFloats(INDArray table) {
        INDArray dense = table.isView() || table.ordering() != 'c' ? table.dup('c') : table;
        return dense.data().asNioFloat();
    }

    /**
     * The token embeddings of {@code batch}, {@code [size, length, hidden]}, computed for inference by
     * {@link EncoderExecutor} (the graph's weights without the graph, no compute on padding): equal to the
     * graph's output at every real token, zero at padding. Every row must hold at least one real token.
     *
     * @param stageNanos receives the nanoseconds of each stage of the pass (for profiling), several times per stage
     */
    public INDArray inferTokenEmbeddings(TokenBatch batch, ObjLongConsumer<String> stageNanos) {
        try (InferenceStream stream = inferenceStream(stageNanos)) {
            return stream.submit(batch, true).get().padded();
        }
    }

    /**
     * Opens a stream of batches for {@link #inferTokenEmbeddings}'s computation, several batches at once: one per
     * core, each on its own thread. One per encode call, submitted from one thread; closing it waits for the work
     * in flight.
     *
     * @param stageNanos receives the nanoseconds of each stage (for profiling), several times per stage
     */
    public InferenceStream inferenceStream(ObjLongConsumer<String> stageNanos) {
        EncoderExecutor executor;
        synchronized (this) {
            if (this.executor == null) {
                this.executor = new EncoderExecutor(config, weights);
            }
            executor = this.executor;
        }
        return new InferenceStream(executor.open(stageNanos), stageNanos);
    }

    /** Batches in flight through the lean executor: see {@link #inferenceStream}. */
    public final class InferenceStream implements AutoCloseable {
        private final EncoderExecutor.Stream stream;
        private final ObjLongConsumer<String> stageNanos;

        private InferenceStream(EncoderExecutor.Stream stream, ObjLongConsumer<String> stageNanos) {
            this.stream = stream;
            this.stageNanos = stageNanos;
        }

        /**
         * Starts the token embeddings of {@code batch} (every row must hold at least one real token).
         *
         * @param last whether no batch follows: its work is then split over the cores, so that they finish together
         * @return the token embeddings, waited for when asked; a failure of the pass is thrown there
         */
        public Supplier<PackedTokens> submit(TokenBatch batch, boolean last) {
            int[] positions = config.positionIds(batch);
            int[] types = config.tokenTypeIds(batch);
            checkInputIds(config, batch.inputIds(), positions, types);
            int[] lengths = new int[batch.size()];
            int[] slots = new int[batch.inputIds().length];
            int tokens = 0;
            for (int row = 0; row < batch.size(); row++) {
                for (int t = 0; t < batch.length(); t++) {
                    int slot = row * batch.length() + t;
                    if (batch.attentionMask()[slot] != 0) {
                        slots[tokens++] = slot;
                        lengths[row]++;
                    }
                }
                if (lengths[row] == 0) {
                    throw new IllegalArgumentException("row " + row + " of the batch has no real token");
                }
            }
            int[] packedIds = new int[tokens];
            int[] packedTypes = types == null ? null : new int[tokens];
            int[] packedPositions = new int[tokens];
            for (int i = 0; i < tokens; i++) {
                packedIds[i] = batch.inputIds()[slots[i]];
                packedPositions[i] = positions[slots[i]];
                if (types != null) {
                    packedTypes[i] = types[slots[i]];
                }
            }
            long t0 = System.nanoTime();
            INDArray sum = embeddingSum(packedIds, packedTypes, packedPositions);
            stageNanos.accept("embedding lookup", System.nanoTime() - t0);
            CompletableFuture<INDArray> packed = stream.submit(sum, lengths, last);
            int[] packedSlots = Arrays.copyOf(slots, tokens);
            return () -> new PackedTokens(Futures.join(packed), lengths, batch, packedSlots);
        }

        /** Waits for every batch in flight. */
        @Override
        public void close() {
            stream.close();
        }
    }

    /** Fails naming the value when a token, position or token type id ({@code types} may be null) is outside its table. */
    static void checkInputIds(EncoderConfig config, int[] ids, int[] positions, int[] types) {
        checkIds(ids, config.vocabSize(), "token id", "vocab_size");
        checkIds(positions, config.maxPositions(), "position id", "max_position_embeddings");
        if (types != null) {
            checkIds(types, config.typeVocabSize(), "token type id", "type_vocab_size");
        }
    }

    /**
     * Whether {@link #trainingForward} covers this encoder: every architecture but MPNet (its relative attention
     * bias), on the CPU backend (the pass calls the CPU BLAS).
     */
    public boolean supportsLeanTraining() {
        return !config.architecture().hasRelativeAttentionBias() && Nd4j.getEnvironment().isCPU();
    }

    /**
     * The forward pass of a training step over {@code columns} without SameDiff and without padding, with the
     * dropout masks {@link #trainingInputs} draws for the columns in order from one {@code new Random(seed)}:
     * the same function as the training graph, whose token embeddings and backward pass the returned pass gives.
     * The pass is valid until the next call; not thread-safe.
     *
     * @param stageNanos receives the nanoseconds of each stage (gemm, attention, kernels, ...), several times each
     */
    public synchronized LeanTrainingPass trainingForward(List<TokenBatch> columns, long seed,
                                                         ObjLongConsumer<String> stageNanos) {
        if (trainer == null) {
            trainer = new EncoderTrainer(config, weights);
        }
        return new LeanTrainingPass(this, trainer, config, columns, seed, stageNanos);
    }

    /** Fails naming the value instead of letting a lookup read outside a table. */
    private static void checkIds(int[] ids, int rows, String what, String configKey) {
        for (int id : ids) {
            if (id < 0 || id >= rows) {
                throw new IllegalArgumentException(what + " " + id + " is outside the model's table of " + rows
                        + " rows (config.json " + configKey + ")");
            }
        }
    }

    @Override
    public Map<String, INDArray> trainingInputs(TokenBatch batch, Random rng) {
        Map<String, INDArray> inputs = new HashMap<>(graphInputs(batch));
        for (DropoutSites.Site site : DropoutSites.of(config, batch)) {
            inputs.put(ModuleGraph.dropoutMaskName(site.name()), dropoutMask(site, rng));
        }
        return inputs;
    }

    private static INDArray dropoutMask(DropoutSites.Site site, Random rng) {
        long count = 1;
        for (long d : site.shape()) {
            count *= d;
        }
        float keep = (float) (1.0 / (1.0 - site.probability()));
        float[] mask = new float[Math.toIntExact(count)];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextFloat() < site.probability() ? 0f : keep;
        }
        return Nd4j.create(mask, site.shape(), 'c');
    }

    @Override
    public Set<String> differentiableInputs() {
        return Set.of(EMBEDDING_SUM);
    }

    /**
     * Scatters the gradient of the summed embeddings back into the word, token type and position tables,
     * through the same ids {@link #graphInputs} looked up (a fixed sinusoidal position table gets none).
     */
    @Override
    public Map<String, INDArray> parameterGradients(TokenBatch batch, Map<String, INDArray> inputGradients) {
        INDArray gradient = inputGradients.get(EMBEDDING_SUM);
        int hidden = config.hiddenSize();
        int[] positions = config.positionIds(batch);
        int[] types = config.tokenTypeIds(batch);
        float[] g = gradient.dup('c').data().asFloat();
        float[] word = new float[config.vocabSize() * hidden];
        float[] type = new float[config.typeVocabSize() * hidden];
        float[] position = new float[config.maxPositions() * hidden];
        for (int row = 0; row < batch.size() * batch.length(); row++) {
            int w = batch.inputIds()[row] * hidden;
            int t = types == null ? 0 : types[row] * hidden;
            int p = positions[row] * hidden;
            int src = row * hidden;
            for (int d = 0; d < hidden; d++) {
                float v = g[src + d];
                word[w + d] += v;
                if (types != null) {
                    type[t + d] += v;
                }
                position[p + d] += v;
            }
        }
        Map<String, INDArray> gradients = new HashMap<>();
        gradients.put(WORD_EMBEDDINGS, Nd4j.create(word, new long[] {config.vocabSize(), hidden}, 'c'));
        if (types != null) {
            gradients.put(TOKEN_TYPE_EMBEDDINGS, Nd4j.create(type, new long[] {config.typeVocabSize(), hidden}, 'c'));
        }
        if (config.trainablePositions()) {
            gradients.put(POSITION_EMBEDDINGS, Nd4j.create(position, new long[] {config.maxPositions(), hidden}, 'c'));
        }
        return gradients;
    }

    /**
     * The table gradients of summed embeddings looked up with these ids ({@code types} may be null), given the
     * gradient {@code g} of the sums, {@code [ids, hidden]} row-major: {@link #parameterGradients} for packed
     * tokens (the lean training pass), summed straight into the native tables. Kept apart from it: routing
     * {@link #parameterGradients} through one shared loop changed the result of st-losses'
     * {@code LayerwiseTrainingTest.sampledLayerRepeatsWithTheStepSeed}, so the SameDiff path's code stays as it was.
     */
    Map<String, INDArray> embeddingGradients(int[] ids, int[] types, int[] positions, float[] g) {
        Map<String, INDArray> gradients = new HashMap<>();
        gradients.put(WORD_EMBEDDINGS, scatterRows(ids, g, config.vocabSize()));
        if (types != null) {
            gradients.put(TOKEN_TYPE_EMBEDDINGS, scatterRows(types, g, config.typeVocabSize()));
        }
        if (config.trainablePositions()) {
            gradients.put(POSITION_EMBEDDINGS, scatterRows(positions, g, config.maxPositions()));
        }
        return gradients;
    }

    /** A {@code [tableRows, hidden]} table holding, in row {@code rows[i]}, the sum of the rows {@code i} of {@code g}. */
    private INDArray scatterRows(int[] rows, float[] g, int tableRows) {
        int hidden = config.hiddenSize();
        INDArray table = Nd4j.zeros(DataType.FLOAT, tableRows, hidden);
        FloatBuffer buffer = table.data().asNioFloat();
        float[] row = new float[hidden];
        for (int i = 0; i < rows.length; i++) {
            int at = rows[i] * hidden;
            buffer.get(at, row, 0, hidden);
            for (int d = 0; d < hidden; d++) {
                row[d] += g[i * hidden + d];
            }
            buffer.put(at, row, 0, hidden);
        }
        return table;
    }

    @Override
    public void forward(ModuleGraph graph) {
        SDVariable sum = graph.differentiableInput(EMBEDDING_SUM, -1, config.hiddenSize());
        SDVariable mask = graph.placeholder(ModuleGraph.ATTENTION_MASK, -1, -1);
        graph.setFeature(ModuleGraph.ATTENTION_MASK, mask);
        List<SDVariable> hiddenStates = new EncoderGraph(graph, config, weights).build(sum, mask);
        graph.setHiddenStates(hiddenStates);
        graph.setFeature(ModuleGraph.TOKEN_EMBEDDINGS, hiddenStates.get(hiddenStates.size() - 1));
    }

    @Override
    public void save(Path dir) throws IOException {
        SafeTensors.write(dir.resolve(Checkpoints.SAFETENSORS), weights, Map.of("format", "pt"));
        Json.write(dir.resolve("config.json"), Json.mapper().convertValue(configJson, Object.class), 2);
        for (Map.Entry<String, byte[]> file : tokenizerFiles.entrySet()) {
            Files.write(dir.resolve(file.getKey()), file.getValue());
        }
        Map<String, Object> stConfig = new LinkedHashMap<>();
        stConfig.put("max_seq_length", maxSeqLength);
        stConfig.put("do_lower_case", doLowerCase);
        Json.write(dir.resolve("sentence_bert_config.json"), stConfig, 4);
    }
}
