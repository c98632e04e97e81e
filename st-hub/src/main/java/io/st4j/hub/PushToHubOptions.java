package io.st4j.hub;

import java.util.Objects;

/**
 * Options of {@link ModelPush}, as the arguments of sentence-transformers' {@code push_to_hub}.
 *
 * @param privateRepo create the repository as private
 * @param existOk push to an existing repository (else its existence is an error, unless {@code createPr})
 * @param commitMessage the commit's summary
 * @param revision the branch to push to, created from the default branch if missing; null: {@code main}
 * @param createPr open a pull request instead of committing to the branch
 * @param cardData the model card's metadata, or null for the model's own ({@link SentenceTransformerModelCardData#of});
 *     either way its model id is set to the repository pushed to
 */
public record PushToHubOptions(boolean privateRepo, boolean existOk, String commitMessage, String revision,
        boolean createPr, SentenceTransformerModelCardData cardData) {

    /** sentence-transformers' default commit message. */
    public static final String DEFAULT_COMMIT_MESSAGE = "Add new SentenceTransformer model";

    public PushToHubOptions {
        Objects.requireNonNull(commitMessage, "commitMessage");
    }

    /** A public repository that must not exist yet, {@code main}, the default message, the model's card data. */
    public static PushToHubOptions defaults() {
        return new PushToHubOptions(false, false, DEFAULT_COMMIT_MESSAGE, null, false, null);
    }

    public PushToHubOptions withPrivateRepo(boolean value) {
        return new PushToHubOptions(value, existOk, commitMessage, revision, createPr, cardData);
    }

    public PushToHubOptions withExistOk(boolean value) {
        return new PushToHubOptions(privateRepo, value, commitMessage, revision, createPr, cardData);
    }

    public PushToHubOptions withCommitMessage(String value) {
        return new PushToHubOptions(privateRepo, existOk, value, revision, createPr, cardData);
    }

    public PushToHubOptions withRevision(String value) {
        return new PushToHubOptions(privateRepo, existOk, commitMessage, value, createPr, cardData);
    }

    public PushToHubOptions withCreatePr(boolean value) {
        return new PushToHubOptions(privateRepo, existOk, commitMessage, revision, value, cardData);
    }

    public PushToHubOptions withCardData(SentenceTransformerModelCardData value) {
        return new PushToHubOptions(privateRepo, existOk, commitMessage, revision, createPr, value);
    }
}
