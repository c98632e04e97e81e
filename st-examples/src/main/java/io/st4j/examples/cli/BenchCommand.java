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
import io.st4j.data.TextColumn;
import io.st4j.data.load.DataFiles;
import io.st4j.examples.bench.EncodeBenchmark;
import io.st4j.examples.bench.LossMemoryBenchmark;
import io.st4j.examples.bench.LossMemoryBenchmark.Measurement;
import io.st4j.examples.bench.LossMemoryBenchmark.Outcome;
import io.st4j.examples.bench.LossMemoryBenchmark.Variant;
import io.st4j.examples.bench.EncodeProfile;
import io.st4j.examples.bench.TrainBenchmark;
import io.st4j.hub.DefaultModel;
import java.io.IOException;
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
        subcommands = {BenchCommand.Encode.class, BenchCommand.Train.class, BenchCommand.LossMemory.class})
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
                System.out.printf("st4j:   %.2f pairs/s (%.2f s/step, min %.2f, max %.2f; CPU %.2f s/step), peak RSS %d MiB%n",
                        r.pairsPerSecond(), r.secondsPerStep(), r.minSeconds(), r.maxSeconds(), r.cpuSecondsPerStep(),
                        r.peakRssMiB());
                System.out.printf("Python: %.2f pairs/s (perf_cpu.md run A)%n", PYTHON_PAIRS_PER_SECOND);
                System.out.printf("ratio=%.2f (st4j / Python pairs/s)%n", r.pairsPerSecond() / PYTHON_PAIRS_PER_SECOND);
            } finally {
                AtomicFolder.deleteRecursively(out);
            }
            return 0;
        }
    }

    /** Peak memory of one MNRL training step against CachedMNRL's, each in its own JVM. */
    @Command(name = "loss-memory", mixinStandardHelpOptions = true,
            description = "Peak RSS of MultipleNegativesRankingLoss vs CachedMultipleNegativesRankingLoss gradient steps "
                    + "on all-MiniLM-L6-v2 at batch 512, each variant in its own child JVM under a memory guard.")
    static final class LossMemory implements Callable<Integer> {

        private static final Path PERF_DATA = Path.of("../shared/reference/perf_data.json");
        private static final String BUNDLED_PAIRS = "io/st4j/examples/stsb/stsb_train_subset.tsv";

        @Option(names = "--data", description = "JSON with a 'train_pairs' list of [anchor, positive] (default: "
                + "../shared/reference/perf_data.json when present, else the bundled STS-B sentence pairs).")
        Path data;

        @Option(names = "--batch-size", defaultValue = "512", description = "Pairs per step (default: ${DEFAULT-VALUE}).")
        int batchSize;

        @Option(names = "--mini-batch-size", defaultValue = "32",
                description = "CachedMNRL's mini_batch_size (default: ${DEFAULT-VALUE}).")
        int miniBatchSize;

        @Option(names = "--max-seq-length", defaultValue = "64",
                description = "Tokens per text, longer ones truncated; 0 for the model's own 256 (default: ${DEFAULT-VALUE}).")
        int maxSeqLength;

        @Option(names = "--steps", defaultValue = "2",
                description = "Gradient steps per variant; the first also builds the graphs (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--child-xmx", defaultValue = "3g", description = "-Xmx of each child JVM (default: ${DEFAULT-VALUE}).")
        String childXmx;

        @Option(names = "--gc-interval-ms", defaultValue = "0",
                description = "Also run System.gc() this often inside each child's steps, so that ND4J frees garbage "
                        + "buffers sooner (0: only where the trainer does, after each step and GradCache mini-batch; "
                        + "default: ${DEFAULT-VALUE}).")
        long gcIntervalMillis;

        @Option(names = "--memory-guard-mib", defaultValue = "12288",
                description = "A child whose resident set passes this is stopped and reported as such; the guard is "
                        + "lowered to the machine's MemAvailable minus 3 GiB when that is less (default: ${DEFAULT-VALUE}).")
        long memoryGuardMiB;

        @Override
        public Integer call() throws Exception {
            if (batchSize < 2 || miniBatchSize < 1 || steps < 1 || maxSeqLength < 0) {
                throw new IllegalArgumentException("need --batch-size >= 2, --mini-batch-size >= 1, --steps >= 1 and "
                        + "--max-seq-length >= 0");
            }
            Path folder = DefaultModel.folder();
            Path work = Files.createTempDirectory("st4j-bench-loss-memory");
            try {
                Path pairs = work.resolve("pairs.json");
                String source = writePairs(pairs, work);
                LossMemoryBenchmark bench = new LossMemoryBenchmark(folder, new LossMemoryBenchmark.Settings(
                        miniBatchSize, maxSeqLength, steps, childXmx, memoryGuardMiB, gcIntervalMillis));
                System.out.printf("%s, %d (anchor, positive) pairs, %s, %d gradient step(s) per variant through "
                                + "GradientStep (no optimizer), each variant in its own JVM (-Xmx%s); pairs from %s; "
                                + "%s; load average %s%n", DefaultModel.NAME, batchSize,
                        maxSeqLength > 0 ? "max length " + maxSeqLength : "the model's max length", steps, childXmx,
                        source, gcIntervalMillis > 0 ? "System.gc() every " + gcIntervalMillis + " ms as well"
                                : "System.gc() after each step and GradCache mini-batch", loadAverage());
                List<Outcome> outcomes = new ArrayList<>();
                for (Variant variant : Variant.values()) {
                    System.err.printf("running %s in a child JVM...%n", variant.lossName());
                    outcomes.add(bench.measure(variant, pairs));
                }
                System.out.printf("%-36s %5s %4s %9s %9s %9s %9s %7s %9s%n", "loss", "batch", "mini", "tokens a/p",
                        "base MiB", "peak MiB", "heap MiB", "step s", "loss");
                for (Outcome o : outcomes) {
                    Measurement m = o.measurement();
                    if (m == null) {
                        System.out.printf("%-36s %5d %4s  did not complete (guard %d MiB, peak seen %d MiB): %s%n",
                                o.variant().lossName(), batchSize, miniColumn(o.variant()), o.guardMiB(),
                                o.observedPeakRssMiB(), o.failure());
                    } else {
                        System.out.printf("%-36s %5d %4s %9s %9d %9d %9d %7.1f %9.5f%n", o.variant().lossName(),
                                m.batchSize(), miniColumn(o.variant()), m.anchorTokens() + "/" + m.positiveTokens(),
                                m.baselineRssMiB(), m.peakRssMiB(), m.heapPeakMiB(), m.lastStepSeconds(), m.loss());
                    }
                }
                System.out.printf("load average at the end %s; peak = VmHWM of the child (Java heap and ND4J's "
                        + "off-heap buffers); base = resident set before the first step%n", loadAverage());
                System.out.println(LossMemoryBenchmark.ratioLine(outcomes.get(0), outcomes.get(1)));
                return 0; // a variant stopped at the guard is a result, reported above
            } finally {
                AtomicFolder.deleteRecursively(work);
            }
        }

        private String miniColumn(Variant variant) {
            return variant == Variant.CACHED ? Integer.toString(miniBatchSize) : "-";
        }

        /** Writes the first {@code batchSize} pairs for the children and names where they came from. */
        private String writePairs(Path pairsFile, Path work) throws IOException {
            List<String> anchors = new ArrayList<>();
            List<String> positives = new ArrayList<>();
            String source;
            Path file = data != null ? data : Files.isRegularFile(PERF_DATA) ? PERF_DATA : null;
            if (file != null) {
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException(file + " not found; pass --data with a JSON file holding "
                            + "'train_pairs' (the project's ../shared/reference/perf_data.json)");
                }
                JsonNode pairs = new ObjectMapper().readTree(file.toFile()).get("train_pairs");
                if (pairs == null || !pairs.isArray()) {
                    throw new IllegalArgumentException(file + " has no 'train_pairs' list of [anchor, positive]");
                }
                pairs.forEach(p -> {
                    anchors.add(p.get(0).asText());
                    positives.add(p.get(1).asText());
                });
                source = file.toString();
            } else {
                Path tsv = work.resolve("stsb_train_subset.tsv");
                try (InputStream in = BenchCommand.class.getClassLoader().getResourceAsStream(BUNDLED_PAIRS)) {
                    if (in == null) {
                        throw new IOException("bundled resource " + BUNDLED_PAIRS + " is missing from the st-examples jar");
                    }
                    Files.copy(in, tsv);
                }
                Dataset stsb = DataFiles.tsv(tsv);
                TextColumn first = stsb.column("sentence1", TextColumn.class);
                TextColumn second = stsb.column("sentence2", TextColumn.class);
                for (int i = 0; i < stsb.numRows(); i++) {
                    anchors.add(first.get(i));
                    positives.add(second.get(i));
                }
                source = "the bundled STS-B train subset (sentence1, sentence2)";
            }
            if (anchors.size() < batchSize) {
                throw new IllegalArgumentException(source + " holds " + anchors.size() + " pairs, fewer than --batch-size "
                        + batchSize);
            }
            LossMemoryBenchmark.writePairs(anchors.subList(0, batchSize), positives.subList(0, batchSize), pairsFile);
            return source;
        }

        private static String loadAverage() throws IOException {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        }
    }

    /** Encode throughput of the built-in all-MiniLM-L6-v2 vs ONNX Runtime on the same weights and inputs. */
    @Command(name = "encode", mixinStandardHelpOptions = true,
            description = "Sentences/s of st4j vs ONNX Runtime (Java) on all-MiniLM-L6-v2: short and ~128-token texts in "
                    + "batches, and short texts one per call; then a 512-d StaticEmbedding (+ Normalize) on the short "
                    + "texts beside st4j's all-MiniLM-L6-v2.")
    static final class Encode implements Callable<Integer> {

        /** Short texts encoded one per call (a service's single queries): enough for a stable median. */
        private static final int ONE_BY_ONE_TEXTS = 64;

        @Option(names = "--data", defaultValue = "../shared/reference/perf_data.json",
                description = "JSON with an 'encode_sentences' list (default: ${DEFAULT-VALUE}).")
        Path data;

        @Option(names = "--batch-size", defaultValue = "32")
        int batchSize;

        @Option(names = "--threads", defaultValue = "2", description = "ONNX Runtime intra-op threads (ND4J: OMP_NUM_THREADS).")
        int threads;

        @Option(names = "--passes", defaultValue = "3",
                description = "Timed passes per engine (the comparison reports their median, the StaticEmbedding "
                        + "line the fastest).")
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
            EncodeBenchmark.Result shortResult;
            EncodeBenchmark.Result longResult;
            EncodeBenchmark.Result oneByOne;
            try (EncodeBenchmark bench = new EncodeBenchmark(model, onnx, threads, batchSize, passes)) {
                System.out.printf("texts per second, median of %d passes (spread = (max - min) / median)%n", passes);
                System.out.printf("%-8s %6s %8s %10s %7s %10s %7s %8s %10s%n", "texts", "count", "tokens", "st4j/s",
                        "spread", "onnxrt/s", "spread", "ratio", "max|diff|");
                shortResult = bench.run("short", shortTexts);
                longResult = bench.run("long", longTexts);
                int single = Math.min(ONE_BY_ONE_TEXTS, shortTexts.size());
                oneByOne = bench.runOneByOne("1-by-1", shortTexts.subList(0, single));
                for (EncodeBenchmark.Result r : List.of(shortResult, longResult, oneByOne)) {
                    System.out.printf("%-8s %6d %8.1f %10.1f %6.0f%% %10.1f %6.0f%% %8.2f %10.2e%n", r.workload(),
                            r.texts(), r.meanTokens(), r.st4j().median(), 100 * r.st4j().spread(), r.ort().median(),
                            100 * r.ort().spread(), r.ratio(), r.maxAbsDiff());
                }
            } finally {
                Files.deleteIfExists(onnx);
            }
            // The table's values do not change the work; a random one stands for a trained model. Measured
            // after ONNX Runtime's session is closed, so that its worker threads do not compete for the cores.
            SentenceTransformer staticModel = SentenceTransformer.of(
                    StaticEmbedding.random(DefaultModel.folder(), 512), new Normalize());
            EncodeBenchmark.Throughput fast = EncodeBenchmark.throughput(staticModel, shortTexts, batchSize,
                    Math.max(passes, 30));
            System.out.printf("short texts, StaticEmbedding(512) + Normalize: %.1f/s = %.1f x st4j all-MiniLM-L6-v2 "
                    + "(%.1f/s); process CPU %.2f us/text; load average %.1f%n", fast.perSecond(),
                    fast.perSecond() / shortResult.st4j().median(), shortResult.st4j().median(),
                    fast.cpuMicrosPerText(), fast.loadAverage());
            System.out.printf("ratio=%.2f (st4j / ONNX Runtime Java in this run, median speeds, the %d reference "
                    + "sentences; %.0f-token texts: %.2f; one text per call: %.2f)%n", shortResult.ratio(),
                    shortResult.texts(), longResult.meanTokens(), longResult.ratio(), oneByOne.ratio());
            return 0;
        }
    }
}
