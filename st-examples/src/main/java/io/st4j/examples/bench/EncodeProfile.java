package io.st4j.examples.bench;

import io.st4j.core.EncodeOptions;
import io.st4j.core.SentenceTransformer;
import io.st4j.core.modules.PackedTokens;
import io.st4j.core.modules.TokenBatch;
import io.st4j.core.modules.Transformer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Where the time of one {@code encode} goes, per operation type: the SameDiff graph (every op timed by a
 * listener) and the lean executor (its stages), on the same texts and batches.
 */
public final class EncodeProfile {

    private EncodeProfile() {
    }

    /** Milliseconds per operation type of one pass, plus the wall time of the pass under {@code "total"}. */
    public record Breakdown(Map<String, Double> millis) {
        /** The breakdown as lines, largest first, with the share of the total. */
        public List<String> lines() {
            double total = millis.get("total");
            List<String> out = new ArrayList<>();
            millis.entrySet().stream().filter(e -> !e.getKey().equals("total"))
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(e -> out.add(String.format("  %-22s %9.1f ms %5.1f%%", e.getKey(), e.getValue(),
                            100 * e.getValue() / total)));
            out.add(String.format("  %-22s %9.1f ms", "total (wall)", total));
            return out;
        }
    }

    /** Times each SameDiff op by its op name, summed over one {@code encode} of {@code texts} through the graph. */
    public static Breakdown sameDiff(SentenceTransformer model, List<String> texts, int batchSize) {
        OpTimer timer = new OpTimer();
        String before = System.getProperty(SentenceTransformer.ENCODE_PATH_PROPERTY);
        System.setProperty(SentenceTransformer.ENCODE_PATH_PROPERTY, "samediff");
        SameDiff sd = model.graph();
        try {
            EncodeOptions options = EncodeOptions.builder().batchSize(batchSize).build();
            model.encode(texts, options);
            sd.addListeners(timer);
            long t0 = System.nanoTime();
            model.encode(texts, options);
            timer.nanos.merge("total", System.nanoTime() - t0, Long::sum);
        } finally {
            sd.getListeners().remove(timer);
            if (before == null) {
                System.clearProperty(SentenceTransformer.ENCODE_PATH_PROPERTY);
            } else {
                System.setProperty(SentenceTransformer.ENCODE_PATH_PROPERTY, before);
            }
        }
        long ops = timer.nanos.entrySet().stream().filter(e -> !e.getKey().equals("total"))
                .mapToLong(Map.Entry::getValue).sum();
        timer.nanos.put("(outside ops)", timer.nanos.get("total") - ops);
        return toMillis(timer.nanos);
    }

    /**
     * The lean executor's stages over the batches {@code encode} forms (longest texts first), streamed as
     * {@code encode} streams them, after a warm-up pass: each stage's time summed over the worker threads and
     * divided by the cores; {@code "(rest)"} is tokenization, bookkeeping and idle cores. Pooling is not included.
     */
    public static Breakdown lean(SentenceTransformer model, List<String> texts, int batchSize) {
        Transformer transformer = (Transformer) model.inputModule();
        List<String> sorted = new ArrayList<>(texts);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        Map<String, Long> nanos = new TreeMap<>();
        for (int pass = 0; pass < 2; pass++) {
            nanos.clear();
            long t0 = System.nanoTime();
            try (Transformer.InferenceStream stream =
                         transformer.inferenceStream((stage, ns) -> nanos.merge(stage, ns, Long::sum))) {
                List<Supplier<PackedTokens>> pending = new ArrayList<>();
                for (int start = 0; start < sorted.size(); start += batchSize) {
                    int end = Math.min(sorted.size(), start + batchSize);
                    pending.add(stream.submit(transformer.tokenize(sorted.subList(start, end)), end == sorted.size()));
                }
                pending.forEach(Supplier::get);
            }
            nanos.put("total", System.nanoTime() - t0);
        }
        long stages = nanos.entrySet().stream().filter(e -> !e.getKey().equals("total"))
                .mapToLong(Map.Entry::getValue).sum();
        nanos.put("(rest)", nanos.get("total") - stages);
        return toMillis(nanos);
    }

    /** The real tokens of {@code texts} and the token slots of the padded batches {@code encode} forms. */
    public static String padding(SentenceTransformer model, List<String> texts, int batchSize) {
        Transformer transformer = (Transformer) model.inputModule();
        List<String> sorted = new ArrayList<>(texts);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        long real = 0;
        long padded = 0;
        for (int start = 0; start < sorted.size(); start += batchSize) {
            TokenBatch batch = transformer.tokenize(sorted.subList(start, Math.min(sorted.size(), start + batchSize)));
            padded += (long) batch.size() * batch.length();
            for (int row = 0; row < batch.size(); row++) {
                real += batch.tokenCount(row);
            }
        }
        return String.format("%d real tokens in %d padded slots (padding %.1f%%)", real, padded,
                100.0 * (padded - real) / padded);
    }

    private static Breakdown toMillis(Map<String, Long> nanos) {
        Map<String, Double> millis = new LinkedHashMap<>();
        nanos.forEach((k, v) -> millis.put(k, v / 1e6));
        return new Breakdown(millis);
    }

    /** Sums the wall time of every op by op name. */
    private static final class OpTimer extends BaseListener {
        private final Map<String, Long> nanos = new TreeMap<>();
        private long started;

        @Override
        public boolean isActive(Operation operation) {
            return operation == Operation.INFERENCE;
        }

        @Override
        public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext context) {
            started = System.nanoTime();
        }

        @Override
        public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext context,
                                INDArray[] outputs) {
            nanos.merge(op.getOp().opName(), System.nanoTime() - started, Long::sum);
        }
    }
}
