package io.st4j.examples.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.st4j.core.io.AtomicFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Peak memory of one gradient computation of MultipleNegativesRankingLoss against
 * CachedMultipleNegativesRankingLoss. Each variant runs in its own child JVM ({@link LossMemoryChild}, same
 * class path) so that neither inherits the other's memory, and reports its peak resident set ({@code VmHWM},
 * which counts ND4J's off-heap buffers). The parent polls the child's resident set and kills it when it passes
 * a memory guard, or when the machine runs low on memory, and reports that as the variant's result.
 */
public final class LossMemoryBenchmark {

    /** The child's result line starts with this; everything else it prints goes to stderr. */
    public static final String RESULT_PREFIX = "st4j-loss-memory-result ";

    /** Memory left to the rest of the machine when the guard is derived from {@code MemAvailable}. */
    static final long RESERVE_MIB = 3072;
    /** The child is stopped when the machine's {@code MemAvailable} falls below this. */
    static final long LOW_MEMORY_MIB = 1024;
    private static final long POLL_MILLIS = 50;
    private static final int ERROR_LINES = 6;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The two losses compared. */
    public enum Variant {
        PLAIN("MultipleNegativesRankingLoss"),
        CACHED("CachedMultipleNegativesRankingLoss");

        private final String lossName;

        Variant(String lossName) {
            this.lossName = lossName;
        }

        public String lossName() {
            return lossName;
        }
    }

    /**
     * What a child measured.
     *
     * @param miniBatchSize   the GradCache mini-batch (0 for the plain loss)
     * @param anchorTokens    the anchor column's padded length
     * @param positiveTokens  the positive column's padded length
     * @param baselineRssMiB  resident set after loading the model and tokenizing, before the first step
     * @param peakRssMiB      {@code VmHWM} after the last step
     * @param heapPeakMiB     the Java heap's peak (sum of the heap pools' peaks)
     * @param lastStepSeconds the last step's time (the first one also builds the graphs)
     * @param loss            the last step's loss (dropout masks differ between the variants)
     */
    public record Measurement(Variant variant, int batchSize, int miniBatchSize, int maxSeqLength, int anchorTokens,
                              int positiveTokens, int steps, long baselineRssMiB, long peakRssMiB, long heapPeakMiB,
                              double lastStepSeconds, double loss) {

        /** The protocol line the child prints. */
        public String toLine() throws JsonProcessingException {
            return RESULT_PREFIX + JSON.writeValueAsString(this);
        }

        /** The measurement in a child's standard output, or null when it printed none. */
        public static Measurement fromOutput(List<String> lines) throws JsonProcessingException {
            for (String line : lines) {
                if (line.startsWith(RESULT_PREFIX)) {
                    return JSON.readValue(line.substring(RESULT_PREFIX.length()), Measurement.class);
                }
            }
            return null;
        }
    }

    /**
     * One variant's result: its measurement, or why it has none.
     *
     * @param failure            why the child gave no measurement (killed at the guard, crashed), else null
     * @param observedPeakRssMiB the child's highest {@code VmHWM} the parent saw while polling
     * @param guardMiB           the resident-set limit the child ran under
     */
    public record Outcome(Variant variant, Measurement measurement, String failure, long observedPeakRssMiB,
                          long guardMiB) {

        public boolean succeeded() {
            return measurement != null;
        }
    }

    /**
     * How to run the children.
     *
     * @param maxSeqLength 0 for the model's own
     * @param childXmx     the children's {@code -Xmx} (e.g. {@code 3g})
     * @param maxRssMiB    the guard's ceiling; the guard is the smaller of this and {@code MemAvailable} minus
     *                     {@value #RESERVE_MIB} MiB at the child's start
     * @param gcIntervalMillis the children also run System.gc() this often during the steps (0: only where the
     *                     trainer does: after each step and each GradCache mini-batch)
     */
    public record Settings(int miniBatchSize, int maxSeqLength, int steps, String childXmx, long maxRssMiB,
                           long gcIntervalMillis) {
    }

    private final Path model;
    private final Settings settings;

    public LossMemoryBenchmark(Path model, Settings settings) {
        this.model = model;
        this.settings = settings;
    }

    /** Writes one batch of pairs in the child's input format. */
    public static void writePairs(List<String> anchors, List<String> positives, Path file) throws IOException {
        JSON.writeValue(file.toFile(), Map.of("anchors", anchors, "positives", positives));
    }

    /** Runs {@code variant} on the pairs of {@code pairsFile} (see {@link #writePairs}) in a child JVM. */
    public Outcome measure(Variant variant, Path pairsFile) throws IOException, InterruptedException {
        long guard = Math.min(settings.maxRssMiB(), ProcessMemory.availableMiB() - RESERVE_MIB);
        if (guard <= 0) {
            return new Outcome(variant, null, "not started: only " + ProcessMemory.availableMiB()
                    + " MiB available on the machine", 0, guard);
        }
        Path dir = Files.createTempDirectory("st4j-loss-memory");
        try {
            Path out = dir.resolve("stdout.txt");
            Path err = dir.resolve("stderr.txt");
            Process child = new ProcessBuilder(command(variant, pairsFile)).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            Watch watch = watch(child, guard);
            int exit = child.waitFor();
            if (watch.stopReason != null) {
                return new Outcome(variant, null, watch.stopReason, watch.peakMiB, guard);
            }
            if (exit != 0) {
                return new Outcome(variant, null, "child exited with code " + exit + describeSignal(exit) + ": "
                        + lastLines(err), watch.peakMiB, guard);
            }
            Measurement m = Measurement.fromOutput(Files.readAllLines(out));
            if (m == null) {
                return new Outcome(variant, null, "child printed no result: " + lastLines(err), watch.peakMiB, guard);
            }
            return new Outcome(variant, m, null, Math.max(watch.peakMiB, m.peakRssMiB()), guard);
        } finally {
            AtomicFolder.deleteRecursively(dir);
        }
    }

    /** {@code cached peak / plain peak} as the last line of the report; a bound when plain passed the guard. */
    public static String ratioLine(Outcome plain, Outcome cached) {
        if (!cached.succeeded()) {
            return "ratio=n/a (" + cached.variant().lossName() + " did not complete: " + cached.failure() + ")";
        }
        double cachedPeak = cached.measurement().peakRssMiB();
        if (plain.succeeded()) {
            return String.format("ratio=%.3f", cachedPeak / plain.measurement().peakRssMiB());
        }
        if (plain.observedPeakRssMiB() > 0) {
            return String.format("ratio<%.3f (%s did not complete, after reaching %d MiB: %s)",
                    cachedPeak / plain.observedPeakRssMiB(), plain.variant().lossName(), plain.observedPeakRssMiB(),
                    plain.failure());
        }
        return "ratio=n/a (" + plain.variant().lossName() + " did not complete: " + plain.failure() + ")";
    }

    private List<String> command(Variant variant, Path pairsFile) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + settings.childXmx());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(LossMemoryChild.class.getName());
        cmd.addAll(List.of("--variant", variant.name(), "--model", model.toString(), "--pairs", pairsFile.toString(),
                "--mini-batch-size", Integer.toString(settings.miniBatchSize()),
                "--max-seq-length", Integer.toString(settings.maxSeqLength()),
                "--steps", Integer.toString(settings.steps()),
                "--gc-interval-ms", Long.toString(settings.gcIntervalMillis())));
        return cmd;
    }

    /** What the parent saw while the child ran. */
    private static final class Watch {
        long peakMiB;
        String stopReason;
    }

    /** Polls the child's /proc status until it exits; kills it at the guard or when the machine runs low. */
    private static Watch watch(Process child, long guardMiB) throws InterruptedException {
        Watch watch = new Watch();
        Path status = ProcessMemory.statusFile(child.pid());
        while (!child.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            long rss;
            long available;
            try {
                String text = Files.readString(status);
                rss = ProcessMemory.fieldMiB(text, "VmRSS", status);
                watch.peakMiB = Math.max(watch.peakMiB, ProcessMemory.fieldMiB(text, "VmHWM", status));
                available = ProcessMemory.availableMiB();
            } catch (IOException | IllegalArgumentException exiting) {
                continue; // the child is exiting: its status is gone or no longer lists memory
            }
            if (rss > guardMiB) {
                watch.stopReason = "stopped at the memory guard: resident set " + rss + " MiB > " + guardMiB + " MiB";
            } else if (available < LOW_MEMORY_MIB) {
                watch.stopReason = "stopped because the machine ran low on memory (MemAvailable " + available
                        + " MiB) at resident set " + rss + " MiB";
            }
            if (watch.stopReason != null) {
                child.destroyForcibly();
                break;
            }
        }
        return watch;
    }

    private static String describeSignal(int exit) {
        return switch (exit) {
            case 137 -> " (SIGKILL: possibly the kernel's out-of-memory killer)";
            case 134 -> " (SIGABRT)";
            case 139 -> " (SIGSEGV)";
            default -> "";
        };
    }

    /** The child's last stderr lines without stack frames, so that exception messages and causes remain. */
    private static String lastLines(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String text = line.strip();
            if (!text.isEmpty() && !text.startsWith("at ") && !text.matches("\\.\\.\\. \\d+ more")) {
                lines.add(text);
            }
        }
        List<String> tail = lines.subList(Math.max(0, lines.size() - ERROR_LINES), lines.size());
        return tail.isEmpty() ? "(no output)" : String.join(" | ", tail);
    }
}
