package io.st4j.hub;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.io.AtomicFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sentence-transformers' {@code push_to_hub}: a model saved with its model card ({@code README.md}) and
 * committed to a Hub model repository, created if needed.
 *
 * <pre>{@code
 * CommitInfo pushed = new ModelPush(HubClient.fromEnvironment()).push(model, "me/my-model",
 *         PushToHubOptions.defaults().withPrivateRepo(true).withCardData(cardData));
 * }</pre>
 */
public final class ModelPush {

    private static final Logger LOG = LoggerFactory.getLogger(ModelPush.class);
    private static final String CARD = "README.md";

    private final HubClient client;

    public ModelPush(HubClient client) {
        this.client = client;
    }

    /**
     * Saves {@code model} into a temporary folder with its model card, naming {@code repoId} as its id, and
     * commits it to {@code repoId}.
     *
     * @return the commit, with the pull request's URL when {@code createPr}
     */
    public CommitInfo push(SentenceTransformer model, String repoId, PushToHubOptions options) throws IOException {
        prepareRepository(repoId, options);
        Path temp = Files.createTempDirectory("st4j-push-");
        try {
            Path folder = temp.resolve("model");
            model.save(folder);
            SentenceTransformerModelCardData card = options.cardData() != null ? options.cardData()
                    : SentenceTransformerModelCardData.of(model);
            HubModelCardWriter.write(model, card.withModelId(repoId), folder);
            return upload(folder, repoId, options);
        } finally {
            AtomicFolder.deleteRecursively(temp);
        }
    }

    /**
     * Commits a saved model folder to {@code repoId} ({@code local_model_path}). A sentence-transformers
     * folder without a model card gets one first, written into the folder.
     */
    public CommitInfo pushFolder(Path folder, String repoId, PushToHubOptions options) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("Model folder " + folder + " does not exist or is not a folder");
        }
        prepareRepository(repoId, options);
        if (Files.exists(folder.resolve(CARD))) {
            LOG.debug("{} has a model card; pushed as it is", folder);
        } else if (isSentenceTransformersFolder(folder)) {
            LOG.info("Writing a model card into {}", folder);
            SentenceTransformerModelCardData card = options.cardData() != null ? options.cardData()
                    : SentenceTransformerModelCardData.builder().build();
            ModelCard.write(folder, card.withModelId(repoId),
                    ModelCard.ModelDescription.of(SentenceTransformer.load(folder), folder));
        } else {
            LOG.info("{} has no modules.json: pushed without a model card", folder);
        }
        return upload(folder, repoId, options);
    }

    private void prepareRepository(String repoId, PushToHubOptions options) throws IOException {
        client.createRepo(RepoType.MODEL, repoId, options.privateRepo(), options.existOk() || options.createPr());
        if (options.revision() != null) {
            client.createBranch(RepoType.MODEL, repoId, options.revision(), true);
        }
    }

    private CommitInfo upload(Path folder, String repoId, PushToHubOptions options) throws IOException {
        UploadOptions upload = UploadOptions.defaults().withPrivateRepo(options.privateRepo())
                .withCommitMessage(options.commitMessage()).withCreatePr(options.createPr());
        if (options.revision() != null) {
            upload = upload.withRevision(options.revision());
        }
        if (options.createPr()) {
            upload = upload.withCommitDescription(pullRequestDescription(folder, repoId));
        }
        CommitInfo commit = client.uploadFolder(RepoType.MODEL, repoId, folder, upload);
        LOG.info("Pushed {} to {}: {}", folder, repoId,
                commit.pullRequestUrl() != null ? commit.pullRequestUrl() : commit.commitUrl());
        return commit;
    }

    /** The pull request's description, as sentence-transformers writes it, with a Java way to try the PR. */
    private static String pullRequestDescription(Path folder, String repoId) throws IOException {
        StringBuilder text = new StringBuilder("Hello!\n\n*This pull request has been automatically generated from "
                + "the `push_to_hub` method of st4j, Sentence Transformers for Java.*\n\n");
        if (isSentenceTransformersFolder(folder)) {
            text.append("## Full Model Architecture:\n```\n").append(ModelArchitecture.of(folder)).append("\n```\n\n");
        }
        return text.append("## Tip:\nConsider testing this pull request before merging by loading the model from ")
                .append("this PR with the `revision` argument:\n```python\n")
                .append("from sentence_transformers import SentenceTransformer\n\n# TODO: Fill in the PR number\n")
                .append("pr_number = 2\nmodel = SentenceTransformer(\n    \"").append(repoId)
                .append("\",\n    revision=f\"refs/pr/{pr_number}\",\n)\n\n")
                .append("# Verify that everything works as expected\nembeddings = model.encode([\"The weather is ")
                .append("lovely today.\", \"It's so sunny outside!\", \"He drove to the stadium.\"])\n")
                .append("print(embeddings.shape)\n\nsimilarities = model.similarity(embeddings, embeddings)\n")
                .append("print(similarities)\n```\n").toString();
    }

    private static boolean isSentenceTransformersFolder(Path folder) {
        return Files.exists(folder.resolve("modules.json"));
    }
}
