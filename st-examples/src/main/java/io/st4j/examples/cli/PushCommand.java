package io.st4j.examples.cli;

import io.st4j.hub.CommitInfo;
import io.st4j.hub.HubClient;
import io.st4j.hub.ModelPush;
import io.st4j.hub.PushToHubOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code st4j push DIR ID}: upload a model folder to a Hub repository (created if missing), with a model
 * card written into the folder first when it has none.
 */
@Command(name = "push", mixinStandardHelpOptions = true,
        description = "Upload a model folder to a Hub model repository, creating it if needed (token: HF_TOKEN)."
                + " A sentence-transformers folder without README.md gets a model card first.")
final class PushCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The model folder.")
    Path folder;

    @Parameters(index = "1", paramLabel = "ID", description = "Repository id, e.g. my-org/my-model.")
    String id;

    @Option(names = "--private", description = "Create the repository as private.")
    boolean privateRepo;

    @Option(names = "--message", defaultValue = PushToHubOptions.DEFAULT_COMMIT_MESSAGE, description = "Commit message.")
    String message;

    @Option(names = "--revision", description = "Branch to push to, created if missing (default: main).")
    String revision;

    @Option(names = "--create-pr", description = "Open a pull request instead of committing to the branch.")
    boolean createPr;

    @Override
    public Integer call() throws Exception {
        CommitInfo commit = new ModelPush(HubClient.fromEnvironment()).pushFolder(folder, id,
                PushToHubOptions.defaults().withExistOk(true).withPrivateRepo(privateRepo).withCommitMessage(message)
                        .withRevision(revision).withCreatePr(createPr));
        System.out.println(commit.pullRequestUrl() != null ? commit.pullRequestUrl() : commit.commitUrl());
        return 0;
    }
}
