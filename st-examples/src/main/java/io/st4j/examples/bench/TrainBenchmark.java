package io.st4j.examples.bench;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.train.IntervalStrategy;
import io.st4j.core.train.SentenceTransformerTrainer;
import io.st4j.core.train.SentenceTransformerTrainingArguments;
import io.st4j.core.train.TrainerCallback;
import io.st4j.core.train.TrainerState;
import io.st4j.data.Dataset;
import io.st4j.losses.MultipleNegativesRankingLoss;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * MNRL training throughput as the Python anchor measures it (perf_cpu.md): 32 (anchor, positive) pairs a
 * step, max length 64, AdamW 5e-5, linear schedule, clipping at 1.0, dropout on; steps/s over the timed
 * steps after the warm-up ones, the process's CPU time per timed step (all threads; on a shared machine
 * it moves less with the load than wall time does) and its peak resident memory.
 */
public final class TrainBenchmark {

    /** What one run measured. */
    public record Result(int pairsPerStep, int timedSteps, double secondsPerStep, double minSeconds,
                         double maxSeconds, double cpuSecondsPerStep, long peakRssMiB) {
        public double pairsPerSecond() {
            return pairsPerStep / secondsPerStep;
        }
    }

    private TrainBenchmark() {
    }

    public static Result run(SentenceTransformer model, Dataset pairs, int batchSize, int warmupSteps, int timedSteps,
                             Path outputDir) throws IOException {
        List<Long> stepEnds = new ArrayList<>();
        List<Long> cpuAtStepEnds = new ArrayList<>();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        TrainerCallback clock = new TrainerCallback() {
            @Override
            public void onStepEnd(TrainerState state) {
                stepEnds.add(System.nanoTime());
                cpuAtStepEnds.add(os.getProcessCpuTime());
            }
        };
        SentenceTransformerTrainingArguments args = SentenceTransformerTrainingArguments.builder(outputDir)
                .overwriteOutputDir(true).maxSteps(warmupSteps + timedSteps).perDeviceTrainBatchSize(batchSize)
                .learningRate(5e-5).maxGradNorm(1.0).saveStrategy(IntervalStrategy.NO).loggingSteps(1).build();
        SentenceTransformerTrainer.builder(model, args).trainDataset(pairs).loss(new MultipleNegativesRankingLoss())
                .callback(clock).build().train();
        double min = Double.MAX_VALUE;
        double max = 0;
        for (int i = warmupSteps; i < stepEnds.size(); i++) {
            double seconds = (stepEnds.get(i) - stepEnds.get(i - 1)) / 1e9;
            min = Math.min(min, seconds);
            max = Math.max(max, seconds);
        }
        double perStep = (stepEnds.get(stepEnds.size() - 1) - stepEnds.get(warmupSteps - 1)) / 1e9 / timedSteps;
        double cpuPerStep = (cpuAtStepEnds.get(cpuAtStepEnds.size() - 1) - cpuAtStepEnds.get(warmupSteps - 1)) / 1e9
                / timedSteps;
        return new Result(batchSize, timedSteps, perStep, min, max, cpuPerStep, ProcessMemory.selfPeakRssMiB());
    }
}
