package io.st4j.spark;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.io.AtomicFolder;
import io.st4j.core.train.CheckpointFolders;
import io.st4j.core.train.DualEncoderLoss;
import io.st4j.core.train.Evaluator;
import io.st4j.core.train.GradCache;
import io.st4j.core.train.GuidedLoss;
import io.st4j.core.train.Loss;
import io.st4j.core.train.TrainerState;
import io.st4j.core.train.TrainingException;
import io.st4j.core.train.optim.AdamW;
import io.st4j.core.train.optim.GradientClipping;
import io.st4j.core.train.optim.LearningRateSchedule;
import io.st4j.core.train.optim.ParameterGroups;
import io.st4j.core.train.optim.SchedulerType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Synchronous data-parallel training on Spark: every step, the global batch is cut into one shard per worker;
 * <ol>
 *   <li>each worker embeds its shard in training mode (one Spark task per shard);</li>
 *   <li>the driver gathers the embeddings of the whole global batch and computes the loss on it, with its
 *       gradient with respect to every embedding row ({@link GradCache#lossAndGradients});</li>
 *   <li>each worker backpropagates its rows' embedding gradients into parameter gradients, which a tree
 *       aggregation sums on the driver;</li>
 *   <li>the driver applies gradient clipping and AdamW once, and broadcasts the new weights for the next
 *       step.</li>
 * </ol>
 * Because the loss sees the global batch, any loss, including those that compare all pairs of a batch
 * (CoSENT, in-batch negatives of MultipleNegativesRanking as {@code gather_across_devices}), trains as one
 * process with the global batch would; the parameters of a loss that has its own (SoftmaxLoss) are trained on
 * the driver.
 *
 * <p>As the single-machine {@code SentenceTransformerTrainer}: AdamW with the Trainer's parameter groups, a
 * learning-rate schedule with warmup, gradient clipping, logging into a {@link TrainerState}, an evaluator every N
 * steps, and {@code checkpoint-N} folders in its format from which {@link #train(Dataset, int, Path)} resumes.
 */
public final class DataParallelTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(DataParallelTrainer.class);

    private final SparkSession spark;
    private final ModelLocation location;
    private final Loss loss;
    private final int workers;
    private final int globalBatchSize;
    private final double learningRate;
    private final double weightDecay;
    private final double maxGradNorm;
    private final long seed;
    private final SchedulerType lrSchedulerType;
    private final double warmupRatio;
    private final long warmupSteps;
    private final long loggingSteps;
    private final Evaluator evaluator;
    private final long evalSteps;
    private final Path outputDir;
    private final long saveSteps;
    private final Integer saveTotalLimit;

    private DataParallelTrainer(Builder b) {
        this.spark = b.spark;
        this.location = b.location;
        this.loss = b.loss;
        this.workers = b.workers;
        this.globalBatchSize = b.globalBatchSize;
        this.learningRate = b.learningRate;
        this.weightDecay = b.weightDecay;
        this.maxGradNorm = b.maxGradNorm;
        this.seed = b.seed;
        this.lrSchedulerType = b.lrSchedulerType;
        this.warmupRatio = b.warmupRatio;
        this.warmupSteps = b.warmupSteps;
        this.loggingSteps = b.loggingSteps;
        this.evaluator = b.evaluator;
        this.evalSteps = b.evalSteps;
        this.outputDir = b.outputDir;
        this.saveSteps = b.saveSteps;
        this.saveTotalLimit = b.saveTotalLimit;
    }

    public static Builder builder(SparkSession spark, ModelLocation model, Loss loss) {
        return new Builder(spark, model, loss);
    }

    /**
     * The trained model (the driver's copy), the loss of each step this call ran (after a resume, from the step
     * after the checkpoint) and the run's state (steps, log history).
     */
    public record Result(SentenceTransformer model, double[] losses, TrainerState state) {
    }

    /**
     * Trains for {@code steps} steps on the rows of {@code data} in their order (shuffle it first if needed),
     * {@code globalBatchSize} consecutive rows per step, starting over at the end. As in sentence-transformers,
     * a column named {@code label} or {@code score} is the label, every other column is a text input.
     */
    public Result train(Dataset<Row> data, int steps) {
        return train(data, steps, null);
    }

    /**
     * As {@link #train(Dataset, int)}, continuing from {@code checkpoint} (a {@code checkpoint-N} folder this
     * trainer wrote, or null to start afresh): its weights, AdamW state, step and log history, so that the rest
     * of the run equals an uninterrupted one. A step fails as a whole: its update is applied only once every
     * shard's gradients arrived; when Spark gives up on a task (it re-runs a task lost with its executor up to
     * {@code spark.task.maxFailures} times) this throws a {@link TrainingException} naming the last checkpoint.
     */
    public Result train(Dataset<Row> data, int steps, Path checkpoint) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        List<String> names = Arrays.asList(data.columns());
        int labelColumn = names.indexOf("label") >= 0 ? names.indexOf("label") : names.indexOf("score");
        List<Integer> inputs = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (i != labelColumn) {
                inputs.add(i);
            }
        }
        List<Row> rows = data.collectAsList();
        if (rows.size() < globalBatchSize) {
            throw new IllegalArgumentException("the data has " + rows.size() + " rows, fewer than one global batch of "
                    + globalBatchSize);
        }
        SentenceTransformer model = load(location);
        LearningRateSchedule schedule = new LearningRateSchedule(lrSchedulerType,
                LearningRateSchedule.warmupSteps(warmupSteps, warmupRatio, steps), steps);
        TrainerState state = checkpoint == null ? startFresh() : resume(checkpoint, model);
        Trainable trainable = new Trainable(model, checkpoint);
        state.start(steps, (double) steps * globalBatchSize / rows.size(), globalBatchSize, loggingSteps, evalSteps,
                saveSteps);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String run = UUID.randomUUID().toString();
        double[] losses = new double[(int) Math.max(0, steps - state.globalStep())];
        double lossSinceLog = 0;
        int stepsSinceLog = 0;
        while (state.globalStep() < steps) {
            int step = (int) state.globalStep();
            List<Row> batch = new ArrayList<>(globalBatchSize);
            for (int r = 0; r < globalBatchSize; r++) {
                batch.add(rows.get((int) (((long) step * globalBatchSize + r) % rows.size())));
            }
            Step result = step(jsc, run, step, batch, inputs, labelColumn, trainable, state);
            Map<String, INDArray> gradients = ordered(result.gradients, trainable.parameters);
            double gradNorm = maxGradNorm > 0 ? GradientClipping.clipGradNorm(gradients, maxGradNorm) : Double.NaN;
            trainable.optimizer.step(trainable.parameters, gradients, schedule.factor(step));
            state.advance(step + 1, (double) (step + 1) * globalBatchSize / rows.size());
            losses[losses.length - (steps - step)] = result.loss;
            lossSinceLog += result.loss;
            stepsSinceLog++;
            LOG.info("step {}: loss {}", step + 1, result.loss);
            if (loggingSteps > 0 && state.globalStep() % loggingSteps == 0) {
                log(state, lossSinceLog / stepsSinceLog, gradNorm, schedule);
                lossSinceLog = 0;
                stepsSinceLog = 0;
            }
            if (evaluator != null && state.globalStep() % evalSteps == 0) {
                evaluate(model, state);
            }
            if (outputDir != null && state.globalStep() % saveSteps == 0) {
                save(trainable, state);
            }
        }
        if (outputDir != null) {
            write(outputDir, dir -> {
                Files.createDirectories(dir);
                state.write(dir);
            });
        }
        return new Result(model, losses, state);
    }

    /**
     * A training log entry as the Trainer writes it: the mean loss since the last entry, the gradient norm before
     * clipping, and the learning rate of the next update.
     */
    private void log(TrainerState state, double meanLoss, double gradNorm, LearningRateSchedule schedule) {
        Map<String, Object> logs = new LinkedHashMap<>();
        logs.put("loss", meanLoss);
        if (!Double.isNaN(gradNorm)) {
            logs.put("grad_norm", gradNorm);
        }
        logs.put("learning_rate", schedule.learningRate(learningRate, state.globalStep()));
        state.log(logs);
    }

    /** The loss of one step and the gradients summed over the shards. */
    private record Step(double loss, Map<String, INDArray> gradients) {
    }

    /**
     * The distributed part of step {@code step} (0-based): forward on the shards, the loss on the driver,
     * backward on the shards and the tree aggregation of their gradients. All or nothing: an exception leaves the
     * weights as they were.
     */
    private Step step(JavaSparkContext jsc, String run, int step, List<Row> batch, List<Integer> inputs,
                      int labelColumn, Trainable trainable, TrainerState state) {
        ModelLocation model0 = location;
        long stepSeed = seed * 1_000_003L + step;
        List<Shard> shards = shards(batch, inputs, stepSeed);
        INDArray labels = labels(batch, labelColumn);
        Broadcast<Weights> weights = jsc.broadcast(Weights.of(step, trainable.model.parameters()));
        try {
            List<Tuple2<Integer, float[][][]>> embedded = new ArrayList<>(jsc.parallelize(shards, workers)
                    .map(s -> new Tuple2<>(s.index(), Worker.of(run, model0, weights.value()).embed(s))).collect());
            embedded.sort(Comparator.comparing(Tuple2::_1));
            List<INDArray> embeddings = new ArrayList<>();
            for (int c = 0; c < inputs.size(); c++) {
                INDArray[] parts = new INDArray[workers];
                for (int w = 0; w < workers; w++) {
                    parts[w] = Nd4j.create(embedded.get(w)._2()[c]);
                }
                embeddings.add(Nd4j.concat(0, parts));
            }
            if (trainable.optimizer == null) {
                trainable.prepare(embeddings, labels);
            }
            GradCache.Result lossResult = GradCache.lossAndGradients(loss, embeddings, null, labels, stepSeed);
            if (!Double.isFinite(lossResult.loss())) {
                throw new TrainingException("loss is " + lossResult.loss() + " at step " + (step + 1)
                        + "; " + lastCheckpoint(state));
            }
            List<Shard> backward = new ArrayList<>();
            for (Shard shard : shards) {
                backward.add(shard.withUpstream(rowsOf(lossResult.embeddingGradients(), shard.index())));
            }
            Weights summed = jsc.parallelize(backward, workers)
                    .map(s -> Worker.of(run, model0, weights.value()).gradients(s)).treeReduce(Weights::sum, 2);
            Map<String, INDArray> gradients = summed.toArrays(trainable.parameters);
            gradients.putAll(lossResult.parameterGradients());
            return new Step(lossResult.loss(), gradients);
        } catch (TrainingException | IllegalArgumentException | UncheckedIOException e) {
            throw e;
        } catch (Exception e) { // Spark's job failures (SparkException) are checked in Scala's sense only
            throw new TrainingException("step " + (step + 1) + " failed on the cluster and was not applied; "
                    + lastCheckpoint(state), e);
        } finally {
            weights.destroy();
        }
    }

    private String lastCheckpoint(TrainerState state) {
        if (outputDir == null) {
            return "no checkpoint was written (no output folder)";
        }
        try {
            Path latest = CheckpointFolders.latest(outputDir);
            return latest == null ? "no checkpoint was written yet"
                    : "resume from the last checkpoint " + latest + " (train(data, steps, checkpoint))";
        } catch (IOException e) {
            return "cannot list the checkpoints of " + outputDir + ": " + e.getMessage();
        }
    }

    private TrainerState startFresh() {
        if (outputDir != null) {
            try {
                if (!CheckpointFolders.list(outputDir).isEmpty()) {
                    throw new TrainingException("output folder " + outputDir + " holds checkpoints of another run; "
                            + "resume from one of them or choose another folder");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the output folder " + outputDir, e);
            }
        }
        return new TrainerState();
    }

    /**
     * Restores the model's weights and the progress from a checkpoint this trainer wrote ({@link Trainable} restores
     * the loss's parameters and AdamW's state).
     */
    private TrainerState resume(Path checkpoint, SentenceTransformer model) {
        LOG.info("Resuming from {}", checkpoint);
        try {
            TrainerState state = TrainerState.read(checkpoint);
            if (state.trainBatchSize() != globalBatchSize) {
                throw new IllegalArgumentException("checkpoint " + checkpoint + " was trained with a global batch of "
                        + state.trainBatchSize() + " rows, not " + globalBatchSize + "; its data order would differ");
            }
            Map<String, INDArray> saved = SentenceTransformer.load(checkpoint).parameters();
            Weights.of(state.globalStep(), saved).assignTo(model.parameters());
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume from checkpoint " + checkpoint, e);
        }
    }

    private void evaluate(SentenceTransformer model, TrainerState state) {
        Path evalDir = outputDir == null ? null : write(outputDir.resolve("eval"), Files::createDirectories);
        Map<String, Object> metrics = new LinkedHashMap<>();
        evaluator.evaluate(model, evalDir, (int) Math.ceil(state.epoch()), (int) state.globalStep())
                .forEach((key, value) -> metrics.put("eval_" + key, value));
        LOG.info("step {}: {}", state.globalStep(), metrics);
        state.log(metrics);
    }

    private void save(Trainable trainable, TrainerState state) {
        Path folder = CheckpointFolders.folder(outputDir, state.globalStep());
        write(folder, dir -> CheckpointFolders.write(dir, trainable.model, trainable.optimizer,
                trainable.lossParameters(), state));
        if (saveTotalLimit != null) {
            write(outputDir, dir -> CheckpointFolders.prune(dir, saveTotalLimit, null));
        }
        LOG.info("Saved {}", folder);
    }

    /**
     * What the driver trains: the model's parameters and the loss's own (e.g. a SoftmaxLoss classifier), and AdamW
     * over both. The loss's parameters are known once the loss is built on the first step's embeddings, so AdamW
     * is built then, and a resumed run restores both from the checkpoint then.
     */
    private final class Trainable {
        final SentenceTransformer model;
        final Map<String, INDArray> parameters;
        private final Path checkpoint;
        AdamW optimizer;

        Trainable(SentenceTransformer model, Path checkpoint) {
            this.model = model;
            this.parameters = new LinkedHashMap<>(model.parameters());
            this.checkpoint = checkpoint;
        }

        void prepare(List<INDArray> embeddings, INDArray labels) {
            Map<String, INDArray> own = GradCache.lossParameters(loss, embeddings, null, labels);
            own.forEach(parameters::putIfAbsent);
            optimizer = new AdamW(ParameterGroups.forTrainer(parameters.keySet(), learningRate, weightDecay, Map.of()));
            if (checkpoint == null) {
                return;
            }
            try {
                Map<String, INDArray> saved = CheckpointFolders.lossParameters(checkpoint);
                if (!saved.keySet().equals(own.keySet())) {
                    throw new IllegalArgumentException("checkpoint " + checkpoint + " holds the loss parameters "
                            + saved.keySet() + ", but " + loss.name() + " has " + own.keySet());
                }
                Weights.of(0, saved).assignTo(own);
                optimizer.loadState(CheckpointFolders.optimizerState(checkpoint));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot resume from checkpoint " + checkpoint, e);
            }
        }

        /** The loss's own parameters, which the checkpoint keeps beside the model folder. */
        Map<String, INDArray> lossParameters() {
            Map<String, INDArray> own = new LinkedHashMap<>(parameters);
            own.keySet().removeAll(model.parameters().keySet());
            return own;
        }
    }

    private static Path write(Path dir, AtomicFolder.Writer writer) {
        try {
            writer.write(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir, e);
        }
    }

    private List<Shard> shards(List<Row> batch, List<Integer> inputs, long stepSeed) {
        int size = globalBatchSize / workers;
        List<Shard> shards = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            List<List<String>> columns = new ArrayList<>();
            for (int column : inputs) {
                List<String> texts = new ArrayList<>(size);
                for (Row row : batch.subList(w * size, (w + 1) * size)) {
                    if (row.isNullAt(column)) {
                        throw new IllegalArgumentException("column '" + row.schema().fieldNames()[column]
                                + "' holds a null text in row " + row);
                    }
                    texts.add(row.getString(column));
                }
                columns.add(texts);
            }
            shards.add(new Shard(w, columns, stepSeed * 65_537 + w, null));
        }
        return shards;
    }

    private static INDArray labels(List<Row> batch, int labelColumn) {
        if (labelColumn < 0) {
            return null;
        }
        float[] labels = new float[batch.size()];
        for (int i = 0; i < labels.length; i++) {
            Row row = batch.get(i);
            if (row.isNullAt(labelColumn)) {
                throw new IllegalArgumentException("column '" + row.schema().fieldNames()[labelColumn]
                        + "' holds a null label in row " + row);
            }
            labels[i] = ((Number) row.get(labelColumn)).floatValue();
        }
        return Nd4j.create(labels);
    }

    /** Shard {@code index}'s rows of each column's embedding gradients. */
    private float[][][] rowsOf(List<INDArray> gradients, int index) {
        int size = globalBatchSize / workers;
        float[][][] out = new float[gradients.size()][][];
        for (int c = 0; c < out.length; c++) {
            out[c] = gradients.get(c).get(NDArrayIndex.interval(index * size, (index + 1) * size), NDArrayIndex.all())
                    .toFloatMatrix();
        }
        return out;
    }

    /** The gradients in parameter order, so that clipping sums the norm in a fixed order. */
    private static Map<String, INDArray> ordered(Map<String, INDArray> gradients, Map<String, INDArray> parameters) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String name : parameters.keySet()) {
            INDArray g = gradients.get(name);
            if (g != null) {
                out.put(name, g);
            }
        }
        return out;
    }

    private static SentenceTransformer load(ModelLocation location) {
        try {
            return SentenceTransformer.load(location.resolve());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load model folder " + location, e);
        }
    }

    /** Builder of {@link DataParallelTrainer}; the defaults are the Trainer's. */
    public static final class Builder {
        private final SparkSession spark;
        private final ModelLocation location;
        private final Loss loss;
        private int workers = 2;
        private int globalBatchSize = 32;
        private double learningRate = 5e-5;
        private double weightDecay;
        private double maxGradNorm = 1.0;
        private long seed = 42;
        private SchedulerType lrSchedulerType = SchedulerType.LINEAR;
        private double warmupRatio;
        private long warmupSteps;
        private long loggingSteps = 500;
        private Evaluator evaluator;
        private long evalSteps;
        private Path outputDir;
        private long saveSteps = 500;
        private Integer saveTotalLimit;

        private Builder(SparkSession spark, ModelLocation location, Loss loss) {
            if (spark == null || location == null || loss == null) {
                throw new IllegalArgumentException("spark, model location and loss must not be null");
            }
            if (loss instanceof DualEncoderLoss || GuidedLoss.needsGuide(loss)) {
                throw new IllegalArgumentException(loss.name() + " is not supported by distributed training: it needs "
                        + (loss instanceof DualEncoderLoss ? "a trainable copy of the model" : "a guide model's embeddings"));
            }
            this.spark = spark;
            this.location = location;
            this.loss = loss;
        }

        /** Workers (shards per global batch, one Spark task each). */
        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /** Rows per step over all workers; a multiple of the number of workers. */
        public Builder globalBatchSize(int rows) {
            this.globalBatchSize = rows;
            return this;
        }

        /** The peak learning rate ({@code learning_rate}, 5e-5). */
        public Builder learningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** AdamW's decoupled weight decay of the decayed parameter group ({@code weight_decay}, 0). */
        public Builder weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Clips the global gradient norm ({@code max_grad_norm}, 1.0; 0 turns clipping off). */
        public Builder maxGradNorm(double maxGradNorm) {
            this.maxGradNorm = maxGradNorm;
            return this;
        }

        /** The seed of the workers' dropout masks. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The learning-rate schedule over the run's steps ({@code lr_scheduler_type}, LINEAR). */
        public Builder lrSchedulerType(SchedulerType type) {
            this.lrSchedulerType = type;
            return this;
        }

        /** Warmup as a fraction of the run's steps ({@code warmup_ratio}, 0); {@link #warmupSteps} wins when > 0. */
        public Builder warmupRatio(double ratio) {
            this.warmupRatio = ratio;
            return this;
        }

        /** Steps of linear warmup ({@code warmup_steps}, 0). */
        public Builder warmupSteps(long steps) {
            this.warmupSteps = steps;
            return this;
        }

        /** Logs the mean loss, gradient norm and learning rate every {@code steps} steps ({@code logging_steps}, 500). */
        public Builder loggingSteps(long steps) {
            this.loggingSteps = steps;
            return this;
        }

        /** Runs {@code evaluator} on the driver's model every {@code steps} steps; its metrics are logged as {@code eval_*}. */
        public Builder evaluator(Evaluator evaluator, long steps) {
            this.evaluator = evaluator;
            this.evalSteps = steps;
            return this;
        }

        /**
         * Writes a {@code checkpoint-N} folder (the single-machine trainer's format) there every
         * {@link #saveSteps} steps, and {@code trainer_state.json} at the end; without it no checkpoint is written.
         */
        public Builder outputDir(Path dir) {
            this.outputDir = dir;
            return this;
        }

        /** Steps between checkpoints ({@code save_steps}, 500). */
        public Builder saveSteps(long steps) {
            this.saveSteps = steps;
            return this;
        }

        /** Keeps only the newest {@code limit} checkpoints ({@code save_total_limit}; null keeps all). */
        public Builder saveTotalLimit(Integer limit) {
            this.saveTotalLimit = limit;
            return this;
        }

        public DataParallelTrainer build() {
            if (lrSchedulerType == null) {
                throw new IllegalArgumentException("lrSchedulerType must not be null");
            }
            LearningRateSchedule.warmupSteps(warmupSteps, warmupRatio, 1); // validates both
            if (evaluator != null && evalSteps < 1) {
                throw new IllegalArgumentException("evalSteps must be >= 1, got " + evalSteps);
            }
            if (outputDir != null && saveSteps < 1) {
                throw new IllegalArgumentException("saveSteps must be >= 1, got " + saveSteps);
            }
            if (saveTotalLimit != null && saveTotalLimit < 1) {
                throw new IllegalArgumentException("saveTotalLimit must be >= 1 or null, got " + saveTotalLimit);
            }
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be >= 1, got " + workers);
            }
            if (globalBatchSize < workers || globalBatchSize % workers != 0) {
                throw new IllegalArgumentException("globalBatchSize " + globalBatchSize
                        + " must be a positive multiple of the number of workers " + workers);
            }
            return new DataParallelTrainer(this);
        }
    }
}
