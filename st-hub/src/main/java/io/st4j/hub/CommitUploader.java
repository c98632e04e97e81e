package io.st4j.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a local folder through the commit API as huggingface_hub's {@code upload_folder}: preupload
 * (regular or LFS, unchanged files skipped), LFS batch upload (basic or multipart) and verify, then one
 * NDJSON commit.
 */
final class CommitUploader {

    private static final Logger LOG = LoggerFactory.getLogger(CommitUploader.class);
    private static final int CHUNK = 256;
    private static final String LFS_JSON = "application/vnd.git-lfs+json";

    private final HubHttp http;
    private final HubApi api;

    CommitUploader(HubHttp http, HubApi api) {
        this.http = http;
        this.api = api;
    }

    CommitInfo uploadFolder(RepoType type, String repoId, Path folder, UploadOptions options) throws IOException {
        Target target = Target.repo(type, RepoIds.check(repoId), options.revision());
        List<LocalFile> local = localFiles(folder, options.filter());
        Map<String, String> modes = preupload(type, repoId, local, options, target);
        List<LocalFile> regular = new ArrayList<>();
        List<LocalFile> lfs = new ArrayList<>();
        for (LocalFile file : local) {
            String mode = modes.get(file.pathInRepo());
            if (mode == null) {
                continue;
            }
            (mode.equals("lfs") ? lfs : regular).add(file);
        }
        if (regular.isEmpty() && lfs.isEmpty()) {
            LOG.warn("No files have been modified since the last commit of {}; no commit made", target.describe());
            String sha = api.repoInfo(type, repoId, options.revision()).sha();
            return new CommitInfo(http.config().endpoint() + "/" + type.urlPrefix() + repoId + "/commit/" + sha, sha,
                    null);
        }
        uploadLfs(type, repoId, lfs, options.revision(), target);
        return commit(type, repoId, regular, lfs, options, target);
    }

    private static List<LocalFile> localFiles(Path folder, SnapshotFilter filter) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new HubException("Cannot upload " + folder + ": not a folder");
        }
        List<LocalFile> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                String path = folder.relativize(file).toString().replace('\\', '/');
                boolean internal = path.equals(".git") || path.startsWith(".git/") || path.contains("/.git/")
                        || path.startsWith(".cache/huggingface/");
                if (!internal && filter.accepts(path)) {
                    files.add(LocalFile.of(path, file));
                }
            }
        }
        return files;
    }

    /** Upload mode per path ("regular" or "lfs"); paths to ignore or unchanged on the Hub are left out. */
    private Map<String, String> preupload(RepoType type, String repoId, List<LocalFile> files, UploadOptions options,
            Target target) throws IOException {
        Map<String, String> modes = new HashMap<>();
        URI uri = http.endpointUri("/api/" + type.plural() + "/" + repoId + "/preupload/"
                + UrlPaths.segment(options.revision()) + (options.createPr() ? "?create_pr=1" : ""));
        for (int start = 0; start < files.size(); start += CHUNK) {
            List<LocalFile> chunk = files.subList(start, Math.min(files.size(), start + CHUNK));
            ObjectNode payload = HubHttp.JSON.createObjectNode();
            ArrayNode list = payload.putArray("files");
            for (LocalFile file : chunk) {
                list.addObject().put("path", file.pathInRepo())
                        .put("sample", Base64.getEncoder().encodeToString(file.sample())).put("size", file.size());
            }
            JsonNode answer = http.sendJson(HubHttp.Call.of("POST", uri, http.config().etagTimeout()).json(payload),
                    target);
            Map<String, JsonNode> byPath = new HashMap<>();
            answer.path("files").forEach(f -> byPath.put(f.path("path").asText(), f));
            for (LocalFile file : chunk) {
                JsonNode info = byPath.get(file.pathInRepo());
                String mode = info == null ? null : info.path("uploadMode").asText(null);
                if (!"lfs".equals(mode) && !"regular".equals(mode)) {
                    throw new HubException("The Hub's preupload answer for " + target.withPath(file.pathInRepo())
                            .describe() + " has no valid uploadMode: " + HubApi.abbreviate(answer.toString()));
                }
                if (file.size() == 0) {
                    mode = "regular";
                }
                String remoteOid = info.path("oid").asText(null);
                String localOid = mode.equals("lfs") ? file.sha256() : file.gitSha1();
                if (info.path("shouldIgnore").asBoolean(false)) {
                    LOG.info("Skipping {}: ignored by the repository's .gitignore", file.pathInRepo());
                } else if (localOid.equals(remoteOid)) {
                    LOG.info("Skipping {}: unchanged on the Hub", file.pathInRepo());
                } else {
                    modes.put(file.pathInRepo(), mode);
                }
            }
        }
        return modes;
    }

    private void uploadLfs(RepoType type, String repoId, List<LocalFile> files, String revision, Target target)
            throws IOException {
        URI batch = http.endpointUri("/" + type.urlPrefix() + repoId + ".git/info/lfs/objects/batch");
        Map<String, LocalFile> byOid = new HashMap<>();
        files.forEach(f -> byOid.put(f.sha256(), f));
        for (int start = 0; start < files.size(); start += CHUNK) {
            List<LocalFile> chunk = files.subList(start, Math.min(files.size(), start + CHUNK));
            ObjectNode payload = HubHttp.JSON.createObjectNode().put("operation", "upload");
            payload.putArray("transfers").add("basic").add("multipart");
            ArrayNode objects = payload.putArray("objects");
            chunk.forEach(f -> objects.addObject().put("oid", f.sha256()).put("size", f.size()));
            payload.put("hash_algo", "sha256");
            payload.putObject("ref").put("name", revision);
            JsonNode answer = http.sendJson(HubHttp.Call.of("POST", batch, http.config().etagTimeout())
                    .body(LFS_JSON, HubHttp.JSON.writeValueAsBytes(payload)).header("Accept", LFS_JSON), target);
            List<String> errors = new ArrayList<>();
            for (JsonNode object : answer.path("objects")) {
                LocalFile file = byOid.get(object.path("oid").asText());
                if (file == null) {
                    throw new HubException("The LFS batch answer names an object that was not asked for: "
                            + object.path("oid").asText());
                }
                if (object.has("error")) {
                    errors.add(file.pathInRepo() + " (oid " + file.sha256() + "): "
                            + object.get("error").path("message").asText());
                    continue;
                }
                JsonNode actions = object.get("actions");
                if (actions == null || !actions.has("upload")) {
                    LOG.info("{} is already stored on the Hub; not uploading it", file.pathInRepo());
                    continue;
                }
                Target fileTarget = target.withPath(file.pathInRepo());
                upload(file, actions.get("upload"), fileTarget);
                if (actions.has("verify")) {
                    verify(file, actions.get("verify"), fileTarget);
                }
            }
            if (!errors.isEmpty()) {
                throw new HubException("The LFS batch endpoint refused " + errors.size() + " file(s) of "
                        + target.describe() + ": " + String.join("; ", errors));
            }
        }
    }

    private void upload(LocalFile file, JsonNode action, Target target) throws IOException {
        URI href = URI.create(action.get("href").asText());
        JsonNode header = action.path("header");
        if (header.has("chunk_size")) {
            uploadMultipart(file, href, header, target);
            return;
        }
        HubHttp.Call put = HubHttp.Call.of("PUT", href, http.config().downloadTimeout())
                .body(() -> {
                    try {
                        return BodyPublishers.ofFile(file.file());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            put = put.header(h.getKey(), h.getValue().asText());
        }
        http.sendChecked(put, target).body().close();
        LOG.info("Uploaded {} ({} bytes) to LFS storage", file.pathInRepo(), file.size());
    }

    private void uploadMultipart(LocalFile file, URI completion, JsonNode header, Target target) throws IOException {
        long chunkSize = header.get("chunk_size").asLong();
        TreeMap<Integer, URI> parts = new TreeMap<>();
        header.fields().forEachRemaining(h -> {
            if (h.getKey().matches("\\d+")) {
                parts.put(Integer.parseInt(h.getKey()), URI.create(h.getValue().asText()));
            }
        });
        long expectedParts = (file.size() + chunkSize - 1) / chunkSize;
        if (parts.size() != expectedParts) {
            throw new HubException("The Hub asked for a multipart upload of " + target.describe() + " in "
                    + parts.size() + " parts of " + chunkSize + " bytes, but the file needs " + expectedParts);
        }
        ObjectNode payload = HubHttp.JSON.createObjectNode().put("oid", file.sha256());
        ArrayNode done = payload.putArray("parts");
        try (FileChannel channel = FileChannel.open(file.file(), StandardOpenOption.READ)) {
            int index = 0;
            for (Map.Entry<Integer, URI> part : parts.entrySet()) {
                long offset = index * chunkSize;
                byte[] bytes = read(channel, offset, (int) Math.min(chunkSize, file.size() - offset));
                HttpResponse<InputStream> response = http.sendChecked(
                        HubHttp.Call.of("PUT", part.getValue(), http.config().downloadTimeout())
                                .body(() -> BodyPublishers.ofByteArray(bytes)), target);
                response.body().close();
                String etag = response.headers().firstValue("ETag").orElseThrow(() -> new HubException(
                        "Storage sent no ETag for part " + part.getKey() + " of " + target.describe()));
                done.addObject().put("partNumber", index + 1).put("etag", etag);
                index++;
            }
        }
        http.sendChecked(HubHttp.Call.of("POST", completion, http.config().etagTimeout())
                .body(LFS_JSON, HubHttp.JSON.writeValueAsBytes(payload)).header("Accept", LFS_JSON), target)
                .body().close();
        LOG.info("Uploaded {} ({} bytes) to LFS storage in {} parts", file.pathInRepo(), file.size(), parts.size());
    }

    private void verify(LocalFile file, JsonNode action, Target target) throws IOException {
        ObjectNode payload = HubHttp.JSON.createObjectNode().put("oid", file.sha256()).put("size", file.size());
        HubHttp.Call call = HubHttp.Call.of("POST", URI.create(action.get("href").asText()),
                http.config().etagTimeout()).body(LFS_JSON, HubHttp.JSON.writeValueAsBytes(payload))
                .header("Accept", LFS_JSON);
        for (Iterator<Map.Entry<String, JsonNode>> it = action.path("header").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            call = call.header(h.getKey(), h.getValue().asText());
        }
        http.sendChecked(call, target).body().close();
    }

    private CommitInfo commit(RepoType type, String repoId, List<LocalFile> regular, List<LocalFile> lfs,
            UploadOptions options, Target target) throws IOException {
        ByteArrayOutputStream ndjson = new ByteArrayOutputStream();
        ObjectNode header = HubHttp.JSON.createObjectNode();
        ObjectNode headerValue = header.put("key", "header").putObject("value")
                .put("summary", options.commitMessage()).put("description", options.commitDescription());
        if (options.parentCommit() != null) {
            headerValue.put("parentCommit", options.parentCommit());
        }
        line(ndjson, header);
        for (LocalFile file : regular) {
            ObjectNode line = HubHttp.JSON.createObjectNode().put("key", "file");
            line.putObject("value").put("content", Base64.getEncoder().encodeToString(Files.readAllBytes(file.file())))
                    .put("path", file.pathInRepo()).put("encoding", "base64");
            line(ndjson, line);
        }
        for (LocalFile file : lfs) {
            ObjectNode line = HubHttp.JSON.createObjectNode().put("key", "lfsFile");
            line.putObject("value").put("path", file.pathInRepo()).put("algo", "sha256").put("oid", file.sha256())
                    .put("size", file.size());
            line(ndjson, line);
        }
        URI uri = http.endpointUri("/api/" + type.plural() + "/" + repoId + "/commit/"
                + UrlPaths.segment(options.revision()) + (options.createPr() ? "?create_pr=1" : ""));
        JsonNode answer = http.sendJson(HubHttp.Call.of("POST", uri, http.config().downloadTimeout())
                .body("application/x-ndjson", ndjson.toByteArray()).noRetry(), target);
        CommitInfo info = new CommitInfo(answer.path("commitUrl").asText(null), answer.path("commitOid").asText(null),
                answer.path("pullRequestUrl").asText(null));
        LOG.info("Committed {} regular and {} LFS file(s) to {}: {}", regular.size(), lfs.size(), target.describe(),
                info.commitUrl());
        return info;
    }

    private static void line(ByteArrayOutputStream out, JsonNode node) throws IOException {
        out.write(HubHttp.JSON.writeValueAsBytes(node));
        out.write('\n');
    }

    private static byte[] read(FileChannel channel, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                throw new IOException("Unexpected end of file at byte " + (offset + buffer.position()));
            }
        }
        return buffer.array();
    }
}
