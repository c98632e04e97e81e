package io.st4j.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.st4j.core.SentenceTransformer;
import io.st4j.core.modules.InputModule;
import io.st4j.core.modules.Normalize;
import io.st4j.core.modules.Pooling;
import io.st4j.core.modules.PoolingMode;
import io.st4j.core.modules.TokenBatch;
import io.st4j.core.modules.Transformer;
import io.st4j.core.train.GradientStep;
import io.st4j.core.train.Loss;
import io.st4j.losses.CachedMultipleNegativesRankingLoss;
import io.st4j.losses.MultipleNegativesRankingLoss;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The child JVM of {@link LossMemoryBenchmark}: loads the model, tokenizes the pairs (each column padded to its
 * own longest text, as the trainer's collator does), runs {@code --steps} gradient computations of one loss
 * through the trainer's {@link GradientStep} (no optimizer), and prints one {@link LossMemoryBenchmark#RESULT_PREFIX}
 * line with its peak memory. Logs go to stderr.
 */
@Command(name = "loss-memory-child", mixinStandardHelpOptions = true,
        description = "One variant of 'st4j bench loss-memory', run in its own JVM.")
public final class LossMemoryChild implements Callable<Integer> {

    @Option(names = "--variant", required = true, description = "${COMPLETION-CANDIDATES}")
    LossMemoryBenchmark.Variant variant;

    @Option(names = "--model", required = true, description = "A BERT-family model folder.")
    Path model;

    @Option(names = "--pairs", required = true, description = "JSON with 'anchors' and 'positives' lists: one batch.")
    Path pairs;

    @Option(names = "--mini-batch-size", defaultValue = "32")
    int miniBatchSize;

    @Option(names = "--max-seq-length", defaultValue = "0", description = "0: the model's own.")
    int maxSeqLength;

    @Option(names = "--steps", defaultValue = "2")
    int steps;

    @Option(names = "--gc-interval-ms", defaultValue = "0",
            description = "Also run System.gc() this often during the steps (0: only where the trainer does).")
    long gcIntervalMillis;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LossMemoryChild()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        JsonNode json = new ObjectMapper().readTree(pairs.toFile());
        List<String> anchors = texts(json, "anchors");
        List<String> positives = texts(json, "positives");
        if (anchors.size() != positives.size() || anchors.isEmpty()) {
            throw new IllegalArgumentException(pairs + ": expected equally many anchors and positives, got "
                    + anchors.size() + " and " + positives.size());
        }
        Transformer transformer = Transformer.load(model, maxSeqLength > 0 ? maxSeqLength : null);
        SentenceTransformer st = SentenceTransformer.of(transformer,
                new Pooling(transformer.embeddingDimension(), PoolingMode.MEAN), new Normalize());
        InputModule input = st.inputModule();
        List<TokenBatch> batch = List.of(input.tokenize(anchors), input.tokenize(positives));
        Loss loss = variant == LossMemoryBenchmark.Variant.CACHED
                ? new CachedMultipleNegativesRankingLoss(MultipleNegativesRankingLoss.builder(), miniBatchSize)
                : new MultipleNegativesRankingLoss();
        GradientStep step = new GradientStep(st, loss, 0);
        System.gc();
        long baseline = ProcessMemory.selfRssMiB();
        double value = Double.NaN;
        double seconds = Double.NaN;
        ScheduledExecutorService gc = Executors.newSingleThreadScheduledExecutor();
        if (gcIntervalMillis > 0) {
            gc.scheduleWithFixedDelay(System::gc, gcIntervalMillis, gcIntervalMillis, TimeUnit.MILLISECONDS);
        }
        try {
            for (int s = 0; s < steps; s++) {
                long t0 = System.nanoTime();
                value = step.compute(batch, null, s).loss();
                seconds = (System.nanoTime() - t0) / 1e9;
                System.err.printf("%s step %d of %d: loss %.6f in %.1f s, RSS %d MiB%n", loss.name(), s + 1, steps,
                        value, seconds, ProcessMemory.selfRssMiB());
                System.gc(); // as the trainer does after each step: ND4J frees native memory when the GC runs
            }
        } finally {
            gc.shutdownNow();
        }
        LossMemoryBenchmark.Measurement m = new LossMemoryBenchmark.Measurement(variant, anchors.size(),
                variant == LossMemoryBenchmark.Variant.CACHED ? miniBatchSize : 0, input.maxSeqLength(),
                batch.get(0).length(), batch.get(1).length(), steps, baseline, ProcessMemory.selfPeakRssMiB(),
                ProcessMemory.heapPeakMiB(), seconds, value);
        System.out.println(m.toLine());
        System.out.flush();
        return 0;
    }

    private List<String> texts(JsonNode json, String field) {
        JsonNode list = json.get(field);
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException(pairs + ": no '" + field + "' list");
        }
        List<String> out = new ArrayList<>();
        list.forEach(t -> out.add(t.asText()));
        return out;
    }
}
