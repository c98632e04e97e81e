package io.st4j.examples.training;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.modules.StaticEmbedding;
import io.st4j.core.train.IntervalStrategy;
import io.st4j.core.train.LoggingCallback;
import io.st4j.core.train.SentenceTransformerTrainer;
import io.st4j.core.train.SentenceTransformerTrainingArguments;
import io.st4j.data.ColumnType;
import io.st4j.data.Dataset;
import io.st4j.data.load.CsvLoader;
import io.st4j.data.sampler.BatchSamplers;
import io.st4j.evaluation.BeirData;
import io.st4j.evaluation.EmbeddingSimilarityEvaluator;
import io.st4j.evaluation.InformationRetrievalEvaluator;
import io.st4j.evaluation.StsData;
import io.st4j.hub.DefaultModel;
import io.st4j.losses.MatryoshkaLoss;
import io.st4j.losses.MultipleNegativesRankingLoss;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Port of sentence-transformers' static embedding recipe ({@code train_static_embedding.py}, the
 * static-retrieval-mrl-en-v1 model): {@code StaticEmbedding(tokenizer, embedding_dim=512)} over the
 * bert-base-uncased WordPiece vocabulary (all-MiniLM-L6-v2's {@code tokenizer.json}), trained from random
 * initialization with MultipleNegativesRankingLoss inside MatryoshkaLoss (dims 512, 256, 128, 64, 32),
 * large batches, a high learning rate and the NO_DUPLICATES sampler. The recipe's web-scale pairs are
 * replaced by what is local: SNLI entailment pairs (premise, hypothesis) and SciFact corpus pairs (title,
 * abstract; the corpus only, no query or relevance label), as two datasets sampled proportionally.
 * SciFact retrieval (InformationRetrievalEvaluator, cosine nDCG@10) and STS-B dev Spearman are measured
 * before and after.
 *
 * <p>Arguments: {@code [MAX_STEPS] [BATCH_SIZE] [DATA_DIR] [OUTPUT_DIR] [DATASETS]}
 * (defaults: 200, 512, ../shared/data, st4j-static-embedding, {@code snli,scifact-corpus}).
 */
public final class TrainStaticEmbedding {

    private TrainStaticEmbedding() {
    }

    public static void main(String[] args) throws Exception {
        int maxSteps = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        Path data = Path.of(args.length > 2 ? args[2] : "../shared/data");
        Path output = Path.of(args.length > 3 ? args[3] : "st4j-static-embedding");
        List<String> datasets = List.of((args.length > 4 ? args[4] : "snli,scifact-corpus").split(","));

        Path scifact = data.resolve("retrieval/scifact");
        BeirData beir = BeirData.read(scifact.resolve("queries.tsv"), scifact.resolve("corpus.tsv"),
                scifact.resolve("qrels.tsv"));
        InformationRetrievalEvaluator ir = beir.evaluator().name("scifact").build();
        EmbeddingSimilarityEvaluator sts = StsData.read(data.resolve("sts/stsb_dev.tsv"), 5.0).evaluator()
                .name("sts-dev").build();

        StaticEmbedding embedding = StaticEmbedding.random(DefaultModel.folder(), 512);
        SentenceTransformer model = SentenceTransformer.of(embedding);
        Map<String, Double> before = evaluate(model, ir, sts);

        SentenceTransformerTrainingArguments trainingArgs = SentenceTransformerTrainingArguments.builder(output)
                .overwriteOutputDir(true).maxSteps(maxSteps).perDeviceTrainBatchSize(batchSize).learningRate(0.2)
                .warmupRatio(0.1).batchSampler(BatchSamplers.NO_DUPLICATES).saveStrategy(IntervalStrategy.NO)
                // An epoch's last batch can be a single pair, which teaches nothing in-batch and on which
                // MatryoshkaLoss's slice gradient fails in SameDiff 1.0.0-M2.1; drop it.
                .dataloaderDropLast(true)
                .loggingSteps(10).seed(12).build();
        SentenceTransformerTrainer.Builder trainer = SentenceTransformerTrainer.builder(model, trainingArgs)
                .loss(new MatryoshkaLoss(new MultipleNegativesRankingLoss(), 512, 256, 128, 64, 32))
                .callback(new LoggingCallback());
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (String name : datasets) {
            Dataset pairs = switch (name) {
                case "snli" -> snliEntailmentPairs(data.resolve("nli/snli_dev.tsv"));
                case "scifact-corpus" -> titleAbstractPairs(scifact.resolve("corpus.tsv"));
                default -> throw new IllegalArgumentException("unknown dataset '" + name
                        + "'; choose among snli, scifact-corpus");
            };
            trainer.trainDataset(name, pairs);
            sizes.put(name, pairs.numRows());
        }
        long start = System.nanoTime();
        trainer.build().train();
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> after = evaluate(model, ir, sts);
        model.save(output.resolve("final"));

        System.out.printf("trained %d steps of %d pairs on %s in %.0f s%n", maxSteps, batchSize, sizes, seconds);
        for (String metric : before.keySet()) {
            System.out.printf("%-28s random init %.4f -> trained %.4f%n", metric, before.get(metric), after.get(metric));
        }
    }

    private static Map<String, Double> evaluate(SentenceTransformer model, InformationRetrievalEvaluator ir,
                                                EmbeddingSimilarityEvaluator sts) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(ir.primaryMetric(), ir.evaluate(model, null, -1, -1).get(ir.primaryMetric()));
        metrics.put(sts.primaryMetric(), sts.evaluate(model, null, -1, -1).get(sts.primaryMetric()));
        return metrics;
    }

    /** (premise, hypothesis) of every entailment row. */
    static Dataset snliEntailmentPairs(Path nliTsv) {
        Dataset nli = CsvLoader.tsv().columnType("label", ColumnType.TEXT).build().load(nliTsv);
        List<String> anchors = new ArrayList<>();
        List<String> positives = new ArrayList<>();
        for (int i = 0; i < nli.numRows(); i++) {
            var row = nli.row(i);
            if (row.text("label").equals("entailment")) {
                anchors.add(row.text("premise"));
                positives.add(row.text("hypothesis"));
            }
        }
        return pairs(anchors, positives);
    }

    /** (title, abstract) of every SciFact document that has both. */
    static Dataset titleAbstractPairs(Path corpusTsv) {
        Dataset corpus = CsvLoader.tsv().columnType("corpus-id", ColumnType.TEXT).build().load(corpusTsv);
        List<String> titles = new ArrayList<>();
        List<String> abstracts = new ArrayList<>();
        for (int i = 0; i < corpus.numRows(); i++) {
            var row = corpus.row(i);
            if (!row.text("title").isBlank() && !row.text("text").isBlank()) {
                titles.add(row.text("title"));
                abstracts.add(row.text("text"));
            }
        }
        return pairs(titles, abstracts);
    }

    private static Dataset pairs(List<String> anchors, List<String> positives) {
        Map<String, List<?>> columns = new LinkedHashMap<>();
        columns.put("anchor", anchors);
        columns.put("positive", positives);
        return Dataset.fromMap(columns);
    }
}
