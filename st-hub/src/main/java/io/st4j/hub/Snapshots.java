package io.st4j.hub;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whole-repository download as huggingface_hub's {@code snapshot_download}: the file list from the repo
 * info, {@code refs/{revision}} written, each file fetched at the commit by up to 8 threads (files already
 * cached cost no request); the cached snapshot when the Hub cannot be asked.
 */
final class Snapshots {

    private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);
    private static final int MAX_WORKERS = 8;

    private final HubApi api;
    private final HubFiles files;
    private final HubCache cache;

    Snapshots(HubApi api, HubFiles files, HubCache cache) {
        this.api = api;
        this.files = files;
        this.cache = cache;
    }

    Path download(RepoType type, String repoId, String revision, SnapshotFilter filter) throws IOException {
        String rev = revision == null ? HubFiles.DEFAULT_REVISION : revision;
        Target target = Target.repo(type, RepoIds.check(repoId), rev);
        RepoInfo info;
        try {
            info = api.repoInfo(type, repoId, rev);
        } catch (RevisionNotFoundException e) {
            throw e;
        } catch (OfflineModeException | HubUnreachableException | HubHttpException e) {
            return fromCache(target, e);
        }
        String commit = info.sha();
        if (!RepoIds.isCommitHash(commit)) {
            throw new HubException("The Hub returned an invalid commit '" + commit + "' for " + target.describe());
        }
        if (!rev.equals(commit)) {
            cache.writeRef(type, repoId, rev, commit);
        }
        List<String> wanted = info.siblings().stream().filter(filter::accepts).toList();
        LOG.info("Fetching {} file(s) of {} at commit {}", wanted.size(), target.describe(), commit);
        downloadAll(type, repoId, commit, wanted);
        Path snapshot = cache.snapshot(type, repoId, commit);
        Files.createDirectories(snapshot);
        return snapshot;
    }

    /** Downloads {@code paths} at {@code commit} with up to {@value #MAX_WORKERS} in parallel, as huggingface_hub. */
    private void downloadAll(RepoType type, String repoId, String commit, List<String> paths) throws IOException {
        if (paths.size() <= 1) {
            for (String path : paths) {
                files.download(type, repoId, path, commit, false);
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(MAX_WORKERS, paths.size()), r -> {
            Thread thread = new Thread(r, "st4j-hub-snapshot");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Path>> futures = new ArrayList<>();
            for (String path : paths) {
                futures.add(pool.submit(() -> files.download(type, repoId, path, commit, false)));
            }
            for (Future<Path> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new HubException("Snapshot download of " + repoId + " failed: " + e.getCause(), e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while downloading " + repoId);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Re-hashes every cached file of a snapshot against the etag its blob is named by (sha256 or git blob
     * sha1) and fetches again those that are corrupt or missing.
     *
     * @return the repository paths fetched again
     */
    List<String> repair(RepoType type, String repoId, String revision) throws IOException {
        String rev = revision == null ? HubFiles.DEFAULT_REVISION : revision;
        Target target = Target.repo(type, RepoIds.check(repoId), rev);
        String commit = RepoIds.isCommitHash(rev) ? rev : cache.readRef(type, repoId, rev).orElse(null);
        Path snapshot = commit == null ? null : cache.snapshot(type, repoId, commit);
        if (snapshot == null || !Files.isDirectory(snapshot)) {
            throw new LocalEntryNotFoundException("No cached snapshot of " + target.describe() + " in "
                    + cache.repoFolder(type, repoId) + " to verify", null);
        }
        List<Path> pointers;
        try (Stream<Path> walk = Files.walk(snapshot)) {
            pointers = walk.filter(Files::isSymbolicLink).sorted().toList();
        }
        List<String> repaired = new ArrayList<>();
        for (Path pointer : pointers) {
            Path blob = pointer.getParent().resolve(Files.readSymbolicLink(pointer)).normalize();
            String path = snapshot.relativize(pointer).toString().replace('\\', '/');
            if (Files.isRegularFile(blob) && HubFiles.matchesEtag(blob, blob.getFileName().toString())) {
                continue;
            }
            LOG.warn("Cached {} is corrupt or missing ({}); fetching it again", target.withPath(path).describe(), blob);
            Files.deleteIfExists(blob);
            files.download(type, repoId, path, commit, true);
            repaired.add(path);
        }
        return repaired;
    }

    /** The cached snapshot for when the Hub could not be asked ({@code why}); otherwise the clearest error. */
    Path fromCache(Target target, HubException why) throws IOException {
        String rev = target.revision();
        String commit = RepoIds.isCommitHash(rev) ? rev : cache.readRef(target.type(), target.repoId(), rev).orElse(null);
        if (commit != null) {
            Path snapshot = cache.snapshot(target.type(), target.repoId(), commit);
            if (Files.isDirectory(snapshot)) {
                LOG.debug("Serving {} from the cache ({})", target.describe(), why.getMessage());
                return snapshot;
            }
        }
        if (why instanceof RepositoryNotFoundException || why instanceof GatedRepoException
                || why instanceof UnauthorizedException || why instanceof ForbiddenException) {
            throw why;
        }
        String reason = why instanceof OfflineModeException
                ? "offline mode is enabled (HF_HUB_OFFLINE)"
                : "the Hub could not be reached";
        throw new LocalEntryNotFoundException("No cached snapshot of " + target.describe() + " in "
                + cache.repoFolder(target.type(), target.repoId()) + " and " + reason
                + ". Download it once online.", why);
    }
}
