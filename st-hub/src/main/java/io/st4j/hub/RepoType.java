package io.st4j.hub;

import java.util.Locale;

/** The kind of a Hub repository; decides its URLs and its folder name in the cache. */
public enum RepoType {
    MODEL("model", "models", ""),
    DATASET("dataset", "datasets", "datasets/"),
    SPACE("space", "spaces", "spaces/");

    private final String value;
    private final String plural;
    private final String urlPrefix;

    RepoType(String value, String plural, String urlPrefix) {
        this.value = value;
        this.plural = plural;
        this.urlPrefix = urlPrefix;
    }

    /** The name the Hub API uses ({@code model}, {@code dataset}, {@code space}). */
    public String value() {
        return value;
    }

    /** The plural used in API paths ({@code /api/models/...}) and cache folders ({@code models--org--name}). */
    public String plural() {
        return plural;
    }

    /** The prefix of the repository in file URLs: empty for models, {@code datasets/} for datasets. */
    public String urlPrefix() {
        return urlPrefix;
    }

    /** Parses {@code model}, {@code dataset} or {@code space} (case-insensitive). */
    public static RepoType parse(String value) {
        for (RepoType type : values()) {
            if (type.value.equals(value.toLowerCase(Locale.ROOT))) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown repository type '" + value + "': expected model, dataset or space");
    }
}
