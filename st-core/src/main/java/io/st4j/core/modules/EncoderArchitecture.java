package io.st4j.core.modules;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What distinguishes the Hugging Face encoders st4j runs: config key names, checkpoint names and prefix,
 * position ids, token types and the attention details. All are post-LN transformers with exact erf GELU,
 * so one graph ({@link EncoderGraph}) serves them all.
 */
public enum EncoderArchitecture {

    BERT("bert", "bert.", Set.of("embeddings", "encoder", "pooler"), ConfigKeys.BERT, LayerLayout.BERT,
            PositionScheme.ABSOLUTE, TokenTypes.FROM_TOKENIZER, false, false),
    ROBERTA("roberta", "roberta.", Set.of("embeddings", "encoder", "pooler"), ConfigKeys.BERT, LayerLayout.BERT,
            PositionScheme.AFTER_PADDING_ID, TokenTypes.ALWAYS_ZERO, false, false),
    /** The RoBERTa graph with another vocabulary; its task checkpoints also use the {@code roberta.} prefix. */
    XLM_ROBERTA("xlm-roberta", "roberta.", Set.of("embeddings", "encoder", "pooler"), ConfigKeys.BERT,
            LayerLayout.BERT, PositionScheme.AFTER_PADDING_ID, TokenTypes.ALWAYS_ZERO, false, false),
    /** No token types, every layer norm eps fixed to 1e-12, queries scaled before {@code Q·Kᵀ}. */
    DISTILBERT("distilbert", "distilbert.", Set.of("embeddings", "transformer"), ConfigKeys.DISTILBERT,
            LayerLayout.DISTILBERT, PositionScheme.ABSOLUTE, TokenTypes.NONE, true, false),
    /** RoBERTa's position ids with padding id 1, no token types, a relative position bias shared by all layers. */
    MPNET("mpnet", "mpnet.", Set.of("embeddings", "encoder", "pooler"), ConfigKeys.BERT, LayerLayout.MPNET,
            PositionScheme.AFTER_PADDING_ID, TokenTypes.NONE, false, true);

    /** How the position ids of a row are formed. */
    enum PositionScheme {
        /** {@code 0 .. length-1}, whatever the padding. */
        ABSOLUTE,
        /** {@code cumsum(id != pad) * (id != pad) + pad}: real tokens count from {@code pad + 1}, pads get {@code pad}. */
        AFTER_PADDING_ID
    }

    /** Where token type ids come from. */
    enum TokenTypes {
        /** The tokenizer's type ids select a row of the token type table. */
        FROM_TOKENIZER,
        /** The model adds row 0 of its token type table to every token (a buffered all-zero input). */
        ALWAYS_ZERO,
        /** The model has no token type table. */
        NONE
    }

    /** The {@code config.json} keys of the dimensions, activation and dropout probabilities. */
    record ConfigKeys(String hidden, String layers, String heads, String intermediate, String activation,
                      String hiddenDropout, String attentionDropout) {
        static final ConfigKeys BERT = new ConfigKeys("hidden_size", "num_hidden_layers", "num_attention_heads",
                "intermediate_size", "hidden_act", "hidden_dropout_prob", "attention_probs_dropout_prob");
        static final ConfigKeys DISTILBERT = new ConfigKeys("dim", "n_layers", "n_heads", "hidden_dim", "activation",
                "dropout", "attention_dropout");
    }

    /**
     * The checkpoint names of one layer's tensors (below {@code layers + i + "."}), and whether dropout
     * follows the attention output projection.
     */
    record LayerLayout(String layers, String query, String key, String value, String attentionOutput,
                       String attentionNorm, String intermediate, String output, String outputNorm,
                       boolean attentionOutputDropout) {
        static final LayerLayout BERT = new LayerLayout("encoder.layer.", "attention.self.query",
                "attention.self.key", "attention.self.value", "attention.output.dense", "attention.output.LayerNorm",
                "intermediate.dense", "output.dense", "output.LayerNorm", true);
        static final LayerLayout DISTILBERT = new LayerLayout("transformer.layer.", "attention.q_lin",
                "attention.k_lin", "attention.v_lin", "attention.out_lin", "sa_layer_norm", "ffn.lin1", "ffn.lin2",
                "output_layer_norm", false);
        static final LayerLayout MPNET = new LayerLayout("encoder.layer.", "attention.attn.q", "attention.attn.k",
                "attention.attn.v", "attention.attn.o", "attention.LayerNorm", "intermediate.dense", "output.dense",
                "output.LayerNorm", true);

        /** The four attention projections, in order query, key, value, output. */
        List<String> attentionProjections() {
            return List.of(query, key, value, attentionOutput);
        }
    }

    static final String WORD_EMBEDDINGS = "embeddings.word_embeddings.weight";
    static final String POSITION_EMBEDDINGS = "embeddings.position_embeddings.weight";
    static final String TOKEN_TYPE_EMBEDDINGS = "embeddings.token_type_embeddings.weight";
    static final String EMBEDDING_NORM = "embeddings.LayerNorm";
    /** MPNet's relative attention bias, {@code [buckets, heads]}. */
    static final String RELATIVE_ATTENTION_BIAS = "encoder.relative_attention_bias.weight";

    private final String modelType;
    private final String checkpointPrefix;
    private final Set<String> components;
    private final ConfigKeys configKeys;
    private final LayerLayout layout;
    private final PositionScheme positionScheme;
    private final TokenTypes tokenTypes;
    private final boolean scaleQueries;
    private final boolean relativeAttentionBias;

    EncoderArchitecture(String modelType, String checkpointPrefix, Set<String> components, ConfigKeys configKeys,
                        LayerLayout layout, PositionScheme positionScheme, TokenTypes tokenTypes, boolean scaleQueries,
                        boolean relativeAttentionBias) {
        this.modelType = modelType;
        this.checkpointPrefix = checkpointPrefix;
        this.components = components;
        this.configKeys = configKeys;
        this.layout = layout;
        this.positionScheme = positionScheme;
        this.tokenTypes = tokenTypes;
        this.scaleQueries = scaleQueries;
        this.relativeAttentionBias = relativeAttentionBias;
    }

    /** The {@code model_type} of {@code config.json}. */
    public String modelType() {
        return modelType;
    }

    /** Every supported {@code model_type}. */
    public static List<String> modelTypes() {
        return Arrays.stream(values()).map(EncoderArchitecture::modelType).toList();
    }

    /** The architecture of {@code modelType}, or null when unsupported. */
    static EncoderArchitecture ofModelType(String modelType) {
        for (EncoderArchitecture a : values()) {
            if (a.modelType.equals(modelType)) {
                return a;
            }
        }
        return null;
    }

    /**
     * The checkpoint name of a base-model tensor: the task-model prefix (e.g. {@code roberta.}) stripped,
     * or null for a tensor outside the base model (task heads such as {@code cls.} or {@code lm_head.},
     * and the {@code position_ids} buffer).
     */
    String baseModelName(String name) {
        String key = name.startsWith(checkpointPrefix) ? name.substring(checkpointPrefix.length()) : name;
        int dot = key.indexOf('.');
        if (dot < 0 || !components.contains(key.substring(0, dot)) || key.endsWith("position_ids")) {
            return null;
        }
        return key;
    }

    ConfigKeys configKeys() {
        return configKeys;
    }

    LayerLayout layout() {
        return layout;
    }

    PositionScheme positionScheme() {
        return positionScheme;
    }

    TokenTypes tokenTypes() {
        return tokenTypes;
    }

    /** Whether queries are divided by √headSize before {@code Q·Kᵀ} (DistilBERT) rather than the scores after. */
    boolean scalesQueries() {
        return scaleQueries;
    }

    /** Whether attention adds MPNet's bucketed relative position bias. */
    boolean hasRelativeAttentionBias() {
        return relativeAttentionBias;
    }
}
