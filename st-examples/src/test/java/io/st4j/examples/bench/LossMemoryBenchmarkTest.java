package io.st4j.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.core.testing.TinyBert;
import io.st4j.examples.bench.LossMemoryBenchmark.Measurement;
import io.st4j.examples.bench.LossMemoryBenchmark.Outcome;
import io.st4j.examples.bench.LossMemoryBenchmark.Settings;
import io.st4j.examples.bench.LossMemoryBenchmark.Variant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plumbing of {@code st4j bench loss-memory}: /proc parsing, the child protocol, the guard, failures. */
class LossMemoryBenchmarkTest {

    @TempDir
    Path tmp;

    @Test
    void readsProcFieldsInMiB() {
        String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmHWM:\t  2097152 kB\nVmRSS:\t   1048576 kB\n";
        assertEquals(2048, ProcessMemory.fieldMiB(status, "VmHWM", Path.of("status")));
        assertEquals(1024, ProcessMemory.fieldMiB(status, "VmRSS", Path.of("status")));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ProcessMemory.fieldMiB(status, "MemAvailable", Path.of("/proc/meminfo")));
        assertTrue(missing.getMessage().contains("/proc/meminfo has no MemAvailable"), missing.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ProcessMemory.fieldMiB("VmHWM:\t12 MB\n", "VmHWM", Path.of("status")));
    }

    @Test
    void readsThisProcess() throws Exception {
        long rss = ProcessMemory.selfRssMiB();
        assertTrue(rss > 0);
        assertTrue(ProcessMemory.selfPeakRssMiB() >= rss);
        assertTrue(ProcessMemory.availableMiB() > 0);
        assertTrue(ProcessMemory.heapPeakMiB() > 0);
    }

    @Test
    void measurementLineRoundTripsAmongOtherOutput() throws Exception {
        Measurement m = new Measurement(Variant.CACHED, 512, 32, 64, 19, 64, 2, 700, 2100, 900, 123.4, 0.0625);
        assertEquals(m, Measurement.fromOutput(List.of("some log line", m.toLine(), "")));
        assertNull(Measurement.fromOutput(List.of("no result here")));
    }

    @Test
    void ratioIsCachedOverPlainOrABoundWhenPlainWasStopped() {
        Outcome cached = new Outcome(Variant.CACHED, measured(Variant.CACHED, 1000), null, 1000, 8000);
        assertEquals("ratio=0.250", LossMemoryBenchmark.ratioLine(
                new Outcome(Variant.PLAIN, measured(Variant.PLAIN, 4000), null, 4000, 8000), cached));
        String bound = LossMemoryBenchmark.ratioLine(
                new Outcome(Variant.PLAIN, null, "stopped at the memory guard", 8010, 8000), cached);
        assertTrue(bound.startsWith("ratio<0.125 (MultipleNegativesRankingLoss did not complete"), bound);
        String none = LossMemoryBenchmark.ratioLine(
                new Outcome(Variant.PLAIN, measured(Variant.PLAIN, 4000), null, 4000, 8000),
                new Outcome(Variant.CACHED, null, "child exited with code 1", 300, 8000));
        assertTrue(none.startsWith("ratio=n/a (CachedMultipleNegativesRankingLoss did not complete"), none);
    }

    /** The cached variant runs every pass of GradientStep; the plain one differs only in the loss it builds. */
    @Test
    void aChildJvmReportsItsMeasurement() throws Exception {
        Path model = TinyBert.folder(tmp.resolve("tiny"));
        Path pairs = tmp.resolve("pairs.json");
        Random random = new Random(7);
        List<String> anchors = new ArrayList<>();
        List<String> positives = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            anchors.add(TinyBert.randomText(random, 3 + i % 3));
            positives.add(TinyBert.randomText(random, 30));
        }
        LossMemoryBenchmark.writePairs(anchors, positives, pairs);
        LossMemoryBenchmark bench = new LossMemoryBenchmark(model, new Settings(4, 16, 1, "512m", 4096, 0));
        Outcome outcome = bench.measure(Variant.CACHED, pairs);
        assertTrue(outcome.succeeded(), outcome.failure());
        Measurement m = outcome.measurement();
        assertEquals(Variant.CACHED, m.variant());
        assertEquals(8, m.batchSize());
        assertEquals(4, m.miniBatchSize());
        assertEquals(16, m.maxSeqLength());
        assertEquals(16, m.positiveTokens(), "30 words truncated to 16 tokens");
        assertTrue(m.anchorTokens() >= 5 && m.anchorTokens() < 16, "anchor length " + m.anchorTokens());
        assertTrue(m.peakRssMiB() >= m.baselineRssMiB() && m.baselineRssMiB() > 0, m.toString());
        assertTrue(m.heapPeakMiB() > 0 && m.heapPeakMiB() <= 512, m.toString());
        assertTrue(Double.isFinite(m.loss()) && m.loss() > 0, m.toString());
        assertTrue(outcome.observedPeakRssMiB() >= m.peakRssMiB());
    }

    @Test
    void aChildPassingTheGuardIsStoppedAndReported() throws Exception {
        Path model = TinyBert.folder(tmp.resolve("tiny"));
        Path pairs = tmp.resolve("pairs.json");
        LossMemoryBenchmark.writePairs(List.of("a b", "c d"), List.of("e f", "g h"), pairs);
        Outcome outcome = new LossMemoryBenchmark(model, new Settings(1, 16, 1, "512m", 64, 0))
                .measure(Variant.PLAIN, pairs);
        assertNull(outcome.measurement());
        assertEquals(64, outcome.guardMiB());
        assertTrue(outcome.failure().startsWith("stopped at the memory guard: resident set "), outcome.failure());
        assertTrue(outcome.observedPeakRssMiB() > 64, outcome.toString());
    }

    @Test
    void aFailingChildIsReportedWithItsMessage() throws Exception {
        Path pairs = tmp.resolve("pairs.json");
        LossMemoryBenchmark.writePairs(List.of("a b", "c d"), List.of("e f", "g h"), pairs);
        Path missing = tmp.resolve("no-such-model");
        Outcome outcome = new LossMemoryBenchmark(missing, new Settings(1, 16, 1, "512m", 4096, 0))
                .measure(Variant.CACHED, pairs);
        assertNull(outcome.measurement());
        assertTrue(outcome.failure().startsWith("child exited with code 1: "), outcome.failure());
        assertTrue(outcome.failure().contains(missing.toString()), outcome.failure());
    }

    private static Measurement measured(Variant variant, long peak) {
        return new Measurement(variant, 512, variant == Variant.CACHED ? 32 : 0, 64, 19, 64, 2, 500, peak, 800, 10, 0.1);
    }
}
