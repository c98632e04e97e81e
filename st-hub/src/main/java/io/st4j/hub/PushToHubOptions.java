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
 * @param cardData the model card's metadata; its model id is set to the repository pushed to
 * @param trainingDetails what the card shows of the training run ({@link ModelCardCallback}), or null
 */
public record PushToHubOptions(boolean privateRepo, boolean existOk, String commitMessage, String revision,
        boolean createPr, SentenceTransformerModelCardData cardData, TrainingDetails trainingDetails) {

    /** sentence-transformers' default commit message. */
    public static final String DEFAULT_COMMIT_MESSAGE = "Add new SentenceTransformer model";

    public PushToHubOptions {
        Objects.requireNonNull(commitMessage, "commitMessage");
        Objects.requireNonNull(cardData, "cardData");
    }

    /** A public repository that must not exist yet, {@code main}, the default message, a card without metadata. */
    public static PushToHubOptions defaults() {
        return new PushToHubOptions(false, false, DEFAULT_COMMIT_MESSAGE, null, false,
                SentenceTransformerModelCardData.builder().build(), null);
    }

    public PushToHubOptions withPrivateRepo(boolean value) {
        return new PushToHubOptions(value, existOk, commitMessage, revision, createPr, cardData, trainingDetails);
    }

    public PushToHubOptions withExistOk(boolean value) {
        return new PushToHubOptions(privateRepo, value, commitMessage, revision, createPr, cardData, trainingDetails);
    }

    public PushToHubOptions withCommitMessage(String value) {
        return new PushToHubOptions(privateRepo, existOk, value, revision, createPr, cardData, trainingDetails);
    }

    public PushToHubOptions withRevision(String value) {
        return new PushToHubOptions(privateRepo, existOk, commitMessage, value, createPr, cardData, trainingDetails);
    }

    public PushToHubOptions withCreatePr(boolean value) {
        return new PushToHubOptions(privateRepo, existOk, commitMessage, revision, value, cardData, trainingDetails);
    }

    public PushToHubOptions withCardData(SentenceTransformerModelCardData value) {
        return new PushToHubOptions(privateRepo, existOk, commitMessage, revision, createPr, value, trainingDetails);
    }

    public PushToHubOptions withTrainingDetails(TrainingDetails value) {
        return new PushToHubOptions(privateRepo, existOk, commitMessage, revision, createPr, cardData, value);
    }
}
