package io.st4j.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where and how the Hub is reached: endpoint, token, cache folder, offline mode, timeouts and retries.
 * {@link #fromEnvironment()} reads the same variables as huggingface_hub ({@code HF_ENDPOINT},
 * {@code HF_TOKEN}, {@code HF_HOME}, {@code HF_HUB_CACHE}, {@code HF_HUB_OFFLINE}, ...), so st4j and
 * Python share one cache. {@link #toString()} never shows the token.
 */
public final class HubConfig {

    /** The public Hub. */
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

    private static final Set<String> TRUE_VALUES = Set.of("1", "ON", "YES", "TRUE");

    private final URI endpoint;
    private final String token;
    private final Path cacheDir;
    private final boolean offline;
    private final Duration etagTimeout;
    private final Duration downloadTimeout;
    private final RetryPolicy retryPolicy;

    private HubConfig(Builder b) {
        this.endpoint = URI.create(stripTrailingSlash(Objects.requireNonNull(b.endpoint, "endpoint")));
        if (endpoint.getScheme() == null || endpoint.getHost() == null) {
            throw new IllegalArgumentException("Hub endpoint must be an absolute http(s) URL, got '" + b.endpoint + "'");
        }
        this.token = b.token == null || b.token.isBlank() ? null : b.token.strip();
        this.cacheDir = Objects.requireNonNull(b.cacheDir, "cacheDir").toAbsolutePath().normalize();
        this.offline = b.offline;
        this.etagTimeout = Objects.requireNonNull(b.etagTimeout, "etagTimeout");
        this.downloadTimeout = Objects.requireNonNull(b.downloadTimeout, "downloadTimeout");
        this.retryPolicy = Objects.requireNonNull(b.retryPolicy, "retryPolicy");
    }

    /** The configuration huggingface_hub would use in this process's environment. */
    public static HubConfig fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * The configuration huggingface_hub would use given these environment variables and home folder:
     * endpoint {@code HF_ENDPOINT}; home {@code HF_HOME}, else {@code $XDG_CACHE_HOME/huggingface}, else
     * {@code ~/.cache/huggingface}; cache {@code HF_HUB_CACHE}, else {@code HUGGINGFACE_HUB_CACHE}, else
     * {@code $HF_HOME/hub}; token {@code HF_TOKEN}, else {@code HUGGING_FACE_HUB_TOKEN}, else the file
     * {@code HF_TOKEN_PATH} or {@code $HF_HOME/token}; offline {@code HF_HUB_OFFLINE} or
     * {@code TRANSFORMERS_OFFLINE}; timeouts {@code HF_HUB_ETAG_TIMEOUT}, {@code HF_HUB_DOWNLOAD_TIMEOUT}
     * (seconds, default 10).
     */
    public static HubConfig fromEnvironment(Map<String, String> env, Path userHome) {
        Path hfHome = nonEmpty(env.get("HF_HOME")) != null
                ? expandHome(env.get("HF_HOME"), userHome)
                : (nonEmpty(env.get("XDG_CACHE_HOME")) != null
                        ? expandHome(env.get("XDG_CACHE_HOME"), userHome)
                        : userHome.resolve(".cache")).resolve("huggingface");
        String cache = firstNonEmpty(env.get("HF_HUB_CACHE"), env.get("HUGGINGFACE_HUB_CACHE"));
        Builder builder = builder()
                .endpoint(firstNonEmpty(env.get("HF_ENDPOINT"), DEFAULT_ENDPOINT))
                .cacheDir(cache != null ? expandHome(cache, userHome) : hfHome.resolve("hub"))
                .offline(isTrue(env.get("HF_HUB_OFFLINE")) || isTrue(env.get("TRANSFORMERS_OFFLINE")))
                .etagTimeout(seconds(env, "HF_HUB_ETAG_TIMEOUT"))
                .downloadTimeout(seconds(env, "HF_HUB_DOWNLOAD_TIMEOUT"));
        String token = firstNonEmpty(env.get("HF_TOKEN"), env.get("HUGGING_FACE_HUB_TOKEN"));
        if (token == null) {
            String tokenPath = nonEmpty(env.get("HF_TOKEN_PATH"));
            token = readToken(tokenPath != null ? expandHome(tokenPath, userHome) : hfHome.resolve("token"));
        }
        return builder.token(token).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().endpoint(endpoint.toString()).token(token).cacheDir(cacheDir).offline(offline)
                .etagTimeout(etagTimeout).downloadTimeout(downloadTimeout).retryPolicy(retryPolicy);
    }

    /** The Hub's base URL, without a trailing slash. */
    public URI endpoint() {
        return endpoint;
    }

    /** The access token, or null when anonymous. Sent only to {@link #endpoint()}'s origin. */
    public String token() {
        return token;
    }

    /** The huggingface_hub cache folder ({@code ~/.cache/huggingface/hub} by default). */
    public Path cacheDir() {
        return cacheDir;
    }

    /** True when no request may leave the machine ({@code HF_HUB_OFFLINE=1}): only the cache is used. */
    public boolean offline() {
        return offline;
    }

    /** Timeout for metadata requests (HEAD, API calls) and for connecting. */
    public Duration etagTimeout() {
        return etagTimeout;
    }

    /** Timeout until a download's response headers arrive. */
    public Duration downloadTimeout() {
        return downloadTimeout;
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    @Override
    public String toString() {
        return "HubConfig[endpoint=" + endpoint + ", token=" + (token == null ? "none" : "***")
                + ", cacheDir=" + cacheDir + ", offline=" + offline + ", etagTimeout=" + etagTimeout
                + ", downloadTimeout=" + downloadTimeout + ", retryPolicy=" + retryPolicy + "]";
    }

    /** Builder for {@link HubConfig}; defaults are huggingface_hub's, with the cache in {@code ~/.cache}. */
    public static final class Builder {
        private String endpoint = DEFAULT_ENDPOINT;
        private String token;
        private Path cacheDir = Path.of(System.getProperty("user.home"), ".cache", "huggingface", "hub");
        private boolean offline;
        private Duration etagTimeout = Duration.ofSeconds(10);
        private Duration downloadTimeout = Duration.ofSeconds(10);
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;

        private Builder() {
        }

        public Builder endpoint(String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder token(String token) {
            this.token = token;
            return this;
        }

        public Builder cacheDir(Path cacheDir) {
            this.cacheDir = cacheDir;
            return this;
        }

        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        public Builder etagTimeout(Duration etagTimeout) {
            this.etagTimeout = etagTimeout;
            return this;
        }

        public Builder downloadTimeout(Duration downloadTimeout) {
            this.downloadTimeout = downloadTimeout;
            return this;
        }

        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = retryPolicy;
            return this;
        }

        public HubConfig build() {
            return new HubConfig(this);
        }
    }

    private static String readToken(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return nonEmpty(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Hub token file " + file, e);
        }
    }

    private static Duration seconds(Map<String, String> env, String name) {
        String value = nonEmpty(env.get(name));
        if (value == null) {
            return Duration.ofSeconds(10);
        }
        try {
            return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number of seconds, got '" + value + "'", e);
        }
    }

    private static boolean isTrue(String value) {
        return value != null && TRUE_VALUES.contains(value.strip().toUpperCase(Locale.ROOT));
    }

    private static Path expandHome(String path, Path userHome) {
        if (path.equals("~")) {
            return userHome;
        }
        return path.startsWith("~/") ? userHome.resolve(path.substring(2)) : Path.of(path);
    }

    private static String firstNonEmpty(String first, String second) {
        return nonEmpty(first) != null ? first : nonEmpty(second);
    }

    private static String nonEmpty(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static String stripTrailingSlash(String url) {
        String result = url;
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }
}
