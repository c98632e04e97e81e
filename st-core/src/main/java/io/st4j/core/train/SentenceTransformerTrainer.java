package io.st4j.core.train;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.io.AtomicFolder;
import io.st4j.core.train.optim.AdamW;
import io.st4j.core.train.optim.GradientClipping;
import io.st4j.core.train.optim.LearningRateSchedule;
import io.st4j.core.train.optim.ParameterGroups;
import io.st4j.data.ColumnRoles;
import io.st4j.data.Dataset;
import io.st4j.data.FloatVectorColumn;
import io.st4j.data.sampler.BatchSampler;
import io.st4j.data.sampler.DatasetBatch;
import io.st4j.data.sampler.MultiDatasetBatchSampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link SentenceTransformer} as sentence-transformers' {@code SentenceTransformerTrainer}:
 * batches drawn by the chosen sampler, a loss per dataset, AdamW with a learning-rate schedule and
 * gradient clipping, gradient accumulation, logging, evaluation, checkpoints and resuming. Built with
 * {@link #builder(SentenceTransformer, SentenceTransformerTrainingArguments)}.
 */
public final class SentenceTransformerTrainer {

    static final String OPTIMIZER_FILE = "optimizer.safetensors";
    static final String LOSS_PARAMETERS_FILE = "loss_parameters.safetensors";
    private static final Logger LOG = LoggerFactory.getLogger(SentenceTransformerTrainer.class);

    private final SentenceTransformer model;
    private final SentenceTransformerTrainingArguments args;
    private final List<TrainingSet> trainSets;
    private final List<TrainingSet> evalSets;
    private final Evaluator evaluator;
    private final List<TrainerCallback> callbacks;
    private final Collator collator;
    private final Map<String, INDArray> parameters = new LinkedHashMap<>();
    private final Map<String, SentenceTransformer> guides = new java.util.HashMap<>();
    /** The trainable copy of the model of each {@link DualEncoderLoss}, shared by its training and evaluation steps. */
    private final Map<Loss, SentenceTransformer> copies = new java.util.IdentityHashMap<>();
    private TrainerState state = new TrainerState();

    private SentenceTransformerTrainer(Builder b) {
        this.model = b.model;
        this.args = b.args;
        this.evaluator = b.evaluator;
        this.callbacks = withProvidedCallbacks(b.callbacks, args);
        this.collator = new Collator(model.inputModule(), args.prompts());
        if (b.trainDatasets.isEmpty()) {
            throw new IllegalArgumentException("no training dataset given");
        }
        this.trainSets = trainingSets(b.trainDatasets, b.losses, "training");
        this.evalSets = trainingSets(b.evalDatasets, b.losses, "evaluation");
        parameters.putAll(model.parameters());
        for (TrainingSet set : trainSets) {
            set.step().graphVariables(set.roles().inputs().size()).forEach(parameters::putIfAbsent);
        }
        TrainingRun run = new TrainingRun(model, args, withLosses(trainSets), withLosses(evalSets), evaluator);
        callbacks.forEach(c -> c.onInitEnd(run));
    }

    /**
     * The user's callbacks, then those of the {@link TrainerCallbackProvider}s whose class the user did not
     * register.
     */
    private static List<TrainerCallback> withProvidedCallbacks(List<TrainerCallback> registered,
            SentenceTransformerTrainingArguments args) {
        List<TrainerCallback> all = new ArrayList<>(registered);
        List<TrainerCallbackProvider> providers = java.util.ServiceLoader.load(TrainerCallbackProvider.class).stream()
                .map(java.util.ServiceLoader.Provider::get).toList();
        if (args.pushToHub() && providers.isEmpty()) {
            throw new IllegalStateException("pushToHub needs st-hub on the class path (it pushes to the Hub)");
        }
        for (TrainerCallbackProvider provider : providers) {
            for (TrainerCallback callback : provider.callbacks(args)) {
                if (registered.stream().noneMatch(c -> c.getClass() == callback.getClass())) {
                    all.add(callback);
                }
            }
        }
        return List.copyOf(all);
    }

    private static List<TrainingRun.DatasetWithLoss> withLosses(List<TrainingSet> sets) {
        return sets.stream().map(s -> new TrainingRun.DatasetWithLoss(s.name(), s.dataset(), s.loss())).toList();
    }

    /** Validates every dataset against its loss before any work, naming both on a mismatch. */
    private List<TrainingSet> trainingSets(Map<String, Dataset> datasets, Map<String, Loss> losses, String role) {
        List<TrainingSet> sets = new ArrayList<>();
        Map<Loss, Map<Integer, GradientStep>> steps = new java.util.IdentityHashMap<>();
        for (Map.Entry<String, Dataset> e : datasets.entrySet()) {
            Loss loss = losses.containsKey(e.getKey()) ? losses.get(e.getKey()) : losses.get(null);
            if (loss == null) {
                throw new IllegalArgumentException("no loss for " + role + " dataset '" + e.getKey()
                        + "'; give one loss for all datasets or one per dataset name " + datasets.keySet());
            }
            String consumer = loss.name() + (e.getKey() == null ? "" : " (" + role + " dataset '" + e.getKey() + "')");
            ColumnRoles roles = ColumnRoles.validate(e.getValue(), loss.requirements(), consumer);
            int labelWidth = labelWidth(e.getValue(), roles);
            GradientStep step = steps.computeIfAbsent(loss, l -> new java.util.HashMap<>())
                    .computeIfAbsent(labelWidth, w -> new GradientStep(model, copyFor(loss), loss, w));
            sets.add(new TrainingSet(e.getKey(), e.getValue(), loss, roles, step));
        }
        return sets;
    }

    /** The width of a vector label column (all rows must agree), or 0 for a scalar label or none. */
    private static int labelWidth(Dataset dataset, ColumnRoles roles) {
        if (roles.label().isEmpty() || !(dataset.column(roles.label().get()) instanceof FloatVectorColumn vectors)) {
            return 0;
        }
        int width = vectors.size() == 0 ? 0 : vectors.length(0);
        for (int row = 1; row < vectors.size(); row++) {
            if (vectors.length(row) != width) {
                throw new IllegalArgumentException("label column '" + roles.label().get() + "' has rows of "
                        + width + " and " + vectors.length(row) + " values (row " + row + "); every row needs the same");
            }
        }
        return width;
    }

    /**
     * The trainable copy of the model for a {@link DualEncoderLoss} (made once, before training; its parameters,
     * named {@code copy/...}, are trained and checkpointed with the loss's, never saved with the model), else null.
     */
    private SentenceTransformer copyFor(Loss loss) {
        if (!(loss instanceof DualEncoderLoss)) {
            return null;
        }
        return copies.computeIfAbsent(loss, l -> {
            try {
                return GradientStep.trainableCopy(model);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot copy the model for " + l.name(), e);
            }
        });
    }

    public static Builder builder(SentenceTransformer model, SentenceTransformerTrainingArguments args) {
        return new Builder(model, args);
    }

    /** The state of the last or current run. */
    public TrainerState state() {
        return state;
    }

    /** Trains from the start. */
    public TrainerState train() throws IOException {
        return train(null);
    }

    /**
     * Trains, continuing from {@code checkpoint} (a {@code checkpoint-N} folder) when it is not null: the
     * weights, optimizer state, step and remaining batches are those of the checkpoint.
     */
    public TrainerState train(Path checkpoint) throws IOException {
        prepareOutputDir(checkpoint != null);
        Plan plan = plan();
        AdamW optimizer = new AdamW(ParameterGroups.forTrainer(parameters.keySet(), args.learningRate(),
                args.weightDecay(), args.learningRateMapping()), args.adamBeta1(), args.adamBeta2(), args.adamEpsilon());
        LearningRateSchedule schedule = new LearningRateSchedule(args.lrSchedulerType(),
                LearningRateSchedule.warmupSteps(args.warmupSteps(), args.warmupRatio(), plan.maxSteps), plan.maxSteps);
        state = new TrainerState();
        if (checkpoint != null) {
            resume(checkpoint, optimizer);
        }
        state.maxSteps = plan.maxSteps;
        state.numTrainEpochs = plan.epochs;
        state.trainBatchSize = args.perDeviceTrainBatchSize();
        state.loggingSteps = args.loggingSteps();
        state.evalSteps = args.evalSteps();
        state.saveSteps = args.saveSteps();
        LOG.info("Training: {} optimizer steps, {} epochs, {} batches per epoch, batch size {}, {} parameters tensors",
                plan.maxSteps, plan.epochs, plan.batchesPerEpoch, args.perDeviceTrainBatchSize(), parameters.size());
        callbacks.forEach(c -> c.onTrainBegin(state));

        int ga = args.gradientAccumulationSteps();
        long startEpoch = state.globalStep / plan.updatesPerEpoch;
        long skipBatches = (state.globalStep % plan.updatesPerEpoch) * ga;
        double lossSinceLog = 0;
        long stepsSinceLog = 0;
        for (long epoch = startEpoch; epoch < plan.epochs && state.globalStep < plan.maxSteps; epoch++) {
            callbacks.forEach(c -> c.onEpochBegin(state));
            Iterator<DatasetBatch> sampled = plan.sampler.batches((int) epoch, skipBatches);
            long batchIndex = skipBatches;
            skipBatches = 0;
            Map<String, INDArray> accumulated = null;
            double updateLoss = 0;
            int micro = 0;
            CollationAhead batches = new CollationAhead(sampled, this::collate);
            while (batches.hasNext() && state.globalStep < plan.maxSteps) {
                CollationAhead.Collated next = batches.next();
                TrainingSet set = set(next.batch().dataset());
                Collator.Collated collated = next.inputs();
                GradientStep.Gradients g = set.step().compute(collated.columns(), guideEmbeddings(set, collated),
                        collated.labels(), dropoutSeed(epoch, batchIndex));
                batches.settle();
                batchIndex++;
                if (!Double.isFinite(g.loss())) {
                    throw new TrainingException("loss is " + g.loss() + " at step " + (state.globalStep + 1)
                            + " (epoch " + epoch + ", batch " + batchIndex + ", dataset "
                            + (set.name() == null ? "train" : set.name()) + "); the last checkpoint is intact");
                }
                accumulated = accumulate(accumulated, g.gradients(), 1.0 / ga);
                updateLoss += g.loss() / ga;
                micro++;
                boolean lastOfEpoch = !batches.hasNext();
                if (micro < ga && !lastOfEpoch) {
                    continue;
                }
                double gradNorm = args.maxGradNorm() > 0
                        ? GradientClipping.clipGradNorm(ordered(accumulated), args.maxGradNorm()) : Double.NaN;
                optimizer.step(parameters, accumulated, schedule.factor(state.globalStep));
                state.globalStep++;
                state.epoch = epoch + (double) batchIndex / plan.batchesPerEpoch;
                lossSinceLog += updateLoss;
                stepsSinceLog++;
                accumulated = null;
                updateLoss = 0;
                micro = 0;
                System.gc(); // ND4J frees native memory only when the Java GC runs.
                callbacks.forEach(c -> c.onStepEnd(state));

                if (args.loggingSteps() > 0 && state.globalStep % args.loggingSteps() == 0) {
                    Map<String, Object> logs = new LinkedHashMap<>();
                    logs.put("loss", lossSinceLog / stepsSinceLog);
                    if (!Double.isNaN(gradNorm)) {
                        logs.put("grad_norm", gradNorm);
                    }
                    logs.put("learning_rate", schedule.learningRate(args.learningRate(), state.globalStep));
                    log(logs);
                    lossSinceLog = 0;
                    stepsSinceLog = 0;
                }
                boolean evalNow = args.evalStrategy() == IntervalStrategy.STEPS && state.globalStep % args.evalSteps() == 0;
                boolean saveNow = args.saveStrategy() == IntervalStrategy.STEPS && state.globalStep % args.saveSteps() == 0;
                Map<String, Double> metrics = evalNow ? evaluate() : null;
                if (saveNow) {
                    saveCheckpoint(optimizer, metrics);
                }
            }
            state.epoch = epoch + 1;
            callbacks.forEach(c -> c.onEpochEnd(state));
            Map<String, Double> metrics = args.evalStrategy() == IntervalStrategy.EPOCH ? evaluate() : null;
            if (args.saveStrategy() == IntervalStrategy.EPOCH) {
                saveCheckpoint(optimizer, metrics);
            }
        }
        if (args.loadBestModelAtEnd() && state.bestModelCheckpoint != null) {
            LOG.info("Loading the best model from {} ({} = {})", state.bestModelCheckpoint, bestMetricKey(),
                    state.bestMetric);
            loadWeights(Path.of(state.bestModelCheckpoint));
        }
        Files.createDirectories(args.outputDir());
        state.write(args.outputDir());
        callbacks.forEach(c -> c.onTrainEnd(state));
        return state;
    }

    /** Sizes of the run: batches, updates and epochs, as the Hugging Face trainer counts them. */
    private record Plan(MultiDatasetBatchSampler sampler, long batchesPerEpoch, long updatesPerEpoch, long maxSteps,
                        long epochs) {
    }

    private Plan plan() {
        Map<String, BatchSampler> samplers = new LinkedHashMap<>();
        for (TrainingSet set : trainSets) {
            samplers.put(set.name() == null ? "" : set.name(), args.batchSampler().create(set.dataset(),
                    args.perDeviceTrainBatchSize(), args.dataloaderDropLast(), args.seed()));
        }
        MultiDatasetBatchSampler sampler = samplers.size() == 1
                ? single(samplers.keySet().iterator().next(), samplers.values().iterator().next())
                : args.multiDatasetBatchSampler().create(samplers, args.seed());
        long batches = sampler.numBatches();
        if (batches == 0) {
            throw new TrainingException("the training data yields no batch (batch size "
                    + args.perDeviceTrainBatchSize() + ")");
        }
        long updatesPerEpoch = Math.max(1, batches / args.gradientAccumulationSteps());
        long maxSteps = args.maxSteps() > 0 ? args.maxSteps()
                : (long) Math.ceil(args.numTrainEpochs() * updatesPerEpoch);
        long epochs = args.maxSteps() > 0 ? (maxSteps + updatesPerEpoch - 1) / updatesPerEpoch
                : (long) Math.ceil(args.numTrainEpochs());
        return new Plan(sampler, batches, updatesPerEpoch, maxSteps, epochs);
    }

    /**
     * The guide model's embeddings of each column of the batch, for a {@link GuidedLoss} (GISTEmbed), or
     * null; the guide is loaded once by its name or path.
     */
    private List<INDArray> guideEmbeddings(TrainingSet set, Collator.Collated batch) throws IOException {
        if (!GuidedLoss.needsGuide(set.loss())) {
            return null;
        }
        String name = ((GuidedLoss) set.loss()).guide();
        SentenceTransformer guide = guides.get(name);
        if (guide == null) {
            guide = SentenceTransformer.load(name);
            guides.put(name, guide);
        }
        List<INDArray> embeddings = new ArrayList<>();
        for (List<String> texts : batch.texts()) {
            embeddings.add(Nd4j.createFromArray(guide.encode(texts)));
        }
        return embeddings;
    }

    /** A single dataset's sampler seen as a multi-dataset one whose batches carry that dataset's name. */
    private static MultiDatasetBatchSampler single(String name, BatchSampler sampler) {
        return new MultiDatasetBatchSampler() {
            @Override
            public int numBatches() {
                return sampler.numBatches();
            }

            @Override
            public Iterator<DatasetBatch> batches(int epoch, long fromStep) {
                Iterator<int[]> rows = sampler.batches(epoch, fromStep);
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return rows.hasNext();
                    }

                    @Override
                    public DatasetBatch next() {
                        return new DatasetBatch(name, rows.next());
                    }
                };
            }
        };
    }

    private Collator.Collated collate(DatasetBatch batch) {
        TrainingSet set = set(batch.dataset());
        return collator.collate(set.name(), set.dataset(), set.roles(), batch.rows());
    }

    private TrainingSet set(String name) {
        for (TrainingSet set : trainSets) {
            if ((set.name() == null ? "" : set.name()).equals(name)) {
                return set;
            }
        }
        throw new IllegalStateException("sampler returned unknown dataset " + name);
    }

    /** A per-batch dropout seed, so that a resumed run draws the masks an uninterrupted one would. */
    private long dropoutSeed(long epoch, long batchIndex) {
        long z = args.seed() * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + batchIndex * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static Map<String, INDArray> accumulate(Map<String, INDArray> sum, Map<String, INDArray> gradients,
                                                    double scale) {
        if (sum == null) {
            Map<String, INDArray> first = new LinkedHashMap<>();
            gradients.forEach((name, g) -> first.put(name, scale == 1.0 ? g : g.mul(scale)));
            return first;
        }
        gradients.forEach((name, g) -> sum.merge(name, scale == 1.0 ? g : g.mul(scale), INDArray::addi));
        return sum;
    }

    /** The gradients in parameter order, so the clipping norm sums in a fixed order. */
    private Map<String, INDArray> ordered(Map<String, INDArray> gradients) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String name : parameters.keySet()) {
            INDArray g = gradients.get(name);
            if (g != null) {
                out.put(name, g);
            }
        }
        return out;
    }

    /**
     * Evaluates: the loss on each evaluation dataset ({@code eval_loss}, or {@code eval_{name}_loss}) and the
     * evaluator's metrics ({@code eval_}-prefixed), logged and returned.
     */
    public Map<String, Double> evaluate() throws IOException {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (TrainingSet set : evalSets) {
            metrics.put(set.name() == null ? "eval_loss" : "eval_" + set.name() + "_loss", evaluationLoss(set));
        }
        if (evaluator != null) {
            Path evalDir = Files.createDirectories(args.outputDir().resolve("eval"));
            int epoch = (int) Math.ceil(state.epoch);
            evaluator.evaluate(model, evalDir, epoch, (int) state.globalStep)
                    .forEach((key, value) -> metrics.put("eval_" + key, value));
        }
        Map<String, Object> logs = new LinkedHashMap<>(metrics);
        log(logs);
        callbacks.forEach(c -> c.onEvaluate(state, metrics));
        return metrics;
    }

    private double evaluationLoss(TrainingSet set) throws IOException {
        double sum = 0;
        int batches = 0;
        int size = args.perDeviceEvalBatchSize();
        for (int start = 0; start < set.dataset().numRows(); start += size) {
            int[] rows = java.util.stream.IntStream.range(start, Math.min(set.dataset().numRows(), start + size))
                    .toArray();
            Collator.Collated collated = collator.collate(set.name(), set.dataset(), set.roles(), rows);
            sum += set.step().loss(collated.columns(), guideEmbeddings(set, collated), collated.labels());
            batches++;
        }
        return batches == 0 ? Double.NaN : sum / batches;
    }

    private void log(Map<String, Object> logs) {
        Map<String, Object> entry = state.log(logs);
        callbacks.forEach(c -> c.onLog(state, entry));
    }

    private String bestMetricKey() {
        String metric = args.metricForBestModel() == null ? "loss" : args.metricForBestModel();
        return metric.startsWith("eval_") ? metric : "eval_" + metric;
    }

    /** Writes {@code checkpoint-N} atomically: model folder, optimizer state, loss parameters, trainer state. */
    private void saveCheckpoint(AdamW optimizer, Map<String, Double> metrics) throws IOException {
        Path checkpoint = CheckpointFolders.folder(args.outputDir(), state.globalStep);
        if (metrics != null && metrics.containsKey(bestMetricKey())) {
            double value = metrics.get(bestMetricKey());
            boolean better = state.bestMetric == null
                    || (args.higherIsBetter() ? value > state.bestMetric : value < state.bestMetric);
            if (better) {
                state.bestMetric = value;
                state.bestModelCheckpoint = checkpoint.toString();
            }
        }
        Map<String, INDArray> lossParameters = lossParameters();
        CheckpointFolders.write(checkpoint, model, optimizer, lossParameters, state);
        LOG.info("Saved {}", checkpoint);
        if (args.saveTotalLimit() != null) {
            CheckpointFolders.prune(args.outputDir(), args.saveTotalLimit(),
                    state.bestModelCheckpoint == null ? null : Path.of(state.bestModelCheckpoint));
        }
        callbacks.forEach(c -> c.onSave(state, checkpoint));
    }

    /**
     * Parameters the losses own (e.g. SoftmaxLoss's classifier, a DualEncoderLoss's copy of the model), which the
     * model folder does not hold.
     */
    private Map<String, INDArray> lossParameters() {
        Map<String, INDArray> modelParameters = model.parameters();
        Map<String, INDArray> own = new LinkedHashMap<>();
        parameters.forEach((name, array) -> {
            if (!modelParameters.containsKey(name)) {
                own.put(name, array);
            }
        });
        return own;
    }

    private void resume(Path checkpoint, AdamW optimizer) throws IOException {
        LOG.info("Resuming from {}", checkpoint);
        loadWeights(checkpoint);
        assign(CheckpointFolders.lossParameters(checkpoint), checkpoint.resolve(LOSS_PARAMETERS_FILE));
        optimizer.loadState(CheckpointFolders.optimizerState(checkpoint));
        TrainerState saved = TrainerState.read(checkpoint);
        state.globalStep = saved.globalStep;
        state.epoch = saved.epoch;
        state.bestMetric = saved.bestMetric;
        state.bestModelCheckpoint = saved.bestModelCheckpoint;
        state.logHistory.addAll(saved.logHistory);
    }

    /** Copies the weights of a saved model folder into the model being trained (in place). */
    private void loadWeights(Path folder) throws IOException {
        assign(SentenceTransformer.load(folder).parameters(), folder);
    }

    private void assign(Map<String, INDArray> saved, Path source) {
        saved.forEach((name, array) -> {
            INDArray target = parameters.get(name);
            if (target == null || !Arrays.equals(target.shape(), array.shape())) {
                throw new TrainingException(source + ": parameter '" + name + "' does not fit the model being trained");
            }
            target.assign(array);
        });
    }

    private void prepareOutputDir(boolean resuming) throws IOException {
        Path out = args.outputDir();
        if (Files.isDirectory(out) && !resuming && !args.overwriteOutputDir()) {
            try (Stream<Path> children = Files.list(out)) {
                if (children.findAny().isPresent()) {
                    throw new TrainingException("output folder " + out + " exists and is not empty; set "
                            + "overwriteOutputDir or resume from one of its checkpoints");
                }
            }
        }
        if (!resuming && args.overwriteOutputDir()) {
            for (Path checkpoint : CheckpointFolders.list(out)) {
                AtomicFolder.deleteRecursively(checkpoint);
            }
        }
        Files.createDirectories(out);
    }

    /** The newest {@code checkpoint-N} folder under the output folder, or null (for {@code train(latestCheckpoint())}). */
    public Path latestCheckpoint() throws IOException {
        return CheckpointFolders.latest(args.outputDir());
    }

    /** Builder of a trainer: a model and arguments, one or several training datasets with their losses. */
    public static final class Builder {
        private final SentenceTransformer model;
        private final SentenceTransformerTrainingArguments args;
        private final Map<String, Dataset> trainDatasets = new LinkedHashMap<>();
        private final Map<String, Dataset> evalDatasets = new LinkedHashMap<>();
        private final Map<String, Loss> losses = new java.util.HashMap<>();
        private Evaluator evaluator;
        private final List<TrainerCallback> callbacks = new ArrayList<>();

        private Builder(SentenceTransformer model, SentenceTransformerTrainingArguments args) {
            this.model = model;
            this.args = args;
        }

        /** The training dataset (single-dataset training). */
        public Builder trainDataset(Dataset dataset) {
            trainDatasets.put(null, dataset);
            return this;
        }

        /** A named training dataset (multi-dataset training); call once per dataset. */
        public Builder trainDataset(String name, Dataset dataset) {
            trainDatasets.put(name, dataset);
            return this;
        }

        /** The evaluation dataset, whose loss is logged as {@code eval_loss}. */
        public Builder evalDataset(Dataset dataset) {
            evalDatasets.put(null, dataset);
            return this;
        }

        /** A named evaluation dataset ({@code eval_{name}_loss}). */
        public Builder evalDataset(String name, Dataset dataset) {
            evalDatasets.put(name, dataset);
            return this;
        }

        /** The loss of every dataset that has no loss of its own. */
        public Builder loss(Loss loss) {
            losses.put(null, loss);
            return this;
        }

        /** The loss of the dataset named {@code dataset}. */
        public Builder loss(String dataset, Loss loss) {
            losses.put(dataset, loss);
            return this;
        }

        public Builder evaluator(Evaluator evaluator) {
            this.evaluator = evaluator;
            return this;
        }

        public Builder callback(TrainerCallback callback) {
            callbacks.add(callback);
            return this;
        }

        /** Builds the trainer, validating every dataset against its loss. */
        public SentenceTransformerTrainer build() {
            return new SentenceTransformerTrainer(this);
        }
    }
}
