package io.st4j.core.modules;

import com.fasterxml.jackson.databind.JsonNode;
import io.st4j.core.io.Json;
import io.st4j.core.io.ModelFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
