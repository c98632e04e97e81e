package io.st4j.core.modules;

import java.util.Locale;

/** Pooling strategies of sentence-transformers, in the order their outputs are concatenated. */
public enum PoolingMode {
    CLS("cls", "pooling_mode_cls_token"),
    MAX("max", "pooling_mode_max_tokens"),
    MEAN("mean", "pooling_mode_mean_tokens"),
    MEAN_SQRT_LEN_TOKENS("mean_sqrt_len_tokens", "pooling_mode_mean_sqrt_len_tokens"),
    WEIGHTEDMEAN("weightedmean", "pooling_mode_weightedmean_tokens"),
    LASTTOKEN("lasttoken", "pooling_mode_lasttoken");

    private final String pythonName;
    private final String legacyFlag;

    PoolingMode(String pythonName, String legacyFlag) {
        this.pythonName = pythonName;
        this.legacyFlag = legacyFlag;
    }

    /** The mode name of {@code pooling_mode} ({@code cls}, {@code mean}, ...). */
    public String pythonName() {
        return pythonName;
    }

    /** The boolean key of the legacy {@code config.json}, e.g. {@code pooling_mode_mean_tokens}. */
    public String legacyFlag() {
        return legacyFlag;
    }

    /** Parses a mode name; fails listing the valid ones. */
    public static PoolingMode fromName(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        for (PoolingMode mode : values()) {
            if (mode.pythonName.equals(key)) {
                return mode;
            }
        }
        if (key.equals("mean_sqrt_len") || key.equals("mean_tokens")) {
            return key.equals("mean_tokens") ? MEAN : MEAN_SQRT_LEN_TOKENS;
        }
        throw new IllegalArgumentException("unknown pooling mode '" + name
                + "'; expected one of cls, max, mean, mean_sqrt_len_tokens, weightedmean, lasttoken");
    }
}
