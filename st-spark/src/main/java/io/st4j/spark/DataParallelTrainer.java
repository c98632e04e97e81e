package io.st4j.spark;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.train.GradCache;
import io.st4j.core.train.Loss;
import io.st4j.core.train.optim.AdamW;
import io.st4j.core.train.optim.GradientClipping;
import io.st4j.core.train.optim.ParameterGroups;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * process with the global batch would. Losses with parameters of their own are not supported yet.
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
    }

    public static Builder builder(SparkSession spark, ModelLocation model, Loss loss) {
        return new Builder(spark, model, loss);
    }

    /** The trained model (the driver's copy) and the loss of each step. */
    public record Result(SentenceTransformer model, double[] losses) {
    }

    /**
     * Trains for {@code steps} steps on the rows of {@code data} in their order (shuffle it first if needed),
     * {@code globalBatchSize} consecutive rows per step, starting over at the end. As in sentence-transformers,
     * a column named {@code label} or {@code score} is the label, every other column is a text input.
     */
    public Result train(Dataset<Row> data, int steps) {
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
        Map<String, INDArray> parameters = model.parameters();
        AdamW optimizer = new AdamW(
                ParameterGroups.forTrainer(parameters.keySet(), learningRate, weightDecay, Map.of()));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String run = UUID.randomUUID().toString();
        ModelLocation model0 = location;
        double[] losses = new double[steps];
        for (int step = 0; step < steps; step++) {
            List<Row> batch = new ArrayList<>(globalBatchSize);
            for (int r = 0; r < globalBatchSize; r++) {
                batch.add(rows.get((int) (((long) step * globalBatchSize + r) % rows.size())));
            }
            Broadcast<Weights> weights = jsc.broadcast(Weights.of(step, parameters));
            List<Shard> shards = shards(batch, inputs, seed * 1_000_003L + step);

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
            GradCache.Result lossResult =
                    GradCache.lossAndGradients(loss, embeddings, null, labels(batch, labelColumn));
            if (!lossResult.parameterGradients().isEmpty()) {
                throw new UnsupportedOperationException(loss.name() + " has parameters of its own, which distributed "
                        + "training does not update yet");
            }
            List<Shard> backward = new ArrayList<>();
            for (Shard shard : shards) {
                backward.add(shard.withUpstream(rowsOf(lossResult.embeddingGradients(), shard.index())));
            }
            Weights summed = jsc.parallelize(backward, workers)
                    .map(s -> Worker.of(run, model0, weights.value()).gradients(s)).treeReduce(Weights::sum, 2);
            weights.destroy();

            Map<String, INDArray> gradients = ordered(summed.toArrays(parameters), parameters);
            if (maxGradNorm > 0) {
                GradientClipping.clipGradNorm(gradients, maxGradNorm);
            }
            optimizer.step(parameters, gradients, 1.0);
            losses[step] = lossResult.loss();
            LOG.info("step {}: loss {}", step + 1, lossResult.loss());
        }
        return new Result(model, losses);
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
        private double weightDecay = 0.01;
        private double maxGradNorm = 1.0;
        private long seed = 42;

        private Builder(SparkSession spark, ModelLocation location, Loss loss) {
            if (spark == null || location == null || loss == null) {
                throw new IllegalArgumentException("spark, model location and loss must not be null");
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

        public Builder learningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

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

        public DataParallelTrainer build() {
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
