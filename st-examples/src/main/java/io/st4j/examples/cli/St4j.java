package io.st4j.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code st4j} command line. */
@Command(name = "st4j", mixinStandardHelpOptions = true, version = "st4j 0.1.0",
        description = "Sentence Transformers for Java: encode, import, train and evaluate sentence embedding models.",
        subcommands = {QuickstartCommand.class, TrainCommand.class, EncodeCommand.class, EvaluateCommand.class,
                ImportOnnxCommand.class, PullCommand.class, PushCommand.class, BenchCommand.class})
public final class St4j implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new St4j()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
