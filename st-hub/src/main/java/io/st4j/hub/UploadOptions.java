package io.st4j.hub;

import java.util.Objects;

/**
 * Options of {@link HubClient#uploadFolder}: branch, commit message and description, whether to open a
 * pull request instead of committing to the branch, the expected parent commit, which files to send,
 * and the visibility of the repository if it has to be created.
 */
public record UploadOptions(String revision, String commitMessage, String commitDescription, boolean createPr,
        String parentCommit, SnapshotFilter filter, boolean privateRepo) {

    public UploadOptions {
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(commitMessage, "commitMessage");
        commitDescription = commitDescription == null ? "" : commitDescription;
        Objects.requireNonNull(filter, "filter");
    }

    /** Commit to {@code main} with huggingface_hub's default message, every file, public repository. */
    public static UploadOptions defaults() {
        return new UploadOptions(HubFiles.DEFAULT_REVISION, "Upload folder using huggingface_hub", "", false, null,
                SnapshotFilter.ALL, false);
    }

    public UploadOptions withRevision(String value) {
        return new UploadOptions(value, commitMessage, commitDescription, createPr, parentCommit, filter, privateRepo);
    }

    public UploadOptions withCommitMessage(String value) {
        return new UploadOptions(revision, value, commitDescription, createPr, parentCommit, filter, privateRepo);
    }

    public UploadOptions withCommitDescription(String value) {
        return new UploadOptions(revision, commitMessage, value, createPr, parentCommit, filter, privateRepo);
    }

    public UploadOptions withCreatePr(boolean value) {
        return new UploadOptions(revision, commitMessage, commitDescription, value, parentCommit, filter, privateRepo);
    }

    public UploadOptions withParentCommit(String value) {
        return new UploadOptions(revision, commitMessage, commitDescription, createPr, value, filter, privateRepo);
    }

    public UploadOptions withFilter(SnapshotFilter value) {
        return new UploadOptions(revision, commitMessage, commitDescription, createPr, parentCommit, value, privateRepo);
    }

    public UploadOptions withPrivateRepo(boolean value) {
        return new UploadOptions(revision, commitMessage, commitDescription, createPr, parentCommit, filter, value);
    }
}
