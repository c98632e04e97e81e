package io.st4j.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-file download into the cache, as huggingface_hub's {@code hf_hub_download}: metadata by
 * {@code HEAD}, blob named by etag written as {@code {etag}.incomplete} under a lock (resumed with
 * {@code Range}), verified, renamed, then linked from {@code snapshots/{commit}/{path}}; the cache alone
 * when offline or when the Hub cannot be reached.
 */
final class HubFiles {

    static final String HEADER_REPO_COMMIT = "X-Repo-Commit";
    static final String HEADER_LINKED_ETAG = "X-Linked-Etag";
    static final String HEADER_LINKED_SIZE = "X-Linked-Size";
    static final String DEFAULT_REVISION = "main";

    private static final Logger LOG = LoggerFactory.getLogger(HubFiles.class);
    private static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}$");
    private static final Pattern SHA1 = Pattern.compile("^[0-9a-f]{40}$");

    private final HubHttp http;
    private final HubCache cache;

    HubFiles(HubHttp http, HubCache cache) {
        this.http = http;
        this.cache = cache;
    }

    /** {@code {endpoint}/{prefix}{repoId}/resolve/{revision}/{path}}. */
    URI resolveUri(RepoType type, String repoId, String revision, String path) {
        return http.endpointUri("/" + type.urlPrefix() + repoId + "/resolve/" + UrlPaths.segment(revision) + "/"
                + UrlPaths.path(path));
    }

    /** {@code HEAD} of a file, following only relative redirects. */
    FileMetadata metadata(RepoType type, String repoId, String revision, String path) throws IOException {
        Target target = new Target(type, repoId, revision, path);
        HubHttp.Call call = HubHttp.Call.of("HEAD", resolveUri(type, repoId, revision, path),
                http.config().etagTimeout()).header("Accept-Encoding", "identity");
        HttpResponse<InputStream> response = http.sendFollowingRelativeRedirects(call, target);
        response.body().close();
        var headers = response.headers();
        boolean redirect = HubHttp.isRedirect(response.statusCode());
        String etag = headers.firstValue(HEADER_LINKED_ETAG).or(() -> headers.firstValue("ETag"))
                .map(HubFiles::normalizeEtag).orElse(null);
        String size = headers.firstValue(HEADER_LINKED_SIZE)
                .or(() -> redirect ? Optional.empty() : headers.firstValue("Content-Length")).orElse(null);
        URI location = redirect
                ? response.uri().resolve(headers.firstValue("Location").orElseThrow())
                : response.uri();
        return new FileMetadata(headers.firstValue(HEADER_REPO_COMMIT).orElse(null), etag, location,
                size == null ? null : Long.valueOf(size));
    }

    /** The cached path of {@code path} at {@code revision}, downloading it if needed. */
    Path download(RepoType type, String repoId, String path, String revision, boolean force) throws IOException {
        String rev = revision == null ? DEFAULT_REVISION : revision;
        Target target = new Target(type, RepoIds.check(repoId), rev, RepoIds.checkPath(path));
        if (!force && RepoIds.isCommitHash(rev)) {
            Path pointer = cache.pointer(type, repoId, rev, path);
            if (Files.exists(pointer)) {
                return pointer;
            }
        }
        FileMetadata meta;
        try {
            meta = metadata(type, repoId, rev, path);
        } catch (EntryNotFoundException e) {
            if (e.commitHash() != null && RepoIds.isCommitHash(e.commitHash())) {
                cache.markMissing(type, repoId, e.commitHash(), path);
                if (!rev.equals(e.commitHash())) {
                    cache.writeRef(type, repoId, rev, e.commitHash());
                }
            }
            throw e;
        } catch (RevisionNotFoundException e) {
            throw e;
        } catch (OfflineModeException | HubUnreachableException | HubHttpException e) {
            if (force) {
                throw e;
            }
            return fromCache(target, e);
        }
        if (meta.commitHash() == null || !RepoIds.isCommitHash(meta.commitHash())) {
            throw new HubException("The Hub did not send a valid " + HEADER_REPO_COMMIT + " header for "
                    + target.describe() + ": '" + meta.commitHash() + "'");
        }
        if (meta.etag() == null || meta.etag().isEmpty()) {
            throw new HubException("The Hub sent no ETag for " + target.describe()
                    + "; the file cannot be cached reliably");
        }
        String commit = meta.commitHash();
        if (!rev.equals(commit)) {
            cache.writeRef(type, repoId, rev, commit);
        }
        Path blob = cache.blob(type, repoId, meta.etag());
        Path pointer = cache.pointer(type, repoId, commit, path);
        if (!force && Files.exists(pointer)) {
            return pointer;
        }
        if (!force && Files.exists(blob)) {
            cache.link(blob, pointer);
            return pointer;
        }
        BlobLock lock = BlobLock.acquire(cache.lock(type, repoId, meta.etag()));
        try {
            if (force || !Files.exists(blob)) {
                Path incomplete = blob.resolveSibling(blob.getFileName() + ".incomplete");
                if (force) {
                    Files.deleteIfExists(incomplete);
                }
                Files.createDirectories(blob.getParent());
                fetch(meta.location(), incomplete, meta.size(), target);
                verify(incomplete, meta.etag(), meta.size(), target);
                Files.move(incomplete, blob, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            lock.close();
        }
        cache.link(blob, pointer);
        return pointer;
    }

    /** The cached file when the Hub could not be asked; otherwise the clearest error. */
    private Path fromCache(Target target, HubException why) throws IOException {
        String commit = RepoIds.isCommitHash(target.revision()) ? target.revision()
                : cache.readRef(target.type(), target.repoId(), target.revision()).orElse(null);
        if (commit != null) {
            Path pointer = cache.pointer(target.type(), target.repoId(), commit, target.path());
            if (Files.exists(pointer)) {
                LOG.debug("Serving {} from the cache ({})", target.describe(), why.getMessage());
                return pointer;
            }
            if (Files.exists(cache.noExist(target.type(), target.repoId(), commit, target.path()))) {
                throw new EntryNotFoundException("File not found: " + target.describe() + " (the cache records that it"
                        + " does not exist at commit " + commit + "; the Hub could not be asked: " + why.getMessage()
                        + ")", 404, "EntryNotFound", null, commit);
            }
        }
        if (why instanceof RepositoryNotFoundException || why instanceof GatedRepoException
                || why instanceof UnauthorizedException || why instanceof ForbiddenException) {
            throw why;
        }
        String reason = why instanceof OfflineModeException
                ? "offline mode is enabled (HF_HUB_OFFLINE)"
                : "the Hub could not be reached";
        throw new LocalEntryNotFoundException("Cannot find " + target.describe() + " in the cache "
                + cache.repoFolder(target.type(), target.repoId()) + " and " + reason + ". Download it once online.",
                why);
    }

    /** Streams {@code location} into {@code incomplete}, resuming from its current size with Range. */
    private void fetch(URI location, Path incomplete, Long expectedSize, Target target) throws IOException {
        RetryPolicy policy = http.config().retryPolicy();
        for (int attempt = 0; ; attempt++) {
            long have = Files.exists(incomplete) ? Files.size(incomplete) : 0;
            if (expectedSize != null && have == expectedSize) {
                return;
            }
            if (expectedSize != null && have > expectedSize) {
                Files.delete(incomplete);
                have = 0;
            }
            HubHttp.Call call = HubHttp.Call.of("GET", location, http.config().downloadTimeout());
            if (have > 0) {
                call = call.header("Range", "bytes=" + have + "-");
                LOG.info("Resuming {} from byte {}", target.describe(), have);
            }
            HttpResponse<InputStream> response = http.sendFollowingRedirects(call, target);
            boolean append = have > 0 && response.statusCode() == 206;
            try (InputStream in = response.body();
                    OutputStream out = Files.newOutputStream(incomplete, StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE,
                            append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                StallGuard.copy(in, out, http.config().downloadTimeout());
                return;
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                if (attempt >= policy.maxRetries()) {
                    throw new HubUnreachableException("Download of " + target.describe() + " from "
                            + HubHttp.display(location) + " failed after " + (attempt + 1) + " attempt(s); "
                            + Files.size(incomplete) + " bytes are kept in " + incomplete + " to resume: " + e, e);
                }
                LOG.warn("Download of {} interrupted ({}); resuming, retry {}/{}", target.describe(), e, attempt + 1,
                        policy.maxRetries());
                sleep(policy.waitBefore(attempt + 1, null).toMillis());
            }
        }
    }

    /**
     * Checks size and hash: sha256 for an LFS etag (64 hex), the git blob sha1 for a git etag (40 hex).
     * Deletes the file on mismatch.
     */
    private static void verify(Path file, String etag, Long expectedSize, Target target) throws IOException {
        long size = Files.size(file);
        String problem = null;
        if (expectedSize != null && size != expectedSize) {
            problem = "size " + size + " instead of " + expectedSize;
        } else {
            String actual = contentHash(file, etag);
            if (actual != null && !actual.equals(etag)) {
                problem = (SHA256.matcher(etag).matches() ? "sha256 " : "git blob sha1 ") + actual + " instead of "
                        + etag;
            }
        }
        if (problem != null) {
            Files.deleteIfExists(file);
            throw new ChecksumMismatchException("Downloaded " + target.describe() + " is corrupt: " + problem
                    + ". Nothing was kept in the cache; download it again.");
        }
    }

    /** True when {@code file}'s content hashes to {@code etag} (or the etag is not a hash to check). */
    static boolean matchesEtag(Path file, String etag) throws IOException {
        String actual = contentHash(file, etag);
        return actual == null || actual.equals(etag);
    }

    /** The hash of the kind {@code etag} is: sha256 (64 hex), git blob sha1 (40 hex); null for others. */
    private static String contentHash(Path file, String etag) throws IOException {
        if (SHA256.matcher(etag).matches()) {
            return digest(file, "SHA-256", null);
        }
        if (SHA1.matcher(etag).matches()) {
            return digest(file, "SHA-1", ("blob " + Files.size(file) + "\0").getBytes(StandardCharsets.US_ASCII));
        }
        return null;
    }

    static String digest(Path file, String algorithm, byte[] prefix) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is not available in this JVM", e);
        }
        if (prefix != null) {
            digest.update(prefix);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String normalizeEtag(String etag) {
        String value = etag.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        return value.replace("\"", "");
    }

    private static void sleep(long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting to resume a download");
        }
    }
}
