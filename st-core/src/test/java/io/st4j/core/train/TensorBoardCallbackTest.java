package io.st4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.protobuf.CodedInputStream;
import org.nd4j.shade.protobuf.WireFormat;
import org.tensorflow.framework.Summary;

/** The event file is a valid TFRecord stream of Events whose summaries hold the logged scalars. */
class TensorBoardCallbackTest {

    @TempDir
    Path tmp;

    @Test
    void writesCheckedRecordsWithScalarSummaries() throws Exception {
        TensorBoardCallback callback = new TensorBoardCallback(tmp.resolve("runs/test"));
        TrainerState state = new TrainerState();
        callback.onTrainBegin(state);
        state.globalStep = 10;
        Map<String, Object> logs = new LinkedHashMap<>();
        logs.put("loss", 0.5);
        logs.put("eval_sts-dev_spearman_cosine", 0.75);
        logs.put("epoch", 1.0);
        logs.put("step", 10L);
        callback.onLog(state, logs);

        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(callback.file())).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> records = new ArrayList<>();
        while (in.hasRemaining()) {
            byte[] lengthBytes = new byte[8];
            in.get(lengthBytes);
            long length = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(TensorBoardCallback.maskedCrc(lengthBytes, 0, 8), in.getInt(), "length checksum");
            byte[] data = new byte[(int) length];
            in.get(data);
            assertEquals(TensorBoardCallback.maskedCrc(data, 0, data.length), in.getInt(), "data checksum");
            records.add(data);
        }
        assertEquals(2, records.size());
        assertEquals("brain.Event:2", field(records.get(0), 3).toStringUtf8());

        Summary summary = Summary.parseFrom(field(records.get(1), 5));
        assertEquals(2, summary.getValueCount());
        assertEquals("train/loss", summary.getValue(0).getTag());
        assertEquals(0.5f, summary.getValue(0).getSimpleValue());
        assertEquals("eval/sts-dev_spearman_cosine", summary.getValue(1).getTag());
        CodedInputStream event = CodedInputStream.newInstance(records.get(1));
        long step = -1;
        for (int tag = event.readTag(); tag != 0; tag = event.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == 2) {
                step = event.readInt64();
            } else {
                event.skipField(tag);
            }
        }
        assertEquals(10, step);
    }

    /** The bytes of length-delimited field {@code number} of a protocol buffer message. */
    private static org.nd4j.shade.protobuf.ByteString field(byte[] message, int number) throws Exception {
        CodedInputStream in = CodedInputStream.newInstance(message);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == number) {
                return in.readBytes();
            }
            in.skipField(tag);
        }
        throw new AssertionError("no field " + number);
    }
}
