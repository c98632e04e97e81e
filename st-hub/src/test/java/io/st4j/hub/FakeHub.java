package io.st4j.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local Hugging Face Hub for tests: a "hub" server speaking the resolve, API, preupload, LFS batch and
 * commit protocol, and a second "storage" server holding LFS objects (downloads with Range, basic
 * uploads). It keeps what is pushed and serves it back, and records every request it receives.
 */
final class FakeHub implements AutoCloseable {

    static final String TOKEN = "hf_fake_token_for_tests";
    /** The owner of {@link #TOKEN}. */
    static final String USER = "me";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request as received, with lower-case header names. */
    record Request(String server, String method, String path, String query, Map<String, List<String>> headers,
            byte[] body) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    record Commit(String sha, Map<String, byte[]> files, Set<String> lfsPaths) {
    }

    static final class Repo {
        final RepoType type;
        final String id;
        final Map<String, String> refs = new ConcurrentHashMap<>();
        final Map<String, Commit> commits = new ConcurrentHashMap<>();
        volatile boolean isPrivate;
        volatile boolean gated;

        Repo(RepoType type, String id) {
            this.type = type;
            this.id = id;
        }

        String resolve(String revision) {
            String sha = refs.get(revision);
            return sha != null ? sha : commits.containsKey(revision) ? revision : null;
        }
    }

    private final HttpServer hub;
    private final HttpServer storage;
    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Repo> repos = new ConcurrentHashMap<>();
    final Map<String, byte[]> lfsStore = new ConcurrentHashMap<>();
    final Map<String, String> renamed = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<String, Integer> failureStatus = new ConcurrentHashMap<>();
    final Map<String, Integer> cutAfter = new ConcurrentHashMap<>();
    /** The next GET of these LFS objects sends this many bytes, then nothing for 5 s. */
    final Map<String, Integer> stallAfter = new ConcurrentHashMap<>();
    /** Objects (LFS sha256 or git blob sha1) served with a flipped byte, under their true ETag. */
    final Set<String> corrupt = ConcurrentHashMap.newKeySet();
    volatile long storageDelayMillis;
    /** When positive, LFS uploads are asked as multipart with parts of this many bytes. */
    volatile int multipartChunk;
    private final Map<String, byte[]> parts = new ConcurrentHashMap<>();
    volatile long lfsThreshold = 1024;
    volatile int treePageSize = 2;
    private final AtomicInteger commitCounter = new AtomicInteger();

    FakeHub() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        hub = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        storage = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        hub.createContext("/", exchange -> handle("hub", exchange));
        storage.createContext("/", exchange -> handle("storage", exchange));
        hub.setExecutor(Executors.newFixedThreadPool(8));
        storage.setExecutor(Executors.newFixedThreadPool(8));
        hub.start();
        storage.start();
    }

    String url() {
        return "http://127.0.0.1:" + hub.getAddress().getPort();
    }

    String storageUrl() {
        return "http://127.0.0.1:" + storage.getAddress().getPort();
    }

    HubConfig.Builder config(java.nio.file.Path cache) {
        return HubConfig.builder().endpoint(url()).cacheDir(cache).token(TOKEN)
                .retryPolicy(new RetryPolicy(2, java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(40)));
    }

    @Override
    public void close() {
        hub.stop(0);
        storage.stop(0);
        ((java.util.concurrent.ExecutorService) hub.getExecutor()).shutdownNow();
        ((java.util.concurrent.ExecutorService) storage.getExecutor()).shutdownNow();
    }

    // ---- state set-up ----

    Repo repo(RepoType type, String id) {
        return repos.computeIfAbsent(type.plural() + "/" + id, k -> new Repo(type, id));
    }

    /** Commits {@code files} (replacing all) on {@code branch}; files at or above the threshold go to LFS. */
    String commit(RepoType type, String id, String branch, Map<String, byte[]> files) {
        Repo repo = repo(type, id);
        Set<String> lfs = ConcurrentHashMap.newKeySet();
        files.forEach((path, bytes) -> {
            if (bytes.length >= lfsThreshold) {
                lfs.add(path);
                lfsStore.put(sha256(bytes), bytes);
            }
        });
        String sha = newSha();
        repo.commits.put(sha, new Commit(sha, new TreeMap<>(files), lfs));
        repo.refs.put(branch, sha);
        return sha;
    }

    /** The next {@code count} requests whose path contains {@code pathPart} get {@code status}. */
    void fail(String pathPart, int status, int count) {
        failures.put(pathPart, new AtomicInteger(count));
        failureStatus.put(pathPart, status);
    }

    List<Request> requests(String server, String method, String pathPart) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.server().equals(server) && r.method().equals(method)
                    && r.path().contains(pathPart)).toList();
        }
    }

    // ---- dispatch ----

    private void handle(String server, HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            Request request = new Request(server, exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), headers, exchange.getRequestBody().readAllBytes());
            requests.add(request);
            for (Map.Entry<String, AtomicInteger> failure : failures.entrySet()) {
                if (request.path().contains(failure.getKey()) && failure.getValue().getAndDecrement() > 0) {
                    error(exchange, failureStatus.get(failure.getKey()), null, "Injected failure");
                    return;
                }
            }
            if (server.equals("storage")) {
                storage(exchange, request);
            } else if (request.path().startsWith("/api/")) {
                api(exchange, request);
            } else if (request.path().contains(".git/info/lfs/objects/")) {
                lfs(exchange, request);
            } else if (request.path().contains("/resolve/")) {
                resolve(exchange, request);
            } else {
                error(exchange, 404, null, "Not found");
            }
        } catch (CutConnection e) {
            throw e;
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        }
    }

    // ---- downloads ----

    private void resolve(HttpExchange exchange, Request request) throws IOException {
        String path = request.path();
        RepoType type = RepoType.MODEL;
        if (path.startsWith("/datasets/")) {
            type = RepoType.DATASET;
            path = path.substring("/datasets".length());
        }
        int at = path.indexOf("/resolve/");
        String id = path.substring(1, at);
        String rest = path.substring(at + "/resolve/".length());
        if (renamed.containsKey(id)) {
            exchange.getResponseHeaders().set("Location", "/" + type.urlPrefix() + renamed.get(id) + "/resolve/" + rest);
            send(exchange, 307, new byte[0]);
            return;
        }
        Repo repo = access(exchange, request, type, id, false);
        if (repo == null) {
            return;
        }
        int slash = rest.indexOf('/');
        String revision = decode(rest.substring(0, slash));
        String file = decode(rest.substring(slash + 1));
        String sha = repo.resolve(revision);
        if (sha == null) {
            error(exchange, 404, "RevisionNotFound", "Invalid rev id: " + revision);
            return;
        }
        Commit commit = repo.commits.get(sha);
        Headers out = exchange.getResponseHeaders();
        out.set("X-Repo-Commit", sha);
        byte[] bytes = commit.files().get(file);
        if (bytes == null) {
            error(exchange, 404, "EntryNotFound", "Entry not found");
            return;
        }
        if (commit.lfsPaths().contains(file)) {
            String oid = sha256(bytes);
            out.set("X-Linked-Etag", "\"" + oid + "\"");
            out.set("X-Linked-Size", String.valueOf(bytes.length));
            out.set("ETag", "\"" + gitSha1(("version https://git-lfs.github.com/spec/v1\noid sha256:" + oid
                    + "\nsize " + bytes.length + "\n").getBytes(StandardCharsets.UTF_8)) + "\"");
            out.set("Location", storageUrl() + "/lfs/" + oid + "?X-Amz-Signature=secret-signature");
            send(exchange, 302, new byte[0]);
            return;
        }
        String etag = gitSha1(bytes);
        out.set("ETag", "\"" + etag + "\"");
        if (corrupt.contains(etag) && request.method().equals("GET")) {
            bytes = bytes.clone();
            bytes[0] ^= 0x55;
        }
        send(exchange, 200, bytes);
    }

    private void storage(HttpExchange exchange, Request request) throws IOException {
        String path = request.path();
        if (request.method().equals("PUT") && path.startsWith("/upload/")) {
            String oid = path.substring("/upload/".length());
            if (!sha256(request.body()).equals(oid)) {
                error(exchange, 400, null, "sha256 of the body does not match " + oid);
                return;
            }
            lfsStore.put(oid, request.body());
            send(exchange, 200, new byte[0]);
            return;
        }
        if (request.method().equals("PUT") && path.startsWith("/part/")) {
            parts.put(path, request.body());
            exchange.getResponseHeaders().set("ETag", "\"etag-" + path.substring(path.lastIndexOf('/') + 1) + "\"");
            send(exchange, 200, new byte[0]);
            return;
        }
        if (request.method().equals("POST") && path.startsWith("/complete/")) {
            String oid = path.substring("/complete/".length());
            java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
            for (JsonNode part : JSON.readTree(request.body()).get("parts")) {
                int number = part.get("partNumber").asInt();
                if (!part.get("etag").asText().equals("\"etag-" + number + "\"")) {
                    error(exchange, 400, null, "Wrong etag for part " + number);
                    return;
                }
                whole.write(parts.get("/part/" + oid + "/" + number));
            }
            if (!sha256(whole.toByteArray()).equals(oid)) {
                error(exchange, 400, null, "Assembled parts do not match " + oid);
                return;
            }
            lfsStore.put(oid, whole.toByteArray());
            send(exchange, 200, new byte[0]);
            return;
        }
        if (!path.startsWith("/lfs/") || !request.method().equals("GET")) {
            error(exchange, 404, null, "No such object");
            return;
        }
        String oid = path.substring("/lfs/".length());
        byte[] bytes = lfsStore.get(oid);
        if (bytes == null) {
            error(exchange, 404, null, "No such object");
            return;
        }
        if (corrupt.contains(oid)) {
            bytes = bytes.clone();
            bytes[bytes.length / 2] ^= 0x55;
        }
        sleep(storageDelayMillis);
        int from = 0;
        String range = request.header("Range");
        if (range != null) {
            from = Integer.parseInt(range.substring("bytes=".length(), range.indexOf('-')));
            exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (bytes.length - 1) + "/"
                    + bytes.length);
        }
        byte[] body = java.util.Arrays.copyOfRange(bytes, from, bytes.length);
        Integer cut = cutAfter.remove(oid);
        exchange.getResponseHeaders().set("ETag", "\"" + oid + "\"");
        exchange.sendResponseHeaders(range != null ? 206 : 200, body.length);
        OutputStream os = exchange.getResponseBody();
        if (cut != null) {
            os.write(body, 0, cut);
            os.flush();
            throw new CutConnection();
        }
        Integer stall = stallAfter.remove(oid);
        if (stall != null) {
            os.write(body, 0, stall);
            os.flush();
            sleep(5000);
            throw new CutConnection();
        }
        os.write(body);
    }

    /** Thrown to drop a connection mid-body (the server closes it without the promised bytes). */
    private static final class CutConnection extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    // ---- API ----

    private void api(HttpExchange exchange, Request request) throws IOException {
        String[] parts = request.path().substring("/api/".length()).split("/");
        if (parts[0].equals("whoami-v2")) {
            if (TOKEN_HEADER.equals(request.header("authorization"))) {
                sendJson(exchange, 200, JSON.createObjectNode().put("type", "user").put("name", USER));
            } else {
                error(exchange, 401, null, "Invalid credentials in Authorization header");
            }
            return;
        }
        if (parts[0].equals("repos") && parts[1].equals("create")) {
            createRepo(exchange, request);
            return;
        }
        RepoType type = RepoType.parse(parts[0].substring(0, parts[0].length() - 1));
        String id = parts[1] + "/" + parts[2];
        String action = parts.length > 3 ? parts[3] : "";
        boolean write = action.equals("preupload") || action.equals("commit") || action.equals("branch");
        Repo repo = access(exchange, request, type, id, write);
        if (repo == null) {
            return;
        }
        if (action.equals("branch")) {
            createBranch(exchange, repo, decode(parts[4]));
            return;
        }
        String revision = parts.length > 4 ? decode(parts[4]) : "main";
        String sha = repo.resolve(revision);
        if (sha == null && !(write && revision.equals("main"))) {
            error(exchange, 404, "RevisionNotFound", "Invalid rev id: " + revision);
            return;
        }
        switch (action) {
            case "", "revision" -> repoInfo(exchange, repo, sha);
            case "tree" -> tree(exchange, request, repo, sha, parts);
            case "preupload" -> preupload(exchange, request, repo, sha);
            case "commit" -> commitApi(exchange, request, repo, revision, sha);
            default -> error(exchange, 404, null, "Unknown API " + request.path());
        }
    }

    private void repoInfo(HttpExchange exchange, Repo repo, String sha) throws IOException {
        ObjectNode json = JSON.createObjectNode().put("id", repo.id).put("sha", sha).put("private", repo.isPrivate);
        json.putArray("tags").add("sentence-transformers");
        ArrayNode siblings = json.putArray("siblings");
        repo.commits.get(sha).files().keySet().forEach(path -> siblings.addObject().put("rfilename", path));
        sendJson(exchange, 200, json);
    }

    private void tree(HttpExchange exchange, Request request, Repo repo, String sha, String[] parts)
            throws IOException {
        String prefix = parts.length > 5 ? decode(String.join("/", List.of(parts).subList(5, parts.length))) : "";
        Map<String, String> query = query(request.query());
        boolean recursive = Boolean.parseBoolean(query.getOrDefault("recursive", "false"));
        Commit commit = repo.commits.get(sha);
        TreeMap<String, ObjectNode> entries = new TreeMap<>();
        for (Map.Entry<String, byte[]> file : commit.files().entrySet()) {
            String path = file.getKey();
            if (!prefix.isEmpty() && !path.startsWith(prefix + "/")) {
                continue;
            }
            String rel = prefix.isEmpty() ? path : path.substring(prefix.length() + 1);
            String[] segments = rel.split("/");
            String dir = prefix;
            for (int i = 0; i < segments.length - 1 && (recursive || i == 0); i++) {
                dir = dir.isEmpty() ? segments[i] : dir + "/" + segments[i];
                entries.put(dir, JSON.createObjectNode().put("type", "directory").put("path", dir).put("size", 0)
                        .put("oid", gitSha1(dir.getBytes(StandardCharsets.UTF_8))));
            }
            if (!recursive && segments.length > 1) {
                continue;
            }
            byte[] bytes = file.getValue();
            ObjectNode entry = JSON.createObjectNode().put("type", "file").put("path", path).put("size", bytes.length)
                    .put("oid", gitSha1(bytes));
            if (commit.lfsPaths().contains(path)) {
                entry.putObject("lfs").put("oid", sha256(bytes)).put("size", bytes.length).put("pointerSize", 134);
            }
            entries.put(path, entry);
        }
        List<ObjectNode> all = new ArrayList<>(entries.values());
        int cursor = Integer.parseInt(query.getOrDefault("cursor", "0"));
        int end = Math.min(all.size(), cursor + treePageSize);
        ArrayNode page = JSON.createArrayNode();
        all.subList(cursor, end).forEach(page::add);
        if (end < all.size()) {
            exchange.getResponseHeaders().set("Link", "<" + url() + request.path() + "?recursive=" + recursive
                    + "&expand=false&cursor=" + end + ">; rel=\"next\"");
        }
        sendJson(exchange, 200, page);
    }

    private void createRepo(HttpExchange exchange, Request request) throws IOException {
        if (!TOKEN_HEADER.equals(request.header("authorization"))) {
            error(exchange, 401, null, "Invalid credentials in Authorization header");
            return;
        }
        JsonNode body = JSON.readTree(request.body());
        RepoType type = body.has("type") ? RepoType.parse(body.get("type").asText()) : RepoType.MODEL;
        String id = (body.get("organization").isNull() ? "" : body.get("organization").asText() + "/")
                + body.get("name").asText();
        if (repos.containsKey(type.plural() + "/" + id)) {
            error(exchange, 409, null, "You already created this model repo");
            return;
        }
        repo(type, id).isPrivate = body.path("private").asBoolean();
        sendJson(exchange, 200, JSON.createObjectNode().put("url", url() + "/" + type.urlPrefix() + id));
    }

    private void createBranch(HttpExchange exchange, Repo repo, String branch) throws IOException {
        if (repo.refs.containsKey(branch)) {
            error(exchange, 409, null, "Reference already exists");
            return;
        }
        String head = repo.refs.get("main");
        if (head == null) {
            Commit empty = new Commit(newSha(), Map.of(), Set.of());
            repo.commits.put(empty.sha(), empty);
            head = empty.sha();
            repo.refs.put("main", head);
        }
        repo.refs.put(branch, head);
        sendJson(exchange, 200, JSON.createObjectNode());
    }

    private void preupload(HttpExchange exchange, Request request, Repo repo, String sha) throws IOException {
        Commit head = sha == null ? null : repo.commits.get(sha);
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode files = answer.putArray("files");
        for (JsonNode file : JSON.readTree(request.body()).get("files")) {
            String path = file.get("path").asText();
            byte[] sample = Base64.getDecoder().decode(file.get("sample").asText());
            boolean binary = false;
            for (byte b : sample) {
                binary |= b == 0;
            }
            boolean lfs = file.get("size").asLong() >= lfsThreshold || binary;
            ObjectNode entry = files.addObject().put("path", path).put("uploadMode", lfs ? "lfs" : "regular")
                    .put("shouldIgnore", false);
            byte[] existing = head == null ? null : head.files().get(path);
            if (existing != null) {
                entry.put("oid", head.lfsPaths().contains(path) ? sha256(existing) : gitSha1(existing));
            } else {
                entry.putNull("oid");
            }
        }
        sendJson(exchange, 200, answer);
    }

    final List<String> commitBodies = Collections.synchronizedList(new ArrayList<>());

    private void commitApi(HttpExchange exchange, Request request, Repo repo, String revision, String sha)
            throws IOException {
        if (!"application/x-ndjson".equals(request.header("Content-Type"))) {
            error(exchange, 400, null, "Expected application/x-ndjson");
            return;
        }
        String ndjson = new String(request.body(), StandardCharsets.UTF_8);
        commitBodies.add(ndjson);
        Commit parent = sha == null ? null : repo.commits.get(sha);
        Map<String, byte[]> files = new TreeMap<>(parent == null ? Map.of() : parent.files());
        Set<String> lfs = ConcurrentHashMap.newKeySet();
        if (parent != null) {
            lfs.addAll(parent.lfsPaths());
        }
        String[] lines = ndjson.split("\n");
        if (!JSON.readTree(lines[0]).path("key").asText().equals("header")) {
            error(exchange, 400, null, "The first line must be the header");
            return;
        }
        for (int i = 1; i < lines.length; i++) {
            JsonNode line = JSON.readTree(lines[i]);
            JsonNode value = line.get("value");
            String path = value.get("path").asText();
            switch (line.get("key").asText()) {
                case "file" -> {
                    files.put(path, Base64.getDecoder().decode(value.get("content").asText()));
                    lfs.remove(path);
                }
                case "lfsFile" -> {
                    byte[] stored = lfsStore.get(value.get("oid").asText());
                    if (stored == null || stored.length != value.get("size").asLong()) {
                        error(exchange, 422, null, "LFS object " + value.get("oid").asText() + " was not uploaded");
                        return;
                    }
                    files.put(path, stored);
                    lfs.add(path);
                }
                case "deletedFile" -> files.remove(path);
                default -> {
                    error(exchange, 400, null, "Unknown key " + line.get("key"));
                    return;
                }
            }
        }
        String newSha = newSha();
        repo.commits.put(newSha, new Commit(newSha, files, lfs));
        ObjectNode answer = JSON.createObjectNode().put("commitUrl", url() + "/" + repo.type.urlPrefix() + repo.id
                + "/commit/" + newSha).put("commitOid", newSha);
        if ("create_pr=1".equals(request.query())) {
            int number = (int) repo.refs.keySet().stream().filter(r -> r.startsWith("refs/pr/")).count() + 1;
            repo.refs.put("refs/pr/" + number, newSha);
            answer.put("pullRequestUrl", url() + "/" + repo.type.urlPrefix() + repo.id + "/discussions/" + number);
        } else {
            repo.refs.put(revision, newSha);
            answer.putNull("pullRequestUrl");
        }
        sendJson(exchange, 200, answer);
    }

    private void lfs(HttpExchange exchange, Request request) throws IOException {
        String path = request.path();
        String repoPart = path.substring(1, path.indexOf(".git/info/lfs/objects/"));
        RepoType type = repoPart.startsWith("datasets/") ? RepoType.DATASET : RepoType.MODEL;
        String id = type == RepoType.DATASET ? repoPart.substring("datasets/".length()) : repoPart;
        if (access(exchange, request, type, id, true) == null) {
            return;
        }
        JsonNode body = JSON.readTree(request.body());
        if (path.endsWith("/verify")) {
            byte[] stored = lfsStore.get(body.get("oid").asText());
            if (stored == null || stored.length != body.get("size").asLong()) {
                error(exchange, 404, null, "Object not found");
            } else {
                sendJson(exchange, 200, JSON.createObjectNode().put("success", true));
            }
            return;
        }
        ObjectNode answer = JSON.createObjectNode().put("transfer", "basic");
        ArrayNode objects = answer.putArray("objects");
        for (JsonNode object : body.get("objects")) {
            String oid = object.get("oid").asText();
            ObjectNode out = objects.addObject().put("oid", oid).put("size", object.get("size").asLong());
            if (!lfsStore.containsKey(oid)) {
                ObjectNode actions = out.put("authenticated", true).putObject("actions");
                if (multipartChunk > 0) {
                    ObjectNode upload = actions.putObject("upload").put("href", storageUrl() + "/complete/" + oid);
                    ObjectNode header = upload.putObject("header").put("chunk_size", String.valueOf(multipartChunk));
                    long size = object.get("size").asLong();
                    for (int part = 1; (long) (part - 1) * multipartChunk < size; part++) {
                        header.put(String.valueOf(part), storageUrl() + "/part/" + oid + "/" + part + "?sig=x");
                    }
                } else {
                    actions.putObject("upload").put("href", storageUrl() + "/upload/" + oid);
                }
                actions.putObject("verify").put("href", url() + "/" + repoPart + ".git/info/lfs/objects/verify")
                        .putObject("header");
            }
        }
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.git-lfs+json");
        send(exchange, 200, JSON.writeValueAsBytes(answer));
    }

    // ---- helpers ----

    private static final String TOKEN_HEADER = "Bearer " + TOKEN;

    /** The repository if this request may see it; otherwise the error is sent and null returned. */
    private Repo access(HttpExchange exchange, Request request, RepoType type, String id, boolean write)
            throws IOException {
        String auth = request.header("authorization");
        if (auth != null && !auth.equals(TOKEN_HEADER)) {
            error(exchange, 401, null, "Invalid credentials in Authorization header");
            return null;
        }
        Repo repo = repos.get(type.plural() + "/" + id);
        if (repo == null || (repo.isPrivate && auth == null)) {
            error(exchange, auth == null ? 401 : 404, "RepoNotFound", "Repository not found");
            return null;
        }
        if (write && auth == null) {
            error(exchange, 401, null, "Authorization header is required");
            return null;
        }
        if (repo.gated) {
            error(exchange, 403, "GatedRepo", "Access to model " + id + " is restricted");
            return null;
        }
        return repo;
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        if (code != null) {
            exchange.getResponseHeaders().set("X-Error-Code", code);
        }
        exchange.getResponseHeaders().set("X-Error-Message", message);
        exchange.getResponseHeaders().set("x-request-id", "req-" + status);
        sendJson(exchange, status, JSON.createObjectNode().put("error", message));
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode json) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, status, JSON.writeValueAsBytes(json));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", String.valueOf(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> map = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                map.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return map;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private String newSha() {
        return sha1Hex(("commit-" + commitCounter.incrementAndGet() + "-" + System.nanoTime())
                .getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        return digest("SHA-256", bytes);
    }

    static String gitSha1(byte[] bytes) {
        byte[] header = ("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[header.length + bytes.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(bytes, 0, all, header.length, bytes.length);
        return digest("SHA-1", all);
    }

    private static String sha1Hex(byte[] bytes) {
        return digest("SHA-1", bytes);
    }

    private static String digest(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
