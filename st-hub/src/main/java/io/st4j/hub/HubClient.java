package io.st4j.hub;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A client of the Hugging Face Hub (or any server speaking its protocol, e.g. a mirror set with
 * {@code HF_ENDPOINT}) sharing huggingface_hub's cache on disk. Thread-safe.
 *
 * <pre>{@code
 * HubClient hub = HubClient.fromEnvironment();
 * Path folder = hub.snapshotDownload(RepoType.MODEL, "sentence-transformers/all-MiniLM-L6-v2", null, SnapshotFilter.ALL);
 * CommitInfo pushed = hub.uploadFolder(RepoType.MODEL, "me/my-model", trainedFolder, UploadOptions.defaults());
 * }</pre>
 */
public final class HubClient {

    private final HubConfig config;
    private final HubApi api;
    private final HubFiles files;
    private final Snapshots snapshots;
    private final CommitUploader uploader;
    private final HubCache cache;

    public HubClient(HubConfig config) {
        this.config = config;
        HubHttp http = new HubHttp(config);
        this.cache = new HubCache(config.cacheDir());
        this.api = new HubApi(http);
        this.files = new HubFiles(http, cache);
        this.snapshots = new Snapshots(api, files, cache);
        this.uploader = new CommitUploader(http, api);
    }

    /** A client configured from the environment as huggingface_hub would be ({@link HubConfig#fromEnvironment()}). */
    public static HubClient fromEnvironment() {
        return new HubClient(HubConfig.fromEnvironment());
    }

    public HubConfig config() {
        return config;
    }

    /** The repository at {@code revision} (null: the default branch): its commit and file list. */
    public RepoInfo repoInfo(RepoType type, String repoId, String revision) throws IOException {
        return api.repoInfo(type, repoId, revision);
    }

    /** The entries under {@code pathInRepo} (null or empty: the root) at {@code revision}, all pages. */
    public List<RepoFile> listRepoTree(RepoType type, String repoId, String revision, String pathInRepo,
            boolean recursive) throws IOException {
        return api.listTree(type, repoId, revision == null ? HubFiles.DEFAULT_REVISION : revision, pathInRepo,
                recursive);
    }

    /** The commit, etag, size and download location of a file, without downloading it. */
    public FileMetadata fileMetadata(RepoType type, String repoId, String path, String revision) throws IOException {
        return files.metadata(type, RepoIds.check(repoId), revision == null ? HubFiles.DEFAULT_REVISION : revision,
                RepoIds.checkPath(path));
    }

    /**
     * The cached copy of one file ({@code snapshots/{commit}/{path}}), downloaded if needed
     * ({@code hf_hub_download}). Served from the cache when offline or when the Hub cannot be reached.
     *
     * @param revision branch, tag or commit hash; null for {@code main}
     */
    public Path downloadFile(RepoType type, String repoId, String path, String revision) throws IOException {
        return files.download(type, repoId, path, revision, false);
    }

    /** As {@link #downloadFile} but fetching the file again even if cached. */
    public Path forceDownloadFile(RepoType type, String repoId, String path, String revision) throws IOException {
        return files.download(type, repoId, path, revision, true);
    }

    /**
     * The cached snapshot folder of a repository ({@code snapshots/{commit}}) holding the files that
     * {@code filter} accepts ({@code snapshot_download}).
     *
     * @param revision branch, tag or commit hash; null for {@code main}
     */
    public Path snapshotDownload(RepoType type, String repoId, String revision, SnapshotFilter filter)
            throws IOException {
        return snapshots.download(type, repoId, revision, filter);
    }

    /**
     * Checks every cached file of a snapshot against its hash (the etag its blob is named by) and fetches
     * again those found corrupt or missing; returns their paths. Needs the Hub only for those.
     */
    public List<String> verifySnapshot(RepoType type, String repoId, String revision) throws IOException {
        return snapshots.repair(type, repoId, revision);
    }

    /** Records in the cache that {@code revision} points to {@code commit} (no-op for a commit hash). */
    void recordRef(RepoType type, String repoId, String revision, String commit) throws IOException {
        if (!revision.equals(commit)) {
            cache.writeRef(type, RepoIds.check(repoId), revision, commit);
        }
    }

    /** The cached snapshot folder of a revision, for when the Hub could not be asked ({@code why}). */
    Path cachedSnapshot(RepoType type, String repoId, String revision, HubException why) throws IOException {
        return snapshots.fromCache(Target.repo(type, RepoIds.check(repoId), revision), why);
    }

    /** The user name of the token's owner (huggingface_hub's {@code whoami()["name"]}). */
    public String whoami() throws IOException {
        return api.whoami();
    }

    /** Creates a repository (409 "already exists" is fine when {@code existOk}); returns its URL. */
    public String createRepo(RepoType type, String repoId, boolean isPrivate, boolean existOk) throws IOException {
        return api.createRepo(type, repoId, isPrivate, existOk);
    }

    /** Creates a branch from the default branch's head (409 "already exists" is fine when {@code existOk}). */
    public void createBranch(RepoType type, String repoId, String branch, boolean existOk) throws IOException {
        api.createBranch(type, repoId, branch, existOk);
    }

    /**
     * Creates the repository if needed ({@code exist_ok}) and commits the files of {@code folder} that
     * changed (LFS for large or binary files as the Hub decides).
     */
    public CommitInfo uploadFolder(RepoType type, String repoId, Path folder, UploadOptions options)
            throws IOException {
        api.createRepo(type, repoId, options.privateRepo(), true);
        return uploader.uploadFolder(type, repoId, folder, options);
    }
}
