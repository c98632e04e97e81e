package io.st4j.core.train;

import io.st4j.core.train.optim.SchedulerType;
import io.st4j.data.sampler.BatchSamplers;
import io.st4j.data.sampler.MultiDatasetBatchSamplers;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The training arguments of sentence-transformers (the fields of Hugging Face's {@code TrainingArguments}
 * that apply on a JVM), with their defaults: AdamW at 5e-5, linear schedule, gradient clipping at 1.0,
 * 3 epochs, batch size 8, logging and saving every 500 steps, seed 42. Built with {@link #builder(Path)}.
 *
 * <p>Gradient accumulation divides each micro-batch's loss by {@code gradientAccumulationSteps} and sums
 * the gradients before one optimizer step. For losses whose value depends on the whole batch (CoSENT,
 * and every in-batch-negatives loss such as MultipleNegativesRankingLoss) this is <em>not</em> the same
 * as a larger batch: each micro-batch only sees its own pairs and negatives. Use a cached loss
 * (GradCache) to grow the batch of in-batch-negative losses instead.
 *
 * <p>With {@code pushToHub} the model is pushed to the Hub repository {@code hubModelId} (default: the
 * output folder's name) as {@code hubStrategy} says, by st-hub (the trainer refuses it without st-hub);
 * {@code hubToken} (default: the environment's token) never appears in {@link #toString()} or a model card.
 */
public record SentenceTransformerTrainingArguments(
        Path outputDir, boolean overwriteOutputDir, double numTrainEpochs, long maxSteps,
        int perDeviceTrainBatchSize, int perDeviceEvalBatchSize, double learningRate, double weightDecay,
        double adamBeta1, double adamBeta2, double adamEpsilon, double maxGradNorm, SchedulerType lrSchedulerType,
        double warmupRatio, long warmupSteps, int gradientAccumulationSteps, long seed,
        IntervalStrategy evalStrategy, long evalSteps, IntervalStrategy saveStrategy, long saveSteps,
        Integer saveTotalLimit, boolean loadBestModelAtEnd, String metricForBestModel, Boolean greaterIsBetter,
        long loggingSteps, BatchSamplers batchSampler, MultiDatasetBatchSamplers multiDatasetBatchSampler,
        boolean dataloaderDropLast, TrainingPrompts prompts, Map<String, Double> learningRateMapping,
        String runName, boolean fp16, boolean bf16, boolean pushToHub, String hubModelId, HubStrategy hubStrategy,
        Boolean hubPrivateRepo, String hubToken) {

    public SentenceTransformerTrainingArguments {
        if (outputDir == null) {
            throw new IllegalArgumentException("outputDir is required");
        }
        if (fp16 || bf16) {
            throw new IllegalArgumentException((fp16 ? "fp16" : "bf16") + " training is not supported by the "
                    + "ND4J CPU backend st4j runs on; train in float32 (the default)");
        }
        if (perDeviceTrainBatchSize < 1 || perDeviceEvalBatchSize < 1) {
            throw new IllegalArgumentException("batch sizes must be >= 1");
        }
        if (gradientAccumulationSteps < 1) {
            throw new IllegalArgumentException("gradientAccumulationSteps must be >= 1, got " + gradientAccumulationSteps);
        }
        if (!(learningRate >= 0)) {
            throw new IllegalArgumentException("learningRate must be >= 0, got " + learningRate);
        }
        if (maxSteps <= 0 && !(numTrainEpochs > 0)) {
            throw new IllegalArgumentException("give numTrainEpochs > 0 or maxSteps > 0");
        }
        if (evalStrategy == IntervalStrategy.STEPS && evalSteps <= 0) {
            throw new IllegalArgumentException("evalStrategy STEPS needs evalSteps > 0");
        }
        if (saveStrategy == IntervalStrategy.STEPS && saveSteps <= 0) {
            throw new IllegalArgumentException("saveStrategy STEPS needs saveSteps > 0");
        }
        if (loadBestModelAtEnd && saveStrategy != evalStrategy) {
            throw new IllegalArgumentException("loadBestModelAtEnd needs saveStrategy equal to evalStrategy, got "
                    + saveStrategy + " and " + evalStrategy);
        }
        learningRateMapping = Map.copyOf(learningRateMapping);
        if (prompts == null) {
            prompts = TrainingPrompts.NONE;
        }
        if (hubStrategy == null) {
            hubStrategy = HubStrategy.EVERY_SAVE;
        }
    }

    /** The arguments by name, with the Hub token shown as {@code <HUB_TOKEN>} (as Hugging Face prints it). */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("SentenceTransformerTrainingArguments[");
        java.lang.reflect.RecordComponent[] components = getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            Object value;
            try {
                value = components[i].getAccessor().invoke(this);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            boolean secret = components[i].getName().equals("hubToken") && value != null;
            text.append(i == 0 ? "" : ", ").append(components[i].getName()).append('=')
                    .append(secret ? "<HUB_TOKEN>" : value);
        }
        return text.append(']').toString();
    }

    /** Whether a higher {@link #metricForBestModel()} is better: as Hugging Face, true unless the metric is a loss. */
    public boolean higherIsBetter() {
        if (greaterIsBetter != null) {
            return greaterIsBetter;
        }
        return metricForBestModel != null && !metricForBestModel.endsWith("loss");
    }

    public static Builder builder(Path outputDir) {
        return new Builder(outputDir);
    }

    /** Builder with Hugging Face's defaults. */
    public static final class Builder {
        private final Path outputDir;
        private boolean overwriteOutputDir;
        private double numTrainEpochs = 3;
        private long maxSteps = -1;
        private int perDeviceTrainBatchSize = 8;
        private int perDeviceEvalBatchSize = 8;
        private double learningRate = 5e-5;
        private double weightDecay;
        private double adamBeta1 = 0.9;
        private double adamBeta2 = 0.999;
        private double adamEpsilon = 1e-8;
        private double maxGradNorm = 1.0;
        private SchedulerType lrSchedulerType = SchedulerType.LINEAR;
        private double warmupRatio;
        private long warmupSteps;
        private int gradientAccumulationSteps = 1;
        private long seed = 42;
        private IntervalStrategy evalStrategy = IntervalStrategy.NO;
        private long evalSteps = -1;
        private IntervalStrategy saveStrategy = IntervalStrategy.STEPS;
        private long saveSteps = 500;
        private Integer saveTotalLimit;
        private boolean loadBestModelAtEnd;
        private String metricForBestModel;
        private Boolean greaterIsBetter;
        private long loggingSteps = 500;
        private BatchSamplers batchSampler = BatchSamplers.BATCH_SAMPLER;
        private MultiDatasetBatchSamplers multiDatasetBatchSampler = MultiDatasetBatchSamplers.PROPORTIONAL;
        private boolean dataloaderDropLast;
        private TrainingPrompts prompts = TrainingPrompts.NONE;
        private Map<String, Double> learningRateMapping = new LinkedHashMap<>();
        private String runName;
        private boolean fp16;
        private boolean bf16;
        private boolean pushToHub;
        private String hubModelId;
        private HubStrategy hubStrategy = HubStrategy.EVERY_SAVE;
        private Boolean hubPrivateRepo;
        private String hubToken;

        private Builder(Path outputDir) {
            this.outputDir = outputDir;
        }

        public Builder overwriteOutputDir(boolean v) { overwriteOutputDir = v; return this; }
        public Builder numTrainEpochs(double v) { numTrainEpochs = v; return this; }
        public Builder maxSteps(long v) { maxSteps = v; return this; }
        public Builder perDeviceTrainBatchSize(int v) { perDeviceTrainBatchSize = v; return this; }
        public Builder perDeviceEvalBatchSize(int v) { perDeviceEvalBatchSize = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder adamBeta1(double v) { adamBeta1 = v; return this; }
        public Builder adamBeta2(double v) { adamBeta2 = v; return this; }
        public Builder adamEpsilon(double v) { adamEpsilon = v; return this; }
        public Builder maxGradNorm(double v) { maxGradNorm = v; return this; }
        public Builder lrSchedulerType(SchedulerType v) { lrSchedulerType = v; return this; }
        public Builder warmupRatio(double v) { warmupRatio = v; return this; }
        public Builder warmupSteps(long v) { warmupSteps = v; return this; }
        public Builder gradientAccumulationSteps(int v) { gradientAccumulationSteps = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder evalStrategy(IntervalStrategy v) { evalStrategy = v; return this; }
        public Builder evalSteps(long v) { evalSteps = v; return this; }
        public Builder saveStrategy(IntervalStrategy v) { saveStrategy = v; return this; }
        public Builder saveSteps(long v) { saveSteps = v; return this; }
        public Builder saveTotalLimit(Integer v) { saveTotalLimit = v; return this; }
        public Builder loadBestModelAtEnd(boolean v) { loadBestModelAtEnd = v; return this; }
        public Builder metricForBestModel(String v) { metricForBestModel = v; return this; }
        public Builder greaterIsBetter(Boolean v) { greaterIsBetter = v; return this; }
        public Builder loggingSteps(long v) { loggingSteps = v; return this; }
        public Builder batchSampler(BatchSamplers v) { batchSampler = v; return this; }
        public Builder multiDatasetBatchSampler(MultiDatasetBatchSamplers v) { multiDatasetBatchSampler = v; return this; }
        public Builder dataloaderDropLast(boolean v) { dataloaderDropLast = v; return this; }
        public Builder prompts(TrainingPrompts v) { prompts = v; return this; }
        public Builder learningRateMapping(Map<String, Double> v) { learningRateMapping = new LinkedHashMap<>(v); return this; }
        public Builder runName(String v) { runName = v; return this; }
        public Builder fp16(boolean v) { fp16 = v; return this; }
        public Builder bf16(boolean v) { bf16 = v; return this; }
        public Builder pushToHub(boolean v) { pushToHub = v; return this; }
        /** The Hub repository ({@code org/name}, or {@code name} in the token owner's namespace). */
        public Builder hubModelId(String v) { hubModelId = v; return this; }
        public Builder hubStrategy(HubStrategy v) { hubStrategy = v; return this; }
        /** Create the repository as private; null (the default) or false: public. */
        public Builder hubPrivateRepo(Boolean v) { hubPrivateRepo = v; return this; }
        public Builder hubToken(String v) { hubToken = v; return this; }

        public SentenceTransformerTrainingArguments build() {
            return new SentenceTransformerTrainingArguments(outputDir, overwriteOutputDir, numTrainEpochs, maxSteps,
                    perDeviceTrainBatchSize, perDeviceEvalBatchSize, learningRate, weightDecay, adamBeta1, adamBeta2,
                    adamEpsilon, maxGradNorm, lrSchedulerType, warmupRatio, warmupSteps, gradientAccumulationSteps,
                    seed, evalStrategy, evalSteps, saveStrategy, saveSteps, saveTotalLimit, loadBestModelAtEnd,
                    metricForBestModel, greaterIsBetter, loggingSteps, batchSampler, multiDatasetBatchSampler,
                    dataloaderDropLast, prompts, learningRateMapping, runName, fp16, bf16, pushToHub, hubModelId,
                    hubStrategy, hubPrivateRepo, hubToken);
        }
    }
}
