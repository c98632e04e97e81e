package io.st4j.examples.cli;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.io.Json;
import io.st4j.evaluation.BeirData;
import io.st4j.evaluation.StsData;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code st4j evaluate}: run an evaluator on files and print its metrics as one JSON object. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Evaluate a model on files.",
        subcommands = {EvaluateCommand.Sts.class, EvaluateCommand.Ir.class})
final class EvaluateCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** EmbeddingSimilarityEvaluator on a sentence1/sentence2/score TSV. */
    @Command(name = "sts", mixinStandardHelpOptions = true,
            description = "EmbeddingSimilarityEvaluator on a TSV with columns sentence1 sentence2 score.")
    static final class Sts implements Callable<Integer> {
        @Mixin
        ModelOption model;

        @Option(names = "--data", required = true)
        Path data;

        @Option(names = "--score-scale", defaultValue = "1", description = "Divide scores by this (e.g. 5).")
        double scoreScale;

        @Override
        public Integer call() throws Exception {
            SentenceTransformer st = model.load();
            Map<String, Double> metrics = StsData.read(data, scoreScale).evaluator().build().evaluate(st, null, -1, -1);
            System.out.println(Json.dumps(metrics));
            return 0;
        }
    }

    /** InformationRetrievalEvaluator on BEIR-style TSVs. */
    @Command(name = "ir", mixinStandardHelpOptions = true,
            description = "InformationRetrievalEvaluator on BEIR TSVs: query-id text; corpus-id title text; query-id corpus-id score.")
    static final class Ir implements Callable<Integer> {
        @Mixin
        ModelOption model;

        @Option(names = "--queries", required = true)
        Path queries;

        @Option(names = "--corpus", required = true)
        Path corpus;

        @Option(names = "--qrels", required = true)
        Path qrels;

        @Override
        public Integer call() throws Exception {
            SentenceTransformer st = model.load();
            Map<String, Double> metrics = BeirData.read(queries, corpus, qrels).evaluator().build()
                    .evaluate(st, null, -1, -1);
            System.out.println(Json.dumps(metrics));
            return 0;
        }
    }
}
