package io.st4j.core;

import io.st4j.core.io.AtomicFolder;
import io.st4j.core.modules.InputModule;
import io.st4j.core.modules.Module;
import io.st4j.core.modules.ModuleGraph;
import io.st4j.core.modules.Normalize;
import io.st4j.core.modules.PackedTokens;
import io.st4j.core.modules.Pooling;
import io.st4j.core.modules.StaticEmbedding;
import io.st4j.core.modules.TokenBatch;
import io.st4j.core.modules.Transformer;
import io.st4j.core.util.Quantization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sentence embedding model: an ordered pipeline of {@link Module}s (the first one tokenizes) plus
 * its {@link ModelSettings}, as sentence-transformers' {@code SentenceTransformer}. Loads and saves the
 * sentence-transformers folder format; runs as one SameDiff graph, reachable through {@link #graph()}.
 */
public final class SentenceTransformer implements SentenceEncoder {

    private static final Logger LOG = LoggerFactory.getLogger(SentenceTransformer.class);
    /** The model card's file in a model folder. */
    public static final String MODEL_CARD = "README.md";
    /** The BibTeX entry of Sentence-BERT, cited by model cards and by the losses it introduced. */
    public static final String CITATION = """
            @inproceedings{reimers-2019-sentence-bert,
                title = "Sentence-BERT: Sentence Embeddings using Siamese BERT-Networks",
                author = "Reimers, Nils and Gurevych, Iryna",
                booktitle = "Proceedings of the 2019 Conference on Empirical Methods in Natural Language Processing",
                month = "11",
                year = "2019",
                publisher = "Association for Computational Linguistics",
                url = "https://arxiv.org/abs/1908.10084",
            }""";
    /**
     * System property choosing how {@link #encode} and {@link #encodeTokens} run a {@link Transformer}:
     * unset or {@code lean} (default) uses its lean executor ({@link Transformer#inferTokenEmbeddings}) followed by
     * the graph of the later modules; {@code samediff} runs the whole SameDiff graph, for comparison. Read at
     * every call.
     */
    public static final String ENCODE_PATH_PROPERTY = "st4j.encode.path";

    private final List<Module> modules;
    private final InputModule input;
    private ModelSettings settings;
    private volatile ModelCardData modelCardData;
    private String loadedModelCard;
    private EmbeddingGraph graph;
    private EmbeddingGraph afterInputGraph;

    private SentenceTransformer(List<Module> modules, ModelSettings settings) {
        if (modules.isEmpty() || !(modules.get(0) instanceof InputModule first)) {
            throw new IllegalArgumentException("the first module must tokenize (an InputModule such as Transformer)");
        }
        this.modules = List.copyOf(modules);
        this.input = first;
        this.settings = settings;
    }

    /** A model assembled from modules in code, with default settings. */
    public static SentenceTransformer of(Module... modules) {
        return new SentenceTransformer(List.of(modules), ModelSettings.DEFAULTS);
    }

    /** A model assembled from modules in code. */
    public static SentenceTransformer of(ModelSettings settings, List<Module> modules) {
        return new SentenceTransformer(modules, settings);
    }

    /** Loads a model folder: a sentence-transformers folder, or a plain Hugging Face one (Transformer + mean Pooling). */
    public static SentenceTransformer load(Path dir) throws IOException {
        SentenceTransformer model = new SentenceTransformer(ModelFolder.readModules(dir), ModelSettings.read(dir));
        model.loadedModelCard = readModelCard(dir.resolve(MODEL_CARD));
        return model;
    }

    /** The text of a model card file, or null when there is none or it is not UTF-8 text (as sentence-transformers). */
    private static String readModelCard(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            LOG.warn("Ignoring the model card {}: {}", file, e.toString());
            return null;
        }
    }

    /**
     * Loads a local folder, or else resolves {@code nameOrPath} (e.g. {@code sentence-transformers/all-MiniLM-L6-v2})
     * through the {@link ModelSource}s on the class path (st-hub provides the Hugging Face Hub).
     */
    public static SentenceTransformer load(String nameOrPath) throws IOException {
        Path local = Paths.get(nameOrPath);
        if (Files.isDirectory(local)) {
            return load(local);
        }
        // As sentence-transformers: a bare name is one of the sentence-transformers organisation's models.
        String id = nameOrPath.contains("/") ? nameOrPath : "sentence-transformers/" + nameOrPath;
        for (ModelSource source : ServiceLoader.load(ModelSource.class)) {
            Optional<Path> resolved = source.resolve(id, null);
            if (resolved.isPresent()) {
                return load(resolved.get());
            }
        }
        throw new IOException("'" + nameOrPath + "' is not a folder and no model source resolves it"
                + " (add st-hub to the class path to load models from the Hugging Face Hub)");
    }

    /**
     * Every trainable parameter, named {@code {module index}.{name in the module}} (the names of the
     * graph's variables); the arrays are the ones the model computes with.
     */
    public Map<String, INDArray> parameters() {
        Map<String, INDArray> all = new java.util.LinkedHashMap<>();
        for (int i = 0; i < modules.size(); i++) {
            for (Map.Entry<String, INDArray> p : modules.get(i).parameters().entrySet()) {
                all.put(i + "." + p.getKey(), p.getValue());
            }
        }
        return all;
    }

    /** The first module, which tokenizes. */
    public InputModule inputModule() {
        return input;
    }

    /** The modules, in order. */
    public List<Module> modules() {
        return modules;
    }

    public ModelSettings settings() {
        return settings;
    }

    /** Replaces the settings (prompts, similarity function, truncation). */
    public void setSettings(ModelSettings settings) {
        this.settings = settings;
    }

    /** The metadata the model card is written from, or null when none was set (the card's defaults apply). */
    public ModelCardData modelCardData() {
        return modelCardData;
    }

    /**
     * The model card ({@code README.md}) of the folder the model was loaded from, or null; as
     * sentence-transformers, a {@link ModelCardWriter} keeps it for a model saved without training.
     */
    public String loadedModelCard() {
        return loadedModelCard;
    }

    /**
     * Sets the metadata the model card is written from, as sentence-transformers'
     * {@code SentenceTransformer(..., model_card_data=...)}; set it right after creating or loading the model.
     * The trainer adds what training learns to it.
     */
    public void setModelCardData(ModelCardData data) {
        this.modelCardData = data;
    }

    @Override
    public SimilarityFunction similarityFunction() {
        return settings.similarityFunction();
    }

    /** The longest input in tokens. */
    public int maxSeqLength() {
        return input.maxSeqLength();
    }

    /** The model's SameDiff graph (built on first use); its parameter arrays are the modules' own. */
    public synchronized SameDiff graph() {
        return embeddingGraph().sameDiff();
    }

    private synchronized EmbeddingGraph embeddingGraph() {
        if (graph == null) {
            graph = EmbeddingGraph.build(modules);
        }
        return graph;
    }

    private synchronized EmbeddingGraph afterInputGraph() {
        if (afterInputGraph == null) {
            afterInputGraph = EmbeddingGraph.buildAfterInput(modules, input.embeddingDimension());
        }
        return afterInputGraph;
    }

    /**
     * Whether encoding runs the Transformer's lean executor: a Transformer first, the CPU backend (the executor
     * multiplies on the CPU), and {@value #ENCODE_PATH_PROPERTY} not {@code samediff}.
     */
    private boolean usesLeanExecutor() {
        String path = System.getProperty(ENCODE_PATH_PROPERTY, "lean");
        if (!path.equals("lean") && !path.equals("samediff")) {
            throw new IllegalStateException("system property " + ENCODE_PATH_PROPERTY + " is '" + path
                    + "'; expected lean or samediff");
        }
        return path.equals("lean") && input instanceof Transformer && Nd4j.getEnvironment().isCPU();
    }

    /** Whether every row of {@code batch} holds a real token (the lean executor's precondition). */
    private static boolean everyRowHasTokens(TokenBatch batch) {
        for (int row = 0; row < batch.size(); row++) {
            if (batch.tokenCount(row) == 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public float[][] encode(List<String> texts, EncodeOptions options) {
        if (isStaticPipeline()) {
            return finish(encodeStatic(texts, options), options);
        }
        float[][] out = new float[texts.size()][];
        run(texts, options, false, (rows, result, batch) -> {
            INDArray sentence = result.get(ModuleGraph.SENTENCE_EMBEDDING);
            for (int r = 0; r < rows.length; r++) {
                out[rows[r]] = sentence.getRow(r).toFloatVector();
            }
        });
        return finish(out, options);
    }

    /** Embeds queries: the model's {@code query} prompt applies when {@code options} names no prompt. */
    @Override
    public float[][] encodeQuery(List<String> texts, EncodeOptions options) {
        return encode(texts, withNamedPrompt(options, "query"));
    }

    /** Embeds documents: the model's {@code document} prompt applies when {@code options} names no prompt. */
    @Override
    public float[][] encodeDocument(List<String> texts, EncodeOptions options) {
        return encode(texts, withNamedPrompt(options, "document"));
    }

    private EncodeOptions withNamedPrompt(EncodeOptions options, String name) {
        boolean unset = options.prompt() == null && options.promptName() == null;
        return unset && settings.prompts().containsKey(name) ? options.toBuilder().promptName(name).build() : options;
    }

    /**
     * The token embeddings of each text ({@code output_value="token_embeddings"}): one
     * {@code [tokens, dim]} matrix per text, without padding.
     */
    public List<float[][]> encodeTokens(List<String> texts, EncodeOptions options) {
        float[][][] out = new float[texts.size()][][];
        run(texts, options, true, (rows, result, batch) -> {
            INDArray tokens = result.get(ModuleGraph.TOKEN_EMBEDDINGS);
            for (int r = 0; r < rows.length; r++) {
                int count = Math.max(1, batch.tokenCount(r));
                float[][] matrix = new float[count][];
                for (int t = 0; t < count; t++) {
                    matrix[t] = tokens.get(org.nd4j.linalg.indexing.NDArrayIndex.point(r),
                            org.nd4j.linalg.indexing.NDArrayIndex.point(t),
                            org.nd4j.linalg.indexing.NDArrayIndex.all()).toFloatVector();
                }
                out[rows[r]] = matrix;
            }
        });
        return List.of(out);
    }

    /** Whether the pipeline is a {@link StaticEmbedding} followed by nothing but {@link Normalize}. */
    private boolean isStaticPipeline() {
        return input instanceof StaticEmbedding && modules.stream().skip(1).allMatch(m -> m instanceof Normalize);
    }

    /** A static pipeline in Java, without the graph: the table means, then the normalizations. */
    private float[][] encodeStatic(List<String> texts, EncodeOptions options) {
        float[][] out = ((StaticEmbedding) input).embed(prepare(texts, resolvePrompt(options)));
        for (int m = 1; m < modules.size(); m++) {
            for (float[] row : out) {
                Normalize.normalizeInPlace(row);
            }
        }
        return out;
    }

    /** The texts with {@code prompt} (if not null) prepended; fails naming the index of a null text. */
    private static List<String> prepare(List<String> texts, String prompt) {
        List<String> prepared = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null) {
                throw new IllegalArgumentException("text at index " + i + " is null");
            }
            prepared.add(prompt == null ? text : prompt + text);
        }
        return prepared;
    }

    /** Receives one batch's results: the caller's row indices, the graph outputs, the tokens. */
    private interface BatchSink {
        void accept(int[] rows, Map<String, INDArray> result, TokenBatch batch);
    }

    private void run(List<String> texts, EncodeOptions options, boolean withTokens, BatchSink sink) {
        String prompt = resolvePrompt(options);
        List<String> prepared = prepare(texts, prompt);
        Map<String, INDArray> extra = new HashMap<>();
        EmbeddingGraph g = embeddingGraph();
        boolean lean = usesLeanExecutor();
        if (withTokens && !g.hasTokenEmbeddings()) {
            throw new UnsupportedOperationException("this model's modules produce no token embeddings (a "
                    + input.getClass().getSimpleName() + " pipeline embeds whole texts)");
        }
        if (prompt != null && g.hasPlaceholder(Pooling.PROMPT_LENGTH)) {
            // As sentence-transformers: the prompt's token count without the closing special token.
            int promptTokens = input.tokenize(List.of(prompt)).length() - 1;
            extra.put(Pooling.PROMPT_LENGTH, Nd4j.scalar((float) promptTokens));
        } else if (g.hasPlaceholder(Pooling.PROMPT_LENGTH)) {
            extra.put(Pooling.PROMPT_LENGTH, Nd4j.scalar(0f));
        }
        // Longest texts first, as sentence-transformers sorts them, so batches pad little.
        int[] order = IntStream.range(0, prepared.size()).boxed()
                .sorted(Comparator.comparingInt(i -> -prepared.get(i).length()))
                .mapToInt(Integer::intValue).toArray();
        ProgressBar progress = options.showProgressBar() ? new ProgressBar("Batches", order.length) : null;
        int batchSize = options.batchSize();
        TokenizeAhead<TokenBatch> batches = new TokenizeAhead<>((order.length + batchSize - 1) / batchSize, b -> {
            List<String> batchTexts = new ArrayList<>(batchSize);
            for (int i = b * batchSize; i < Math.min(order.length, (b + 1) * batchSize); i++) {
                batchTexts.add(prepared.get(order[i]));
            }
            return input.tokenize(batchTexts);
        });
        Transformer.InferenceStream stream = lean ? ((Transformer) input).inferenceStream((stage, nanos) -> { }) : null;
        try {
            // Batches in flight on the lean executor, oldest first: two per core, so that a core finishing a batch
            // finds the next one queued while the oldest one's later modules run here.
            Deque<PendingBatch> pending = new ArrayDeque<>();
            for (int start = 0; batches.hasNext(); start += batchSize) {
                int[] rows = java.util.Arrays.copyOfRange(order, start, Math.min(order.length, start + batchSize));
                TokenBatch batch = batches.next();
                if (lean && everyRowHasTokens(batch)) {
                    pending.add(new PendingBatch(rows, batch, stream.submit(batch, !batches.hasNext())));
                } else {
                    deliverAll(pending, extra, withTokens, sink, progress);
                    sink.accept(rows, runGraph(g, batch, extra, withTokens), batch);
                    advance(progress, rows.length);
                }
                if (pending.size() > 2 * Runtime.getRuntime().availableProcessors()) {
                    deliver(pending.poll(), extra, withTokens, sink, progress);
                }
            }
            deliverAll(pending, extra, withTokens, sink, progress);
        } finally {
            if (stream != null) {
                stream.close();
            }
        }
        if (progress != null) {
            progress.finish();
        }
    }

    /** A batch submitted to the lean executor: the caller's row indices, the tokens, the token embeddings to come. */
    private record PendingBatch(int[] rows, TokenBatch batch, Supplier<PackedTokens> tokenEmbeddings) {
    }

    private void deliverAll(Deque<PendingBatch> pending, Map<String, INDArray> extra, boolean withTokens,
                            BatchSink sink, ProgressBar progress) {
        while (!pending.isEmpty()) {
            deliver(pending.poll(), extra, withTokens, sink, progress);
        }
    }

    /**
     * Runs the later modules on a pending batch's token embeddings and hands the result to the sink: in Java when
     * they are a {@link Pooling} and {@link Normalize}s only, else as their graph.
     */
    private void deliver(PendingBatch pending, Map<String, INDArray> extra, boolean withTokens, BatchSink sink,
                         ProgressBar progress) {
        PackedTokens tokens = pending.tokenEmbeddings().get();
        Pooling pooling = withTokens ? null : poolingThenNormalizeOnly();
        Map<String, INDArray> result = pooling != null && tokens.rightPadded()
                ? Map.of(ModuleGraph.SENTENCE_EMBEDDING, Nd4j.create(poolAndNormalize(pooling, tokens, extra)))
                : afterInput(tokens.padded(), pending.batch(), extra, withTokens);
        sink.accept(pending.rows(), result, pending.batch());
        advance(progress, pending.rows().length);
    }

    /** The Pooling when the modules after the input are a Pooling and then only Normalizes, else null. */
    private Pooling poolingThenNormalizeOnly() {
        boolean onlyNormalizeAfter = modules.stream().skip(2).allMatch(Normalize.class::isInstance);
        return modules.size() >= 2 && modules.get(1) instanceof Pooling pooling && onlyNormalizeAfter ? pooling : null;
    }

    /** The pooled rows of packed token embeddings, normalized once per Normalize module: the graph's work in Java. */
    private float[][] poolAndNormalize(Pooling pooling, PackedTokens tokens, Map<String, INDArray> extra) {
        INDArray promptLength = extra.get(Pooling.PROMPT_LENGTH);
        float[][] rows = pooling.pool(tokens.floats(), tokens.lengths(),
                promptLength == null ? 0 : promptLength.getInt(0));
        for (int m = 2; m < modules.size(); m++) {
            for (float[] row : rows) {
                Normalize.normalizeInPlace(row);
            }
        }
        return rows;
    }

    private static void advance(ProgressBar progress, int rows) {
        if (progress != null) {
            progress.advance(rows);
        }
    }

    private Map<String, INDArray> runGraph(EmbeddingGraph g, TokenBatch batch, Map<String, INDArray> extra,
                                           boolean withTokens) {
        Map<String, INDArray> inputs = new HashMap<>(input.graphInputs(batch));
        inputs.putAll(extra);
        synchronized (this) {
            return g.run(inputs, withTokens);
        }
    }

    /** The graph of the modules after the Transformer on token embeddings from its lean executor. */
    private Map<String, INDArray> afterInput(INDArray tokens, TokenBatch batch, Map<String, INDArray> extra,
                                             boolean withTokens) {
        Map<String, INDArray> inputs = new HashMap<>(extra);
        inputs.put(ModuleGraph.TOKEN_EMBEDDINGS, tokens);
        inputs.put(ModuleGraph.ATTENTION_MASK, Nd4j.createFromArray(batch.attentionMask()).castTo(DataType.FLOAT)
                .reshape(batch.size(), batch.length()));
        Map<String, INDArray> result;
        EmbeddingGraph after = afterInputGraph();
        synchronized (this) {
            result = new HashMap<>(after.run(inputs, false));
        }
        if (withTokens) {
            result.put(ModuleGraph.TOKEN_EMBEDDINGS, tokens);
        }
        return result;
    }

    private String resolvePrompt(EncodeOptions options) {
        if (options.prompt() != null) {
            return options.prompt();
        }
        String name = options.promptName() != null ? options.promptName() : settings.defaultPromptName();
        if (name == null) {
            return null;
        }
        String prompt = settings.prompts().get(name);
        if (prompt == null) {
            throw new IllegalArgumentException("prompt name '" + name + "' is not among the model's prompts "
                    + settings.prompts().keySet());
        }
        return prompt;
    }

    /** Truncation, normalization and quantization, in sentence-transformers' order. */
    private float[][] finish(float[][] embeddings, EncodeOptions options) {
        Integer dim = options.truncateDim() != null ? options.truncateDim() : settings.truncateDim();
        float[][] out = embeddings;
        if (dim != null) {
            out = new float[embeddings.length][];
            for (int i = 0; i < embeddings.length; i++) {
                out[i] = java.util.Arrays.copyOf(embeddings[i], Math.min(dim, embeddings[i].length));
            }
        }
        if (options.normalizeEmbeddings()) {
            for (float[] row : out) {
                Normalize.normalizeInPlace(row);
            }
        }
        if (options.precision() != Precision.FLOAT32) {
            // Quantized over all rows at once, as sentence-transformers does (int8 ranges span the whole set).
            return Quantization.quantizeEmbeddings(out, options.precision()).toFloats();
        }
        return out;
    }

    /** The similarity matrix of two sets of embeddings under the model's similarity function. */
    public float[][] similarity(float[][] a, float[][] b) {
        return settings.similarityFunction().matrix(a, b);
    }

    /** The similarity of each row of {@code a} with the same row of {@code b}. */
    public float[] similarityPairwise(float[][] a, float[][] b) {
        return settings.similarityFunction().pairwise(a, b);
    }

    /**
     * Saves the model in the sentence-transformers folder format, with its model card ({@code README.md})
     * when a {@link ModelCardWriter} is on the class path. The folder is written whole into a temporary
     * sibling and then moved into place, so a failure never leaves a half-written model.
     */
    public void save(Path dir) throws IOException {
        AtomicFolder.write(dir, this::writeTo);
    }

    /**
     * Writes the model's files into {@code dir}, an existing empty folder, without the atomic replace of
     * {@link #save}; for callers that assemble a larger folder atomically themselves (checkpoints).
     */
    public void writeTo(Path dir) throws IOException {
        ModelFolder.writeModules(dir, modules);
        settings.write(dir);
        writeModelCard(dir);
    }

    /**
     * The model card, by the first {@link ModelCardWriter} found. As sentence-transformers, a card that
     * cannot be generated is logged and the model is saved without one.
     */
    private void writeModelCard(Path dir) {
        Optional<ModelCardWriter> writer = ServiceLoader.load(ModelCardWriter.class).findFirst();
        if (writer.isEmpty()) {
            return;
        }
        try {
            writer.get().write(this, dir);
        } catch (IOException | RuntimeException e) {
            LOG.error("Could not write the model card into {}; the model is saved without it", dir, e);
        }
    }
}
