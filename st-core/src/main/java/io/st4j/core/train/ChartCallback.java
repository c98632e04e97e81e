package io.st4j.core.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws the training loss and every evaluation metric against the step, one PNG per series, into a
 * folder ({@code charts/} of the output folder, say), after each evaluation and at the end of training.
 */
public final class ChartCallback implements TrainerCallback {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 480;

    private final Path folder;

    public ChartCallback(Path folder) {
        this.folder = folder;
    }

    @Override
    public void onEvaluate(TrainerState state, Map<String, Double> metrics) {
        draw(state);
    }

    @Override
    public void onTrainEnd(TrainerState state) {
        draw(state);
    }

    /** One chart per logged numeric key except the bookkeeping ones, points at the logged steps. */
    private void draw(TrainerState state) {
        Map<String, XYSeries> series = new TreeMap<>();
        for (Map<String, Object> entry : state.logHistory()) {
            Object step = entry.get("step");
            for (Map.Entry<String, Object> value : entry.entrySet()) {
                String key = value.getKey();
                if (key.equals("step") || key.equals("epoch") || !(value.getValue() instanceof Number number)
                        || !(step instanceof Number x)) {
                    continue;
                }
                series.computeIfAbsent(key, XYSeries::new).add(x.doubleValue(), number.doubleValue());
            }
        }
        try {
            Files.createDirectories(folder);
            for (Map.Entry<String, XYSeries> s : series.entrySet()) {
                JFreeChart chart = ChartFactory.createXYLineChart(s.getKey(), "step", s.getKey(),
                        new XYSeriesCollection(s.getValue()), PlotOrientation.VERTICAL, false, false, false);
                Path file = folder.resolve(fileName(s.getKey()) + ".png");
                Path tmp = folder.resolve(fileName(s.getKey()) + ".png.tmp");
                ChartUtils.saveChartAsPNG(tmp.toFile(), chart, WIDTH, HEIGHT);
                Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write charts to " + folder, e);
        }
    }

    private static String fileName(String key) {
        return key.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
