package io.st4j.examples.cli;

import io.st4j.core.SentenceTransformer;
import io.st4j.hub.DefaultModel;
import java.io.IOException;
import picocli.CommandLine.Option;

/** The {@code --model} option shared by commands: a folder or Hub id, else the built-in all-MiniLM-L6-v2. */
final class ModelOption {

    @Option(names = "--model", paramLabel = "DIR|ID",
            description = "Model folder or Hub id (default: the built-in all-MiniLM-L6-v2).")
    String model;

    SentenceTransformer load() throws IOException {
        return model == null ? SentenceTransformer.load(DefaultModel.folder()) : SentenceTransformer.load(model);
    }
}
