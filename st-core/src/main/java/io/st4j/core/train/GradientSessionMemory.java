package io.st4j.core.train;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.memory.AbstractMemoryMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Frees the arrays of a training step as soon as the step no longer needs them. SameDiff 1.0.0-M2.1's
 * gradient session releases almost none of the ~2,000 arrays a BERT step allocates (3.8 GB for 32 MNRL pairs
 * of all-MiniLM-L6-v2), and its op contexts keep them reachable until the next step has replaced them, so
 * the GC cannot free them either: 8.6 GB resident. This memory manager allocates those arrays as SameDiff's
 * own does (detached, c order) and closes each buffer once every op that reads it has run, except the
 * buffers of the requested outputs (loss and gradients), which the caller owns; whatever is left (outputs of
 * ops no requested value depends on) is closed when the step ends. Values are unchanged: only when memory is
 * returned changes. One instance serves one graph's gradient function, used by one thread at a time.
 */
final class GradientSessionMemory extends AbstractMemoryMgr {

    private final SameDiff gradientFunction;
    private final Map<String, Integer> readers = new HashMap<>();
    /** Buffers this manager allocated and has not closed, by start address; their end addresses. */
    private final TreeMap<Long, INDArray> live = new TreeMap<>();
    private final Map<Long, Long> ends = new HashMap<>();
    /** Reads still to come of each live buffer, summed over the variables that alias it. */
    private final Map<Long, Integer> pendingReads = new HashMap<>();
    private final Map<String, Long> bufferOfVariable = new HashMap<>();
    private final Set<String> requested = new HashSet<>();

    private GradientSessionMemory(SameDiff gradientFunction) {
        this.gradientFunction = gradientFunction;
        for (SameDiffOp op : gradientFunction.getOps().values()) {
            List<String> inputs = op.getInputsToOp();
            if (inputs != null) {
                inputs.forEach(name -> readers.merge(name, 1, Integer::sum));
            }
        }
    }

    /**
     * Creates the gradient function of {@code sd} (as its first gradient computation would) and makes this
     * manager the memory of its session on the calling thread.
     */
    static GradientSessionMemory install(SameDiff sd) {
        if (sd.getFunction("grad") == null) {
            sd.createGradFunction();
        }
        GradientSessionMemory memory = new GradientSessionMemory(sd.getFunction("grad"));
        sd.addListeners(memory.new Releaser());
        return memory;
    }

    /**
     * Runs one gradient computation with this manager: {@code requestedOutputs} (the loss and the gradient
     * variables' names) are kept for the caller, everything else is closed by the time this returns.
     */
    <T> T run(Collection<String> requestedOutputs, java.util.function.Supplier<T> computation) {
        InferenceSession session = gradientFunction.getSessions()
                .computeIfAbsent(Thread.currentThread().getId(), id -> new InferenceSession(gradientFunction));
        session.setMmgr(this);
        requested.clear();
        requested.addAll(requestedOutputs);
        try {
            return computation.get();
        } finally {
            Set<Long> kept = new HashSet<>();
            for (String name : requested) {
                Long buffer = bufferOfVariable.get(name);
                if (buffer != null) {
                    kept.add(buffer);
                }
            }
            for (Long start : new ArrayList<>(live.keySet())) {
                if (kept.contains(start)) {
                    forget(start);
                } else {
                    close(start);
                }
            }
            bufferOfVariable.clear();
        }
    }

    @Override
    public INDArray allocate(boolean detached, DataType dataType, long... shape) {
        return track(Nd4j.createUninitializedDetached(dataType, shape));
    }

    @Override
    public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
        if (descriptor.isEmpty()) {
            INDArray empty = Nd4j.create(descriptor);
            return detached ? empty.detach() : empty;
        }
        return track(Nd4j.createUninitializedDetached(descriptor.dataType(), descriptor.getShape()));
    }

    /** Called by SameDiff for the few arrays it knows are dead; they are closed with the others. */
    @Override
    public void release(INDArray array) {
    }

    @Override
    public void close() {
    }

    private INDArray track(INDArray array) {
        if (!array.isEmpty()) {
            long start = array.data().address();
            live.put(start, array);
            ends.put(start, start + array.data().length() * array.data().getElementSize());
            pendingReads.put(start, 0);
        }
        return array;
    }

    /** The start of the live buffer that {@code array} lies in (it may be a view), or null. */
    private Long bufferOf(INDArray array) {
        if (array == null || array.isEmpty() || array.data() == null || array.wasClosed()) {
            return null;
        }
        long address = array.data().address();
        Map.Entry<Long, INDArray> entry = live.floorEntry(address);
        return entry != null && address < ends.get(entry.getKey()) ? entry.getKey() : null;
    }

    private void close(Long start) {
        INDArray array = live.get(start);
        forget(start);
        if (array.closeable()) {
            array.close();
        }
    }

    private void forget(Long start) {
        live.remove(start);
        ends.remove(start);
        pendingReads.remove(start);
    }

    /** Counts reads: an op's outputs add their readers to their buffers, its inputs each take one away. */
    private final class Releaser extends BaseListener {

        @Override
        public boolean isActive(Operation operation) {
            return true;
        }

        @Override
        public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext,
                                INDArray[] outputs) {
            if (sd != gradientFunction) {
                return;
            }
            List<String> outputNames = op.getOutputsOfOp();
            int count = outputs == null || outputNames == null ? 0 : Math.min(outputs.length, outputNames.size());
            List<Long> written = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Long buffer = bufferOf(outputs[i]);
                if (buffer != null) {
                    String name = outputNames.get(i);
                    bufferOfVariable.put(name, buffer);
                    int reads = requested.contains(name) ? Integer.MAX_VALUE / 2 : readers.getOrDefault(name, 0);
                    pendingReads.merge(buffer, reads, Integer::sum);
                    written.add(buffer);
                }
            }
            List<String> inputNames = op.getInputsToOp();
            if (inputNames != null) {
                for (String name : inputNames) {
                    Long buffer = bufferOfVariable.get(name);
                    if (buffer != null && pendingReads.containsKey(buffer)) {
                        pendingReads.merge(buffer, -1, Integer::sum);
                        written.add(buffer);
                    }
                }
            }
            for (Long buffer : written) {
                Integer pending = pendingReads.get(buffer);
                if (pending != null && pending <= 0) {
                    close(buffer);
                }
            }
        }
    }
}
