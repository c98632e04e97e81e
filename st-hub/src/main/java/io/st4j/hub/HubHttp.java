package io.st4j.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP layer: one {@link HttpClient} that never follows redirects by itself, the bearer token added
 * only to requests for the configured endpoint's origin (never to a storage host), offline mode, bounded
 * retries with back-off, and error responses turned into typed {@link HubHttpException}s.
 */
final class HubHttp {

    private static final Logger LOG = LoggerFactory.getLogger(HubHttp.class);
    private static final Set<Integer> RETRY_STATUSES = Set.of(429, 500, 502, 503, 504);
    private static final int MAX_REDIRECTS = 10;
    private static final int MAX_ERROR_BODY = 64 * 1024;
    static final ObjectMapper JSON = new ObjectMapper();

    private final HubConfig config;
    private final HttpClient client;

    HubHttp(HubConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.etagTimeout())
                .build();
    }

    HubConfig config() {
        return config;
    }

    /** One request; {@code body} is a supplier so a retry can send it again. */
    record Call(String method, URI uri, Map<String, String> headers, Supplier<BodyPublisher> body,
            Duration timeout, boolean retry) {

        static Call of(String method, URI uri, Duration timeout) {
            return new Call(method, uri, new LinkedHashMap<>(), BodyPublishers::noBody, timeout, true);
        }

        Call header(String name, String value) {
            Map<String, String> copy = new LinkedHashMap<>(headers);
            copy.put(name, value);
            return new Call(method, uri, copy, body, timeout, retry);
        }

        Call body(String contentType, byte[] content) {
            return new Call(method, uri, headers, () -> BodyPublishers.ofByteArray(content), timeout, retry)
                    .header("Content-Type", contentType);
        }

        Call body(Supplier<BodyPublisher> publisher) {
            return new Call(method, uri, headers, publisher, timeout, retry);
        }

        Call json(Object payload) {
            try {
                return body("application/json", JSON.writeValueAsBytes(payload));
            } catch (IOException e) {
                throw new IllegalStateException("Cannot serialize request body", e);
            }
        }

        Call noRetry() {
            return new Call(method, uri, headers, body, timeout, false);
        }

        Call at(URI newUri) {
            return new Call(method, newUri, headers, body, timeout, retry);
        }
    }

    /** A URI under the endpoint: {@code path} must start with '/' and be already percent-encoded. */
    URI endpointUri(String path) {
        return URI.create(config.endpoint() + path);
    }

    /**
     * Sends {@code call}, retrying connection failures, timeouts, 429 and 5xx as the retry policy says
     * (when the call allows retries). Returns the last response whatever its status.
     */
    HttpResponse<InputStream> send(Call call) throws IOException {
        if (config.offline()) {
            throw new OfflineModeException("Offline mode is enabled (HF_HUB_OFFLINE): not sending "
                    + call.method() + " " + display(call.uri()));
        }
        RetryPolicy policy = config.retryPolicy();
        int maxRetries = call.retry() ? policy.maxRetries() : 0;
        for (int attempt = 0; ; attempt++) {
            HttpRequest request = build(call);
            HttpResponse<InputStream> response;
            try {
                LOG.debug("{} {} (authenticated: {})", call.method(), display(call.uri()),
                        request.headers().firstValue("authorization").isPresent());
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("Interrupted during " + call.method() + " " + display(call.uri()));
            } catch (IOException e) {
                if (attempt >= maxRetries) {
                    throw new HubUnreachableException("Cannot reach " + display(call.uri()) + " ("
                            + call.method() + ", " + (attempt + 1) + " attempt(s)): " + e, e);
                }
                LOG.warn("{} {} failed ({}); retry {}/{}", call.method(), display(call.uri()), e, attempt + 1,
                        maxRetries);
                pause(policy.waitBefore(attempt + 1, null));
                continue;
            }
            if (!RETRY_STATUSES.contains(response.statusCode()) || attempt >= maxRetries) {
                return response;
            }
            Duration retryAfter = retryAfter(response);
            response.body().close();
            LOG.warn("{} {} returned {}; retry {}/{}", call.method(), display(call.uri()), response.statusCode(),
                    attempt + 1, maxRetries);
            pause(policy.waitBefore(attempt + 1, retryAfter));
        }
    }

    /** Sends {@code call} and throws the typed exception if the status is 400 or more. */
    HttpResponse<InputStream> sendChecked(Call call, Target target) throws IOException {
        HttpResponse<InputStream> response = send(call);
        raiseForStatus(response, target);
        return response;
    }

    /** Sends {@code call}, checks the status and parses the JSON body. */
    JsonNode sendJson(Call call, Target target) throws IOException {
        boolean hasAccept = call.headers().keySet().stream().anyMatch("Accept"::equalsIgnoreCase);
        HttpResponse<InputStream> response = sendChecked(hasAccept ? call : call.header("Accept", "application/json"),
                target);
        try (InputStream body = response.body()) {
            byte[] bytes = body.readAllBytes();
            return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
        }
    }

    /**
     * Sends {@code call} following only relative redirects (a renamed repository), as huggingface_hub
     * does for metadata; an absolute redirect (CDN, storage host) is returned to the caller.
     */
    HttpResponse<InputStream> sendFollowingRelativeRedirects(Call call, Target target) throws IOException {
        Call current = call;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<InputStream> response = send(current);
            String location = response.headers().firstValue("Location").orElse(null);
            if (!isRedirect(response.statusCode()) || location == null || URI.create(location).getHost() != null) {
                raiseForStatus(response, target);
                return response;
            }
            response.body().close();
            URI relative = URI.create(location);
            URI next = URI.create(current.uri().getScheme() + "://" + current.uri().getRawAuthority()
                    + relative.getRawPath());
            current = current.at(next);
        }
        throw new HubException("Too many redirects for " + target.describe() + " (" + display(call.uri()) + ")");
    }

    /** Sends {@code call} following every redirect (the token goes only to the endpoint's origin). */
    HttpResponse<InputStream> sendFollowingRedirects(Call call, Target target) throws IOException {
        Call current = call;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<InputStream> response = send(current);
            String location = response.headers().firstValue("Location").orElse(null);
            if (!isRedirect(response.statusCode()) || location == null) {
                raiseForStatus(response, target);
                return response;
            }
            response.body().close();
            current = current.at(current.uri().resolve(location));
        }
        throw new HubException("Too many redirects for " + target.describe() + " (" + display(call.uri()) + ")");
    }

    static boolean isRedirect(int status) {
        return status >= 300 && status < 400;
    }

    /** Throws the typed exception for an error response (status 400 or more); closes its body. */
    void raiseForStatus(HttpResponse<InputStream> response, Target target) throws IOException {
        int status = response.statusCode();
        if (status < 400) {
            return;
        }
        String errorCode = response.headers().firstValue("X-Error-Code").orElse(null);
        String serverMessage = serverMessage(response);
        String requestId = response.headers().firstValue("x-request-id")
                .or(() -> response.headers().firstValue("X-Amzn-Trace-Id")).orElse(null);
        String what = target.describe();
        String request = response.request().method() + " " + display(response.request().uri()) + " returned "
                + status + (errorCode != null ? " (X-Error-Code: " + errorCode + ")" : "")
                + (serverMessage != null ? ": " + serverMessage : "")
                + (requestId != null ? " (Request ID: " + requestId + ")" : "");
        if ("RevisionNotFound".equals(errorCode)) {
            throw new RevisionNotFoundException("Revision not found: " + what + ". " + request, status, errorCode,
                    serverMessage);
        }
        if ("EntryNotFound".equals(errorCode)) {
            throw new EntryNotFoundException("File not found: " + what + ". " + request, status, errorCode,
                    serverMessage, response.headers().firstValue(HubFiles.HEADER_REPO_COMMIT).orElse(null));
        }
        if ("GatedRepo".equals(errorCode)) {
            throw new GatedRepoException("Gated repository, access not granted to this token: " + what
                    + ". Request access on the repository's page. " + request, status, errorCode, serverMessage);
        }
        if ("RepoNotFound".equals(errorCode)) {
            throw new RepositoryNotFoundException("Repository not found: " + what
                    + ". Check the repository id and type; a private or gated repository needs a token (HF_TOKEN). "
                    + request, status, errorCode, serverMessage);
        }
        if (status == 401) {
            throw new UnauthorizedException("Unauthorized: " + what
                    + ". The token is missing, invalid or expired, or the repository is private. " + request,
                    status, errorCode, serverMessage);
        }
        if (status == 403) {
            throw new ForbiddenException("Forbidden: " + what
                    + ". The token lacks the permission for this operation. " + request, status, errorCode,
                    serverMessage);
        }
        throw new HubHttpException("Hub request failed: " + what + ". " + request, status, errorCode,
                serverMessage);
    }

    private static String serverMessage(HttpResponse<InputStream> response) throws IOException {
        List<String> messages = new ArrayList<>();
        response.headers().firstValue("X-Error-Message").ifPresent(messages::add);
        byte[] bytes;
        try (InputStream body = response.body()) {
            bytes = body.readNBytes(MAX_ERROR_BODY);
        }
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        if (!text.isEmpty()) {
            try {
                JsonNode json = JSON.readTree(text);
                JsonNode error = json.path("error");
                if (error.isArray()) {
                    error.forEach(e -> messages.add(e.asText()));
                } else if (error.isTextual()) {
                    messages.add(error.asText());
                }
                json.path("errors").forEach(e -> {
                    if (e.hasNonNull("message")) {
                        messages.add(e.get("message").asText());
                    }
                });
            } catch (IOException notJson) {
                String contentType = response.headers().firstValue("Content-Type").orElse("");
                if (!contentType.toLowerCase().contains("html")) {
                    messages.add(text);
                }
            }
        }
        List<String> distinct = messages.stream().map(String::strip).filter(m -> !m.isEmpty()).distinct().toList();
        return distinct.isEmpty() ? null : String.join("; ", distinct);
    }

    private HttpRequest build(Call call) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(call.uri())
                .timeout(call.timeout())
                .method(call.method(), call.body().get())
                .header("User-Agent", "st4j/0.1.0; java/" + Runtime.version().feature());
        call.headers().forEach(builder::header);
        if (config.token() != null && sameOrigin(call.uri(), config.endpoint())) {
            builder.header("authorization", "Bearer " + config.token());
        }
        return builder.build();
    }

    static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(lower(a.getScheme()), lower(b.getScheme()))
                && Objects.equals(lower(a.getHost()), lower(b.getHost()))
                && port(a) == port(b);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase();
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** A URI for messages and logs: without its query (storage URLs carry signatures there). */
    static String display(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(value -> {
            try {
                return Duration.ofSeconds(Long.parseLong(value.strip()));
            } catch (NumberFormatException e) {
                return null;
            }
        }).orElse(null);
    }

    private static void pause(Duration wait) throws InterruptedIOException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting to retry");
        }
    }
}
