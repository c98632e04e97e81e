package io.st4j.evaluation;

import io.st4j.core.EncodeOptions;
import io.st4j.core.SentenceEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sentence-transformers' {@code MSEEvaluatorFromDataFrame}: for each (source, target) language pair of parallel
 * rows, the MSE (x100, float32) between the teacher's embeddings of the source sentences (computed once at
 * construction) and the evaluated model's embeddings of the targets. Rows with an empty sentence in either
 * language are skipped. Metric {@code negative_mse}, minus the mean over the pairs (primary).
 * CSV {@code mse_evaluation[_name]_results.csv} with one {@code src-trg} column per pair.
 */
public final class MSEEvaluatorFromDataFrame extends AbstractEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(MSEEvaluatorFromDataFrame.class);

    /** A (source language, target language) column pair. */
    public record LanguagePair(String source, String target) {
    }

    private final List<LanguagePair> combinations;
    private final Map<LanguagePair, List<String>> sources = new LinkedHashMap<>();
    private final Map<LanguagePair, List<String>> targets = new LinkedHashMap<>();
    private final Map<String, float[]> teacherEmbeddings = new HashMap<>();
    private final int batchSize;
    private final boolean writeCsv;
    private final Integer truncateDim;

    private MSEEvaluatorFromDataFrame(Builder b) {
        super(b.name);
        if (b.dataframe == null || b.teacherModel == null || b.combinations == null) {
            throw new IllegalArgumentException("dataframe, teacherModel and combinations must not be null");
        }
        this.combinations = List.copyOf(b.combinations);
        Checks.nonEmpty("combinations", combinations);
        this.batchSize = Checks.positive("batchSize", b.batchSize);
        this.writeCsv = b.writeCsv;
        this.truncateDim = b.truncateDim;
        LinkedHashSet<String> allSources = new LinkedHashSet<>();
        for (LanguagePair pair : combinations) {
            List<String> src = new ArrayList<>();
            List<String> trg = new ArrayList<>();
            for (int r = 0; r < b.dataframe.size(); r++) {
                String s = column(b.dataframe.get(r), pair.source(), r);
                String t = column(b.dataframe.get(r), pair.target(), r);
                if (!s.strip().isEmpty() && !t.strip().isEmpty()) {
                    allSources.add(s);
                    src.add(s);
                    trg.add(t);
                }
            }
            if (src.isEmpty()) {
                throw new IllegalArgumentException("no row has both a " + pair.source() + " and a " + pair.target() + " sentence");
            }
            sources.put(pair, src);
            targets.put(pair, trg);
        }
        List<String> unique = new ArrayList<>(allSources);
        float[][] embeddings = b.teacherModel.encode(unique, encodeOptions());
        for (int i = 0; i < unique.size(); i++) {
            teacherEmbeddings.put(unique.get(i), embeddings[i]);
        }
    }

    /** @param dataframe parallel rows, language code to sentence */
    public static Builder builder(List<Map<String, String>> dataframe, SentenceEncoder teacherModel,
                                  List<LanguagePair> combinations) {
        return new Builder(dataframe, teacherModel, combinations);
    }

    public String csvFile() {
        return "mse_evaluation" + (name().isEmpty() ? "" : "_" + name()) + "_results.csv";
    }

    @Override
    public Map<String, Double> evaluate(SentenceEncoder model, Path outputPath, int epoch, int steps) {
        List<Object> row = new ArrayList<>(List.of(epoch, steps));
        List<String> header = new ArrayList<>(List.of("epoch", "steps"));
        double sum = 0;
        for (LanguagePair pair : combinations) {
            float[][] student = model.encode(targets.get(pair), encodeOptions());
            List<String> src = sources.get(pair);
            double squares = 0;
            long count = 0;
            for (int i = 0; i < student.length; i++) {
                float[] teacher = teacherEmbeddings.get(src.get(i));
                if (teacher.length != student[i].length) {
                    throw new IllegalStateException("student embedding " + i + " of " + pair + " has " + student[i].length
                            + " dimensions, the teacher's " + teacher.length);
                }
                for (int d = 0; d < teacher.length; d++) {
                    float diff = teacher[d] - student[i][d];
                    squares += diff * diff;
                    count++;
                }
            }
            float mse = (float) (squares / count) * 100f;
            LOG.info("MSE evaluation on {} dataset - {}-{}:", name(), pair.source(), pair.target());
            LOG.info("MSE (*100):\t{}", String.format(Locale.ROOT, "%4f", mse));
            header.add(pair.source() + "-" + pair.target());
            row.add(mse);
            sum += mse;
        }
        if (outputPath != null && writeCsv) {
            CsvResults.append(outputPath, csvFile(), header, row, CsvResults.Style.CSV_WRITER);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("negative_mse", -(double) (float) (sum / combinations.size()));
        return prefixed(metrics);
    }

    @Override
    public String primaryMetric() {
        return prefixed("negative_mse");
    }

    private EncodeOptions encodeOptions() {
        return options(batchSize, false, truncateDim).build();
    }

    private static String column(Map<String, String> row, String language, int index) {
        String text = row.get(language);
        if (text == null) {
            throw new IllegalArgumentException("row " + index + " has no '" + language + "' sentence; it has " + row.keySet());
        }
        return text;
    }

    /** Builder with sentence-transformers' defaults (batch size 8, CSV on). */
    public static final class Builder {
        private final List<Map<String, String>> dataframe;
        private final SentenceEncoder teacherModel;
        private final List<LanguagePair> combinations;
        private int batchSize = 8;
        private String name = "";
        private boolean writeCsv = true;
        private Integer truncateDim;

        private Builder(List<Map<String, String>> dataframe, SentenceEncoder teacherModel, List<LanguagePair> combinations) {
            this.dataframe = dataframe;
            this.teacherModel = teacherModel;
            this.combinations = combinations;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder writeCsv(boolean writeCsv) {
            this.writeCsv = writeCsv;
            return this;
        }

        public Builder truncateDim(Integer truncateDim) {
            this.truncateDim = truncateDim;
            return this;
        }

        /** Encodes the source sentences with the teacher model now, as sentence-transformers does. */
        public MSEEvaluatorFromDataFrame build() {
            return new MSEEvaluatorFromDataFrame(this);
        }
    }
}
