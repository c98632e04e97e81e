package io.st4j.core.modules;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.io.Json;
import io.st4j.core.io.ModelFormatException;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Pools token embeddings into one sentence embedding: sentence-transformers' {@code Pooling}. Several
 * modes concatenate in the order of {@link PoolingMode}. With {@code includePrompt} off, the tokens of
 * the prompt (placeholder {@value #PROMPT_LENGTH}) are left out of the pool.
 */
public final class Pooling implements Module {

    public static final String TYPE = "sentence_transformers.models.Pooling";
    /** Placeholder: the number of leading prompt tokens (including the first special token). */
    public static final String PROMPT_LENGTH = "prompt_length";

    private static final double MIN_COUNT = 1e-9;
    private static final double MAX_POOL_FILL = -1e9;

    private final int dimension;
    private final Set<PoolingMode> modes;
    private final boolean includePrompt;

    /** Pooling of {@code dimension}-wide token embeddings with the given modes (at least one). */
    public Pooling(int dimension, Collection<PoolingMode> modes, boolean includePrompt) {
        if (modes.isEmpty()) {
            throw new IllegalArgumentException("Pooling needs at least one mode");
        }
        this.dimension = dimension;
        this.modes = EnumSet.copyOf(modes);
        this.includePrompt = includePrompt;
    }

    /** Pooling with one mode, prompt included. */
    public Pooling(int dimension, PoolingMode mode) {
        this(dimension, List.of(mode), true);
    }

    /** Reads {@code config.json} in the legacy (boolean flags) or current ({@code pooling_mode}) form. */
    public static Pooling load(Path dir) throws IOException {
        Path file = dir.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(dir, "Pooling folder lacks config.json");
        }
        JsonNode json = Json.read(file);
        JsonNode dim = json.has("embedding_dimension") ? json.get("embedding_dimension")
                : json.get("word_embedding_dimension");
        if (dim == null || !dim.canConvertToInt()) {
            throw new ModelFormatException(file, "lacks word_embedding_dimension / embedding_dimension");
        }
        EnumSet<PoolingMode> modes = EnumSet.noneOf(PoolingMode.class);
        JsonNode modeNode = json.get("pooling_mode");
        try {
            if (modeNode != null && modeNode.isTextual()) {
                modes.add(PoolingMode.fromName(modeNode.asText()));
            } else if (modeNode != null && modeNode.isArray()) {
                modeNode.forEach(m -> modes.add(PoolingMode.fromName(m.asText())));
            } else {
                for (PoolingMode mode : PoolingMode.values()) {
                    if (json.path(mode.legacyFlag()).asBoolean(false)) {
                        modes.add(mode);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, e.getMessage(), e);
        }
        if (modes.isEmpty()) {
            modes.add(PoolingMode.MEAN);
        }
        return new Pooling(dim.asInt(), modes, json.path("include_prompt").asBoolean(true));
    }

    @Override
    public String typeName() {
        return TYPE;
    }

    /** The modes, in concatenation order. */
    public Set<PoolingMode> modes() {
        return EnumSet.copyOf(modes);
    }

    /** Width of the pooled embedding: the token width times the number of modes. */
    public int sentenceEmbeddingDimension() {
        return dimension * modes.size();
    }

    @Override
    public void forward(ModuleGraph graph) {
        SameDiff sd = graph.sd();
        SDVariable tokens = graph.feature(ModuleGraph.TOKEN_EMBEDDINGS);
        SDVariable mask = graph.feature(ModuleGraph.ATTENTION_MASK);
        // 0-based positions [batch, tokens].
        SDVariable positions = sd.cumsum(sd.onesLike(mask), false, false, 1).sub(1.0);
        if (!includePrompt) {
            SDVariable promptLength = graph.placeholder(PROMPT_LENGTH);
            mask = mask.mul(sd.castTo(sd.gte(positions, promptLength), mask.dataType()));
        }
        SDVariable mask3 = sd.expandDims(mask, 2);
        List<SDVariable> pooled = new ArrayList<>();
        for (PoolingMode mode : modes) {
            switch (mode) {
                case CLS -> pooled.add(tokens.get(SDIndex.all(), SDIndex.point(0), SDIndex.all()));
                case MAX -> pooled.add(tokens.mul(mask3).add(mask3.rsub(1.0).mul(MAX_POOL_FILL)).max(1));
                case MEAN -> pooled.add(tokens.mul(mask3).sum(1).div(sd.math.max(mask3.sum(1),
                        sd.constant(MIN_COUNT).castTo(mask.dataType()))));
                case MEAN_SQRT_LEN_TOKENS -> pooled.add(tokens.mul(mask3).sum(1).div(sd.math.sqrt(
                        sd.math.max(mask3.sum(1), sd.constant(MIN_COUNT).castTo(mask.dataType())))));
                case WEIGHTEDMEAN -> {
                    SDVariable weights = mask3.mul(sd.expandDims(positions.add(1.0), 2));
                    pooled.add(tokens.mul(weights).sum(1).div(sd.math.max(weights.sum(1),
                            sd.constant(MIN_COUNT).castTo(mask.dataType()))));
                }
                case LASTTOKEN -> {
                    SDVariable last = positions.mul(mask).max(true, 1);
                    SDVariable pick = sd.castTo(sd.eq(positions, last), mask.dataType());
                    pooled.add(tokens.mul(sd.expandDims(pick, 2)).sum(1));
                }
                default -> throw new AssertionError(mode);
            }
        }
        SDVariable sentence = pooled.size() == 1 ? pooled.get(0) : sd.concat(1, pooled.toArray(new SDVariable[0]));
        graph.setFeature(ModuleGraph.SENTENCE_EMBEDDING, sentence);
    }

    /**
     * The sentence embeddings of packed token embeddings, in Java: what {@link #forward}'s graph computes from the
     * padded batch, for inference without the graph.
     *
     * @param tokens       the real tokens' embeddings, sequence after sequence, {@code [tokens, dimension]}
     * @param lengths      the tokens of each sequence (each at least 1)
     * @param promptLength the leading tokens of each sequence left out when the prompt is not included
     * @return one row per sequence, {@link #sentenceEmbeddingDimension()} wide
     */
    public float[][] pool(FloatBuffer tokens, int[] lengths, int promptLength) {
        float[][] out = new float[lengths.length][sentenceEmbeddingDimension()];
        float[] token = new float[dimension];
        int first = 0;
        for (int s = 0; s < lengths.length; s++) {
            int from = includePrompt ? 0 : Math.min(promptLength, lengths[s]); // the first pooled position
            int at = 0;
            for (PoolingMode mode : modes) {
                poolOne(mode, tokens, first, lengths[s], from, out[s], at, token);
                at += dimension;
            }
            first += lengths[s];
        }
        return out;
    }

    /** One mode over one sequence's rows {@code [first, first + length)}, into {@code out[at, at + dimension)}. */
    private void poolOne(PoolingMode mode, FloatBuffer tokens, int first, int length, int from, float[] out, int at,
                         float[] token) {
        switch (mode) {
            case CLS -> tokens.get(first * dimension, out, at, dimension);
            case LASTTOKEN -> // the last pooled position; position 0 when none is (as the graph's masked maximum)
                    tokens.get((first + (from < length ? length - 1 : 0)) * dimension, out, at, dimension);
            case MAX -> {
                Arrays.fill(out, at, at + dimension, from < length ? Float.NEGATIVE_INFINITY : (float) MAX_POOL_FILL);
                for (int p = from; p < length; p++) {
                    tokens.get((first + p) * dimension, token, 0, dimension);
                    for (int d = 0; d < dimension; d++) {
                        out[at + d] = Math.max(out[at + d], token[d]);
                    }
                }
            }
            case MEAN, MEAN_SQRT_LEN_TOKENS, WEIGHTEDMEAN -> {
                float total = 0;
                for (int p = from; p < length; p++) {
                    float weight = mode == PoolingMode.WEIGHTEDMEAN ? p + 1 : 1;
                    total += weight;
                    tokens.get((first + p) * dimension, token, 0, dimension);
                    for (int d = 0; d < dimension; d++) {
                        out[at + d] += token[d] * weight;
                    }
                }
                float divisor = Math.max(total, (float) MIN_COUNT);
                if (mode == PoolingMode.MEAN_SQRT_LEN_TOKENS) {
                    divisor = (float) Math.sqrt(divisor);
                }
                for (int d = 0; d < dimension; d++) {
                    out[at + d] /= divisor;
                }
            }
            default -> throw new AssertionError(mode);
        }
    }

    /** Writes the legacy form with every flag, which sentence-transformers 2.2 to 6.x all read. */
    @Override
    public void save(Path dir) throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("word_embedding_dimension", dimension);
        config.put(PoolingMode.CLS.legacyFlag(), modes.contains(PoolingMode.CLS));
        config.put(PoolingMode.MEAN.legacyFlag(), modes.contains(PoolingMode.MEAN));
        config.put(PoolingMode.MAX.legacyFlag(), modes.contains(PoolingMode.MAX));
        config.put(PoolingMode.MEAN_SQRT_LEN_TOKENS.legacyFlag(), modes.contains(PoolingMode.MEAN_SQRT_LEN_TOKENS));
        config.put(PoolingMode.WEIGHTEDMEAN.legacyFlag(), modes.contains(PoolingMode.WEIGHTEDMEAN));
        config.put(PoolingMode.LASTTOKEN.legacyFlag(), modes.contains(PoolingMode.LASTTOKEN));
        config.put("include_prompt", includePrompt);
        Json.write(dir.resolve("config.json"), config, 4);
    }

    /** Whether prompt tokens take part in the pool. */
    public boolean includePrompt() {
        return includePrompt;
    }
}
