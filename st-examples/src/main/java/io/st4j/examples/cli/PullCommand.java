package io.st4j.examples.cli;

import io.st4j.hub.HubModelSource;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code st4j pull ID}: download a model from the Hub into the huggingface_hub cache and print its folder. */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = "Download a model repository into the Hugging Face cache (shared with Python); print its folder.")
final class PullCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ID", description = "Repository id, e.g. sentence-transformers/all-MiniLM-L6-v2.")
    String id;

    @Option(names = "--revision", description = "Branch, tag or commit (default: main).")
    String revision;

    @Override
    public Integer call() throws Exception {
        Path folder = new HubModelSource().resolve(id, revision).orElseThrow();
        System.out.println(folder);
        return 0;
    }
}
