package io.st4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.st4j.core.EncodeOptions;
import io.st4j.core.SentenceTransformer;
import io.st4j.core.io.AtomicFolder;
import io.st4j.core.modules.Pooling;
import io.st4j.core.modules.PoolingMode;
import io.st4j.core.modules.Transformer;
import io.st4j.losses.MultipleNegativesRankingLoss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Not a test: throughput of distributed encode ({@link SparkEncoder}) and of {@link DataParallelTrainer} (MNRL,
 * 32 pairs a step, max length 64) on {@code local-cluster[1,1,M]} against {@code local-cluster[2,1,M]}, each
 * executor a JVM with one core and one OpenMP thread. Model: all-MiniLM-L6-v2 from st4j's model cache (import
 * it once with {@code ./st4j encode}), else the tiny test BERT; data: ../shared/reference/perf_data.json.
 * Beside each throughput it prints the cores the executor JVMs and the driver JVM kept busy on average (their
 * CPU time over the wall time), which shows what a shared machine left them.
 * Run with {@code st-spark/bench.sh}.
 */
public final class ScalingBenchmark {

    private static final int ENCODE_PARTITIONS = 4;
    private static final int GLOBAL_BATCH = 32;

    private ScalingBenchmark() {
    }

    /** Arguments: encode passes (3), warm-up training steps (2), timed training steps (4). */
    public static void main(String[] args) throws Exception {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int warmupSteps = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        if (warmupSteps < 1) {
            throw new IllegalArgumentException("need at least 1 warm-up step (the first builds the graphs)");
        }
        int timedSteps = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Path data = Path.of(System.getProperty("st4j.shared", "../shared"), "reference", "perf_data.json");
        if (!Files.isRegularFile(data)) {
            System.out.println("skipped: " + data + " is absent (the benchmark's 512 sentences and 32-pair batches)");
            return;
        }
        JsonNode json = new ObjectMapper().readTree(data.toFile());
        List<String> sentences = new ArrayList<>();
        json.get("encode_sentences").forEach(s -> sentences.add(s.asText()));
        List<Row> pairs = new ArrayList<>();
        json.get("train_pairs").forEach(p -> pairs.add(RowFactory.create(p.get(0).asText(), p.get(1).asText())));

        Path work = Files.createTempDirectory("st4j-spark-bench");
        try {
            Path model = work.resolve("model");
            String modelName = trainingModel(model);
            System.out.printf("%s, %d sentences in %d partitions (batch 32), MNRL %d pairs/step at max length 64; "
                            + "%d encode passes after 1 warm-up, %d training steps after %d warm-up; load average %s%n",
                    modelName, sentences.size(), ENCODE_PARTITIONS, GLOBAL_BATCH, passes, timedSteps, warmupSteps,
                    loadAverage());
            List<Measured> results = new ArrayList<>();
            for (int executors = 1; executors <= 2; executors++) {
                results.add(measure(executors, model, sentences, pairs, passes, warmupSteps, timedSteps));
            }
            System.out.printf("%n%-10s %-30s %-16s %-26s %-16s%n", "executors", "encode sentences/s: median",
                    "cores busy", "train s/step: median", "cores busy");
            System.out.printf("%-10s %-30s %-16s %-26s %-16s%n", "", "(min-max)", "(exec + driver)", "(min-max)",
                    "(exec + driver)");
            for (Measured m : results) {
                System.out.printf("%-10d %-30s %-16s %-26s %-16s%n", m.executors, m.encode.describe(),
                        m.encodeCores.describe(), m.train.describe(), m.trainCores.describe());
            }
            Measured one = results.get(0);
            Measured two = results.get(1);
            System.out.printf("ratio 2 vs 1 executors: encode %.2fx, train %.2fx (pairs/s %.2f vs %.2f); "
                            + "load average at the end %s%n", two.encode.median() / one.encode.median(),
                    one.train.median() / two.train.median(), GLOBAL_BATCH / one.train.median(),
                    GLOBAL_BATCH / two.train.median(), loadAverage());
        } finally {
            AtomicFolder.deleteRecursively(work);
        }
    }

    private record Measured(int executors, Sample encode, Sample train, Cores encodeCores, Cores trainCores) {
    }

    /**
     * A point in time with the CPU time used so far by the executor JVMs and by this (driver) JVM, from
     * /proc/PID/stat (ProcessHandle's totalCpuDuration did not see the executors' threads here).
     */
    private record Clock(long nanos, double executorCpu, double driverCpu) {
        private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

        static Clock now() {
            double executors = 0;
            try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
                for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        String command = Files.readString(process.resolve("cmdline"));
                        if (command.contains("org.apache.spark.executor.CoarseGrainedExecutorBackend")) {
                            executors += cpuSeconds(process);
                        }
                    } catch (IOException gone) {
                        // the process ended meanwhile
                    }
                }
                return new Clock(System.nanoTime(), executors, cpuSeconds(Path.of("/proc/self")));
            } catch (IOException e) {
                return new Clock(System.nanoTime(), Double.NaN, Double.NaN);
            }
        }

        /** utime + stime: fields 14 and 15 of /proc/PID/stat, counted after the command's closing parenthesis. */
        private static double cpuSeconds(Path process) throws IOException {
            String stat = Files.readString(process.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        }
    }

    /** Cores busy on average between two clocks: all executors together, and the driver. */
    private record Cores(double executors, double driver) {
        static Cores between(Clock from, Clock to) {
            double seconds = (to.nanos() - from.nanos()) / 1e9;
            return new Cores((to.executorCpu() - from.executorCpu()) / seconds, (to.driverCpu() - from.driverCpu()) / seconds);
        }

        String describe() {
            return String.format(Locale.ROOT, "%.2f + %.2f", executors, driver);
        }
    }

    /** Median and spread of a few measurements. */
    private record Sample(double[] values) {
        double median() {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }

        String describe() {
            return String.format(Locale.ROOT, "%.2f (%.2f-%.2f)", median(), Arrays.stream(values).min().orElse(0),
                    Arrays.stream(values).max().orElse(0));
        }
    }

    private static Measured measure(int executors, Path model, List<String> sentences, List<Row> pairs, int passes,
                                    int warmupSteps, int timedSteps) {
        System.err.printf("starting local-cluster[%d,1,3072]...%n", executors);
        SparkSession spark = LocalCluster.builder(executors, 3072).appName("st4j scaling benchmark").getOrCreate();
        try {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            SparkEncoder encoder = SparkEncoder.builder(ModelLocation.shared(model.toString()))
                    .options(EncodeOptions.builder().batchSize(32).build()).build();
            double[] encode = new double[passes];
            Clock encodeStart = null;
            for (int pass = -1; pass < passes; pass++) {
                if (pass == 0) {
                    encodeStart = Clock.now();
                }
                long start = System.nanoTime();
                int rows = encoder.encode(jsc.parallelize(sentences, ENCODE_PARTITIONS)).collect().size();
                double seconds = (System.nanoTime() - start) / 1e9;
                System.err.printf("%d executor(s), encode pass %d: %.2f s%n", executors, pass + 1, seconds);
                if (pass >= 0) {
                    encode[pass] = rows / seconds;
                }
            }
            Cores encodeCores = Cores.between(encodeStart, Clock.now());
            StructType schema = new StructType().add("anchor", DataTypes.StringType)
                    .add("positive", DataTypes.StringType);
            Dataset<Row> frame = spark.createDataFrame(pairs, schema);
            List<Clock> stepEnds = new ArrayList<>();
            try (StepLog log = new StepLog(() -> stepEnds.add(Clock.now()))) {
                DataParallelTrainer.builder(spark, ModelLocation.shared(model.toString()),
                                new MultipleNegativesRankingLoss())
                        .workers(executors).globalBatchSize(GLOBAL_BATCH).build()
                        .train(frame, warmupSteps + timedSteps);
            }
            double[] train = new double[timedSteps];
            for (int s = 0; s < timedSteps; s++) {
                int step = warmupSteps + s;
                train[s] = (stepEnds.get(step).nanos() - stepEnds.get(step - 1).nanos()) / 1e9;
            }
            System.err.printf("%d executor(s), training steps (s): %s%n", executors, Arrays.toString(train));
            Cores trainCores = Cores.between(stepEnds.get(warmupSteps - 1), stepEnds.get(warmupSteps + timedSteps - 1));
            return new Measured(executors, new Sample(encode), new Sample(train), encodeCores, trainCores);
        } finally {
            spark.stop();
        }
    }

    /** The model with max length 64 (as perf_cpu.md's training), saved where every executor reads it. */
    private static String trainingModel(Path dir) throws Exception {
        String home = System.getenv("ST4J_HOME");
        Path cached = (home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".cache", "st4j"))
                .resolve("models").resolve("all-MiniLM-L6-v2");
        if (Files.isRegularFile(cached.resolve("modules.json"))) {
            SentenceTransformer.of(Transformer.load(cached, 64), new Pooling(384, PoolingMode.MEAN)).save(dir);
            return "all-MiniLM-L6-v2";
        }
        System.out.println("all-MiniLM-L6-v2 is not in " + cached + " (run ./st4j encode once to import it): "
                + "measuring the tiny test BERT instead");
        io.st4j.core.testing.TinyBert.folder(dir);
        return "tiny BERT (../shared/reference/tiny_models/bert)";
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** Runs {@code sink} at each "step N: loss" line the trainer logs (the trainer's only per-step signal). */
    private static final class StepLog extends AbstractAppender implements AutoCloseable {
        private final Logger logger = (Logger) LogManager.getLogger(DataParallelTrainer.class);
        private final Runnable sink;

        StepLog(Runnable sink) {
            super("step-times", null, null, true, Property.EMPTY_ARRAY);
            this.sink = sink;
            start();
            logger.addAppender(this);
        }

        @Override
        public void append(LogEvent event) {
            if (event.getMessage().getFormattedMessage().startsWith("step ")) {
                sink.run();
            }
        }

        @Override
        public void close() {
            logger.removeAppender(this);
            stop();
        }
    }
}
