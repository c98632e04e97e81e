package io.st4j.hub;

import io.st4j.core.SentenceTransformer;
import io.st4j.core.train.Evaluator;
import io.st4j.core.train.Loss;
import io.st4j.core.train.SentenceTransformerTrainingArguments;
import io.st4j.core.train.TrainerCallback;
import io.st4j.core.train.TrainerState;
import io.st4j.core.train.TrainingRun;
import io.st4j.data.Dataset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Collects what a training run adds to the model card, as sentence-transformers' {@code ModelCardCallback},
 * and keeps the model's {@link SentenceTransformerModelCardData} up to date with it, so that every save
 * (checkpoints included) writes the current card: the datasets (size, columns, statistics, samples) with
 * their losses, the hyperparameters, the widget examples, the training log table and the evaluator's last
 * metrics. The trainer adds it by itself when st-hub is on the class path ({@link HubTrainerCallbacks}).
 * Dataset names come from the card data's training datasets when there are as many as the trainer's,
 * else from the trainer's dataset names.
 */
public final class ModelCardCallback implements TrainerCallback {

    /** sentence-transformers shows the first three rows of each dataset. */
    static final int SAMPLES = 3;

    private SentenceTransformer model;
    private SentenceTransformerTrainingArguments args;
    private final List<TrainingDetails.DatasetDetails> trainDatasets = new ArrayList<>();
    private final List<TrainingDetails.DatasetDetails> evalDatasets = new ArrayList<>();
    private final List<Evaluator> evaluators = new ArrayList<>();
    private final List<Map<String, Object>> logs = new ArrayList<>();
    private final Map<Evaluator, Map<String, Double>> lastMetrics = new LinkedHashMap<>();
    private WidgetExamples.Draw widget = new WidgetExamples.Draw(List.of(), List.of());

    @Override
    public synchronized void onInitEnd(TrainingRun run) {
        model = run.model();
        args = run.args();
        List<SentenceTransformerModelCardData.DatasetRef> named = SentenceTransformerModelCardData.of(model)
                .trainDatasets();
        boolean useCardNames = named.size() == run.trainDatasets().size();
        for (int i = 0; i < run.trainDatasets().size(); i++) {
            TrainingRun.DatasetWithLoss dataset = run.trainDatasets().get(i);
            trainDatasets.add(describe(useCardNames ? named.get(i)
                    : new SentenceTransformerModelCardData.DatasetRef(dataset.name(), null, null), dataset));
        }
        run.evalDatasets().forEach(d -> evalDatasets.add(describe(
                new SentenceTransformerModelCardData.DatasetRef(d.name(), null, null), d)));
        if (run.evaluator() != null) {
            evaluators.add(run.evaluator());
        }
        List<TrainingRun.DatasetWithLoss> widgetSource = run.evalDatasets().isEmpty() ? run.trainDatasets()
                : run.evalDatasets();
        widget = WidgetExamples.draw(widgetSource.stream().map(TrainingRun.DatasetWithLoss::dataset).toList(),
                new Random(args.seed()));
        publish();
    }

    @Override
    public synchronized void onLog(TrainerState state, Map<String, Object> entry) {
        if (entry.get("loss") instanceof Number loss) {
            row(state).put("Training Loss", loss.doubleValue());
            publish();
        }
    }

    @Override
    public synchronized void onEvaluate(TrainerState state, Map<String, Double> metrics) {
        Map<String, Object> row = row(state);
        metrics.forEach((key, value) -> {
            if (key.equals("eval_loss")) {
                row.put("Validation Loss", value);
            } else if (key.startsWith("eval_") && key.endsWith("_loss")) {
                row.put(key.substring("eval_".length(), key.length() - "_loss".length()) + " loss", value);
            }
        });
        for (Evaluator evaluator : evaluators) {
            Double primary = metrics.get("eval_" + evaluator.primaryMetric());
            if (primary != null) {
                row.put(evaluator.primaryMetric(), primary);
            }
            String prefix = "eval_" + (evaluator.name().isEmpty() ? "" : evaluator.name() + "_");
            Map<String, Double> own = new LinkedHashMap<>();
            metrics.forEach((key, value) -> {
                if (key.startsWith(prefix) && !key.endsWith("_loss")) {
                    own.put(key.substring(prefix.length()), value);
                }
            });
            if (!own.isEmpty()) {
                lastMetrics.put(evaluator, own);
            }
        }
        publish();
    }

    /** Puts what has been collected into the model's card data, where the next save finds it. */
    private void publish() {
        model.setModelCardData(SentenceTransformerModelCardData.of(model).withTrainingDetails(trainingDetails()));
    }

    /** What has been collected so far. */
    public synchronized TrainingDetails trainingDetails() {
        List<TrainingDetails.EvaluationDetails> evaluations = new ArrayList<>();
        lastMetrics.forEach((evaluator, metrics) -> {
            String primary = evaluator.primaryMetric();
            String prefix = evaluator.name().isEmpty() ? "" : evaluator.name() + "_";
            evaluations.add(new TrainingDetails.EvaluationDetails(evaluator.getClass().getName(),
                    description(evaluator), evaluator.name(), metrics,
                    primary.startsWith(prefix) ? primary.substring(prefix.length()) : primary));
        });
        List<Map<String, Object>> rows = new ArrayList<>();
        logs.forEach(row -> rows.add(Collections.unmodifiableMap(new LinkedHashMap<>(row))));
        return new TrainingDetails(trainDatasets, evalDatasets, Hyperparameters.nonDefault(args),
                Hyperparameters.all(args), rows, evaluations, widget.widget(), widget.predictExample());
    }

    /**
     * What an evaluator measures, as sentence-transformers' {@code SentenceEvaluator.description}: the class
     * name without {@code Evaluator}, split into words, or the description a sentence-transformers
     * evaluator declares for itself.
     */
    static String description(Evaluator evaluator) {
        String name = evaluator.getClass().getSimpleName();
        return switch (name) {
            case "EmbeddingSimilarityEvaluator" -> "Semantic Similarity";
            case "MSEEvaluator", "MSEEvaluatorFromDataFrame" -> "Knowledge Distillation";
            default -> (name.contains("Evaluator") ? name.substring(0, name.indexOf("Evaluator")) : name)
                    .replaceAll("([a-z])([A-Z])", "$1 $2");
        };
    }

    /** The log row of the current step, added when the step has none yet. */
    private Map<String, Object> row(TrainerState state) {
        if (logs.isEmpty() || !logs.get(logs.size() - 1).get("Step").equals(state.globalStep())) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("Epoch", state.epoch());
            row.put("Step", state.globalStep());
            logs.add(row);
        }
        return logs.get(logs.size() - 1);
    }

    private TrainingDetails.DatasetDetails describe(SentenceTransformerModelCardData.DatasetRef ref,
            TrainingRun.DatasetWithLoss withLoss) {
        Dataset dataset = withLoss.dataset();
        Loss loss = withLoss.loss();
        List<List<String>> samples = new ArrayList<>();
        for (int i = 0; i < Math.min(SAMPLES, dataset.numRows()); i++) {
            int row = i;
            samples.add(dataset.columnNames().stream().map(c -> dataset.column(c).valueString(row)).toList());
        }
        // As sentence-transformers: a dataset known only by its Hub id is named by it.
        String name = ref.name() != null ? ref.name() : ref.id();
        return new TrainingDetails.DatasetDetails(name, ref.id(), ref.revision(), dataset.numRows(),
                dataset.columnNames(), ColumnStatistics.of(dataset, model.inputModule()), samples, loss.name(),
                loss.config(), loss.citation());
    }
}
