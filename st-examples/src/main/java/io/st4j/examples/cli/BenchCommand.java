package io.st4j.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.st4j.core.SentenceTransformer;
import io.st4j.core.io.AtomicFolder;
import io.st4j.core.modules.Module;
import io.st4j.core.modules.Normalize;
import io.st4j.core.modules.Pooling;
import io.st4j.core.modules.PoolingMode;
import io.st4j.core.modules.StaticEmbedding;
import io.st4j.core.modules.Transformer;
import io.st4j.data.Dataset;
import io.st4j.examples.bench.EncodeBenchmark;
import io.st4j.examples.bench.EncodeProfile;
import io.st4j.examples.bench.TrainBenchmark;
import io.st4j.hub.DefaultModel;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code st4j bench}: speed measured against ONNX Runtime in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {BenchCommand.Encode.class, BenchCommand.Train.class})
final class BenchCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** MNRL training throughput of all-MiniLM-L6-v2 beside the Python figure of perf_cpu.md. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Pairs/s of MNRL training (batch 32, max length 64) on all-MiniLM-L6-v2, and peak RSS.")
    static final class Train implements Callable<Integer> {

        /** Python sentence-transformers on this machine, run A of ../shared/reference/perf_cpu.md. */
        private static final double PYTHON_PAIRS_PER_SECOND = 9.83;

        @Option(names = "--data", defaultValue = "../shared/reference/perf_data.json",
                description = "JSON with a 'train_pairs' list of [anchor, positive] (default: ${DEFAULT-VALUE}).")
        Path data;

        @Option(names = "--batch-size", defaultValue = "32")
        int batchSize;

        @Option(names = "--warmup-steps", defaultValue = "3")
        int warmupSteps;

        @Option(names = "--steps", defaultValue = "20", description = "Timed steps (default: ${DEFAULT-VALUE}).")
        int steps;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(data)) {
                throw new IllegalArgumentException(data + " not found; pass --data with a JSON file holding "
                        + "'train_pairs' (the project's ../shared/reference/perf_data.json)");
            }
            JsonNode json = new ObjectMapper().readTree(data.toFile());
            List<String> anchors = new ArrayList<>();
            List<String> positives = new ArrayList<>();
            json.get("train_pairs").forEach(p -> {
                anchors.add(p.get(0).asText());
                positives.add(p.get(1).asText());
            });
            Map<String, List<?>> columns = new LinkedHashMap<>();
            columns.put("anchor", anchors);
            columns.put("positive", positives);
            Path folder = DefaultModel.folder();
            SentenceTransformer model = SentenceTransformer.of(
                    Transformer.load(folder, 64),
                    new Pooling(384, PoolingMode.MEAN));
            Path out = Files.createTempDirectory("st4j-bench-train");
            try {
                var r = TrainBenchmark.run(model, Dataset.fromMap(columns),
                        batchSize, warmupSteps, steps, out);
                System.out.printf("MNRL, %d pairs/step, max length 64, %d timed steps after %d warm-up%n",
                        r.pairsPerStep(), r.timedSteps(), warmupSteps);
                System.out.printf("st4j:   %.2f pairs/s (%.2f s/step, min %.2f, max %.2f), peak RSS %d MiB%n",
                        r.pairsPerSecond(), r.secondsPerStep(), r.minSeconds(), r.maxSeconds(), r.peakRssMiB());
                System.out.printf("Python: %.2f pairs/s (perf_cpu.md run A); ratio st4j/Python %.2f%n",
                        PYTHON_PAIRS_PER_SECOND, r.pairsPerSecond() / PYTHON_PAIRS_PER_SECOND);
            } finally {
                AtomicFolder.deleteRecursively(out);
            }
            return 0;
        }
    }

    /** Encode throughput of the built-in all-MiniLM-L6-v2 vs ONNX Runtime on the same weights and inputs. */
    @Command(name = "encode", mixinStandardHelpOptions = true,
            description = "Sentences/s of st4j vs ONNX Runtime (Java) on all-MiniLM-L6-v2: short and ~128-token texts; "
                    + "then a 512-d StaticEmbedding (+ Normalize) on the short texts beside st4j's all-MiniLM-L6-v2.")
    static final class Encode implements Callable<Integer> {

        @Option(names = "--data", defaultValue = "../shared/reference/perf_data.json",
                description = "JSON with an 'encode_sentences' list (default: ${DEFAULT-VALUE}).")
        Path data;

        @Option(names = "--batch-size", defaultValue = "32")
        int batchSize;

        @Option(names = "--threads", defaultValue = "2", description = "ONNX Runtime intra-op threads (ND4J: OMP_NUM_THREADS).")
        int threads;

        @Option(names = "--passes", defaultValue = "3", description = "Timed passes per engine; the best is kept.")
        int passes;

        @Option(names = "--profile", description = "Instead of the comparison: time per operation type of st4j's "
                + "SameDiff graph and of its lean executor, on both workloads.")
        boolean profile;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(data)) {
                throw new IllegalArgumentException(data + " not found; pass --data with a JSON file holding "
                        + "'encode_sentences' (the project's ../shared/reference/perf_data.json)");
            }
            JsonNode json = new ObjectMapper().readTree(data.toFile());
            List<String> shortTexts = new ArrayList<>();
            json.get("encode_sentences").forEach(s -> shortTexts.add(s.asText()));
            // ~128-token texts: five consecutive sentences joined (truncated at the model's max length 256).
            List<String> longTexts = new ArrayList<>();
            for (int i = 0; i + 5 <= shortTexts.size(); i += 4) {
                longTexts.add(String.join(" ", shortTexts.subList(i, i + 5)));
            }
            SentenceTransformer full = SentenceTransformer.load(DefaultModel.folder());
            List<Module> modules = full.modules();
            SentenceTransformer model = SentenceTransformer.of(modules.get(0), modules.get(1));
            if (profile) {
                for (Map.Entry<String, List<String>> workload : Map.of("short", shortTexts, "long", longTexts)
                        .entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.reverseOrder())).toList()) {
                    System.out.println(workload.getKey() + " texts: "
                            + EncodeProfile.padding(model, workload.getValue(), batchSize));
                    System.out.println(workload.getKey() + " texts, SameDiff graph, per op:");
                    EncodeProfile.sameDiff(model, workload.getValue(), batchSize).lines().forEach(System.out::println);
                    System.out.println(workload.getKey() + " texts, lean executor (token embeddings), per stage:");
                    EncodeProfile.lean(model, workload.getValue(), batchSize).lines().forEach(System.out::println);
                }
                return 0;
            }
            Path onnx = Files.createTempFile("st4j-bench", ".onnx");
            try (InputStream in = BenchCommand.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2.onnx")) {
                Files.copy(in, onnx, StandardCopyOption.REPLACE_EXISTING);
            }
            try {
                EncodeBenchmark bench = new EncodeBenchmark(model, onnx, threads, batchSize, passes);
                System.out.printf("%-8s %6s %8s %12s %12s %8s %10s%n", "texts", "count", "tokens", "st4j/s",
                        "onnxrt/s", "ratio", "max|diff|");
                EncodeBenchmark.Result shortResult = bench.run("short", shortTexts);
                for (EncodeBenchmark.Result r : List.of(shortResult, bench.run("long", longTexts))) {
                    System.out.printf("%-8s %6d %8.1f %12.1f %12.1f %8.2f %10.2e%n", r.workload(), r.texts(),
                            r.meanTokens(), r.st4jPerSecond(), r.ortPerSecond(), r.ratio(), r.maxAbsDiff());
                }
                // The table's values do not change the work; a random one stands for a trained model.
                SentenceTransformer staticModel = SentenceTransformer.of(
                        StaticEmbedding.random(DefaultModel.folder(), 512), new Normalize());
                double staticPerSecond = EncodeBenchmark.sentencesPerSecond(staticModel, shortTexts, batchSize,
                        Math.max(passes, 30));
                System.out.printf("short texts, StaticEmbedding(512) + Normalize: %.1f/s = %.1f x st4j all-MiniLM-L6-v2 "
                        + "(%.1f/s)%n", staticPerSecond, staticPerSecond / shortResult.st4jPerSecond(),
                        shortResult.st4jPerSecond());
            } finally {
                Files.deleteIfExists(onnx);
            }
            return 0;
        }
    }
}
