package io.st4j.core.modules;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.io.Checkpoints;
import io.st4j.core.io.Json;
import io.st4j.core.io.ModelFormatException;
import io.st4j.core.io.SafeTensors;
import java.io.IOException;
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
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A Hugging Face encoder (BERT family) as a SameDiff graph, with its tokenizer: sentence-transformers'
 * {@code Transformer} module. The embedding lookup (word + token type + position) runs outside the
 * graph, so the graph's input is their sum and training can scatter its gradient back into the tables.
 */
public final class Transformer implements InputModule {

    public static final String TYPE = "sentence_transformers.models.Transformer";
    /** Placeholder holding word + token type + position embeddings, {@code [batch * tokens, hidden]}. */
    public static final String EMBEDDING_SUM = "embedding_sum";

    static final String WORD_EMBEDDINGS = "embeddings.word_embeddings.weight";
    static final String POSITION_EMBEDDINGS = "embeddings.position_embeddings.weight";
    static final String TOKEN_TYPE_EMBEDDINGS = "embeddings.token_type_embeddings.weight";
    private static final List<String> CONFIG_FILE_NAMES = List.of("sentence_bert_config.json",
            "sentence_roberta_config.json", "sentence_distilbert_config.json", "sentence_camembert_config.json",
            "sentence_albert_config.json", "sentence_xlm-roberta_config.json", "sentence_xlnet_config.json");
    private static final List<String> TOKENIZER_FILES = List.of(TextTokenizer.FILE, "tokenizer_config.json",
            "special_tokens_map.json", "vocab.txt");

    private final BertConfig config;
    private final JsonNode configJson;
    private final Map<String, INDArray> weights;
    private final TextTokenizer tokenizer;
    private final Map<String, byte[]> tokenizerFiles;
    private final int maxSeqLength;
    private final boolean doLowerCase;

    private Transformer(BertConfig config, JsonNode configJson, Map<String, INDArray> weights, TextTokenizer tokenizer,
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
        BertConfig config = BertConfig.fromJson(configJson, configFile);
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
     * smaller of the tokenizer's {@code model_max_length} and {@code max_position_embeddings}.
     */
    private static int resolveMaxSeqLength(Path dir, JsonNode stConfig, BertConfig config) throws IOException {
        JsonNode configured = stConfig.get("max_seq_length");
        if (configured != null && configured.canConvertToInt()) {
            return configured.asInt();
        }
        int limit = config.maxPositions();
        Path tokenizerConfig = dir.resolve("tokenizer_config.json");
        if (Files.isRegularFile(tokenizerConfig)) {
            JsonNode modelMax = Json.read(tokenizerConfig).get("model_max_length");
            if (modelMax != null && modelMax.isNumber() && modelMax.asDouble() < limit) {
                limit = modelMax.asInt();
            }
        }
        return limit;
    }

    /** Strips a {@code bert.} prefix, drops buffers, and checks every tensor's shape against the config. */
    private static Map<String, INDArray> checkedWeights(Map<String, INDArray> raw, BertConfig c, Path dir) {
        Map<String, INDArray> weights = new TreeMap<>();
        raw.forEach((name, array) -> {
            String key = name.startsWith("bert.") ? name.substring("bert.".length()) : name;
            if (!key.endsWith("position_ids") && !key.startsWith("cls.")) {
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

    private static Map<String, long[]> expectedShapes(BertConfig c) {
        long h = c.hiddenSize();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put(WORD_EMBEDDINGS, new long[] {c.vocabSize(), h});
        shapes.put(POSITION_EMBEDDINGS, new long[] {c.maxPositions(), h});
        shapes.put(TOKEN_TYPE_EMBEDDINGS, new long[] {c.typeVocabSize(), h});
        shapes.put("embeddings.LayerNorm.weight", new long[] {h});
        shapes.put("embeddings.LayerNorm.bias", new long[] {h});
        for (int i = 0; i < c.numLayers(); i++) {
            String p = "encoder.layer." + i + ".";
            for (String proj : List.of("attention.self.query", "attention.self.key", "attention.self.value",
                    "attention.output.dense")) {
                shapes.put(p + proj + ".weight", new long[] {h, h});
                shapes.put(p + proj + ".bias", new long[] {h});
            }
            shapes.put(p + "intermediate.dense.weight", new long[] {c.intermediateSize(), h});
            shapes.put(p + "intermediate.dense.bias", new long[] {c.intermediateSize()});
            shapes.put(p + "output.dense.weight", new long[] {h, c.intermediateSize()});
            shapes.put(p + "output.dense.bias", new long[] {h});
            for (String norm : List.of("attention.output.LayerNorm", "output.LayerNorm")) {
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
    public BertConfig config() {
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
        int n = batch.size() * batch.length();
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) {
            positions[i] = i % batch.length();
        }
        // The order of the sums follows BertEmbeddings: (word + token type) + position.
        INDArray sum = Nd4j.pullRows(weights.get(WORD_EMBEDDINGS), 1, batch.inputIds())
                .addi(Nd4j.pullRows(weights.get(TOKEN_TYPE_EMBEDDINGS), 1, batch.tokenTypeIds()))
                .addi(Nd4j.pullRows(weights.get(POSITION_EMBEDDINGS), 1, positions));
        INDArray mask = Nd4j.createFromArray(batch.attentionMask()).castTo(DataType.FLOAT)
                .reshape(batch.size(), batch.length());
        return Map.of(EMBEDDING_SUM, sum, ModuleGraph.ATTENTION_MASK, mask);
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

    /** Scatters the gradient of the summed embeddings back into the word, token type and position tables. */
    @Override
    public Map<String, INDArray> parameterGradients(TokenBatch batch, Map<String, INDArray> inputGradients) {
        INDArray gradient = inputGradients.get(EMBEDDING_SUM);
        int hidden = config.hiddenSize();
        float[] g = gradient.dup('c').data().asFloat();
        float[] word = new float[config.vocabSize() * hidden];
        float[] type = new float[config.typeVocabSize() * hidden];
        float[] position = new float[config.maxPositions() * hidden];
        for (int row = 0; row < batch.size() * batch.length(); row++) {
            int w = batch.inputIds()[row] * hidden;
            int t = batch.tokenTypeIds()[row] * hidden;
            int p = (row % batch.length()) * hidden;
            int src = row * hidden;
            for (int d = 0; d < hidden; d++) {
                float v = g[src + d];
                word[w + d] += v;
                type[t + d] += v;
                position[p + d] += v;
            }
        }
        return Map.of(
                WORD_EMBEDDINGS, Nd4j.create(word, new long[] {config.vocabSize(), hidden}, 'c'),
                TOKEN_TYPE_EMBEDDINGS, Nd4j.create(type, new long[] {config.typeVocabSize(), hidden}, 'c'),
                POSITION_EMBEDDINGS, Nd4j.create(position, new long[] {config.maxPositions(), hidden}, 'c'));
    }

    @Override
    public void forward(ModuleGraph graph) {
        SDVariable sum = graph.differentiableInput(EMBEDDING_SUM, -1, config.hiddenSize());
        SDVariable mask = graph.placeholder(ModuleGraph.ATTENTION_MASK, -1, -1);
        graph.setFeature(ModuleGraph.ATTENTION_MASK, mask);
        graph.setFeature(ModuleGraph.TOKEN_EMBEDDINGS, new BertGraph(graph, config, weights).build(sum, mask));
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
