package io.st4j.examples.cli;

import io.st4j.hub.HubClient;
import io.st4j.hub.RepoType;
import io.st4j.hub.UploadOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code st4j push DIR ID}: upload a model folder to a Hub repository (created if missing). */
@Command(name = "push", mixinStandardHelpOptions = true,
        description = "Upload a model folder to a Hub model repository, creating it if needed (token: HF_TOKEN).")
final class PushCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The model folder.")
    Path folder;

    @Parameters(index = "1", paramLabel = "ID", description = "Repository id, e.g. my-org/my-model.")
    String id;

    @Option(names = "--private", description = "Create the repository as private.")
    boolean privateRepo;

    @Option(names = "--message", defaultValue = "Add new SentenceTransformer model", description = "Commit message.")
    String message;

    @Override
    public Integer call() throws Exception {
        var commit = HubClient.fromEnvironment().uploadFolder(RepoType.MODEL, id, folder,
                UploadOptions.defaults().withPrivateRepo(privateRepo).withCommitMessage(message));
        System.out.println(commit.commitUrl());
        return 0;
    }
}
