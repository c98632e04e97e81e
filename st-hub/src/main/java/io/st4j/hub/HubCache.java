package io.st4j.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The huggingface_hub cache layout: {@code {root}/models--org--name/{blobs,snapshots,refs,.no_exist}} and
 * {@code {root}/.locks/models--org--name/{etag}.lock}. Snapshot files are relative symbolic links to
 * {@code ../../blobs/{etag}} (copies where the file system has no symbolic links).
 */
final class HubCache {

    private static final Logger LOG = LoggerFactory.getLogger(HubCache.class);

    private final Path root;

    HubCache(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** {@code models--org--name}, {@code datasets--org--name}. */
    static String repoFolderName(RepoType type, String repoId) {
        return type.plural() + "--" + repoId.replace("/", "--");
    }

    Path repoFolder(RepoType type, String repoId) {
        return root.resolve(repoFolderName(type, repoId));
    }

    Path blob(RepoType type, String repoId, String etag) {
        return repoFolder(type, repoId).resolve("blobs").resolve(checkName(etag, "etag"));
    }

    Path snapshot(RepoType type, String repoId, String commit) {
        return repoFolder(type, repoId).resolve("snapshots").resolve(checkName(commit, "commit"));
    }

    Path pointer(RepoType type, String repoId, String commit, String path) {
        return snapshot(type, repoId, commit).resolve(RepoIds.checkPath(path));
    }

    Path noExist(RepoType type, String repoId, String commit, String path) {
        return repoFolder(type, repoId).resolve(".no_exist").resolve(checkName(commit, "commit"))
                .resolve(RepoIds.checkPath(path));
    }

    Path ref(RepoType type, String repoId, String revision) {
        return repoFolder(type, repoId).resolve("refs").resolve(RepoIds.checkPath(revision));
    }

    Path lock(RepoType type, String repoId, String etag) {
        return root.resolve(".locks").resolve(repoFolderName(type, repoId)).resolve(checkName(etag, "etag") + ".lock");
    }

    /** The commit a branch or tag pointed to when last seen online. */
    Optional<String> readRef(RepoType type, String repoId, String revision) throws IOException {
        Path ref = ref(type, repoId, revision);
        if (!Files.isRegularFile(ref)) {
            return Optional.empty();
        }
        String commit = Files.readString(ref, StandardCharsets.UTF_8).strip();
        return commit.isEmpty() ? Optional.empty() : Optional.of(commit);
    }

    /** Records that {@code revision} points to {@code commit} (the file holds the bare hash, no newline). */
    void writeRef(RepoType type, String repoId, String revision, String commit) throws IOException {
        if (readRef(type, repoId, revision).filter(commit::equals).isPresent()) {
            return;
        }
        Path ref = ref(type, repoId, revision);
        Files.createDirectories(ref.getParent());
        Path temp = Files.createTempFile(ref.getParent(), ".ref", ".tmp");
        Files.writeString(temp, commit, StandardCharsets.UTF_8);
        Files.move(temp, ref, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Creates the empty marker saying {@code path} does not exist at {@code commit}. */
    void markMissing(RepoType type, String repoId, String commit, String path) throws IOException {
        Path marker = noExist(type, repoId, commit, path);
        Files.createDirectories(marker.getParent());
        if (!Files.exists(marker)) {
            Files.createFile(marker);
        }
    }

    /** Points {@code pointer} at {@code blob} with a relative symbolic link, replacing what was there. */
    void link(Path blob, Path pointer) throws IOException {
        Files.createDirectories(pointer.getParent());
        Path relative = pointer.getParent().relativize(blob);
        Files.deleteIfExists(pointer);
        try {
            Files.createSymbolicLink(pointer, relative);
        } catch (FileAlreadyExistsException e) {
            LOG.debug("{} was linked concurrently", pointer);
        } catch (UnsupportedOperationException | IOException e) {
            LOG.warn("Cannot create a symbolic link in {} ({}); copying the blob instead", pointer.getParent(), e.toString());
            Path temp = Files.createTempFile(pointer.getParent(), ".copy", ".tmp");
            Files.copy(blob, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, pointer, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static String checkName(String name, String what) {
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IllegalArgumentException("Invalid " + what + " from the Hub: '" + name + "'");
        }
        return name;
    }
}
