package io.st4j.core.train;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.zip.CRC32C;
import org.nd4j.shade.protobuf.ByteString;
import org.nd4j.shade.protobuf.CodedOutputStream;
import org.tensorflow.framework.Summary;

/**
 * Writes every numeric log value as a TensorBoard scalar, as the seed's {@code TensorBoardCallback}: an
 * {@code events.out.tfevents.<time>.<host>} file of TFRecords, each an {@code Event} protocol buffer
 * (wall time, step, and a {@code Summary} built with the TensorFlow proto classes nd4j-api ships), framed
 * by its length and masked CRC-32C checksums. The first record carries {@code file_version}.
 */
public final class TensorBoardCallback implements TrainerCallback {

    private static final int WALL_TIME = 1;
    private static final int STEP = 2;
    private static final int FILE_VERSION = 3;
    private static final int SUMMARY = 5;

    private final Path logDir;
    private Path file;

    /** Writes an event file into {@code logDir} (e.g. {@code outputDir/runs}) once training begins. */
    public TensorBoardCallback(Path logDir) {
        this.logDir = logDir;
    }

    /** The event file being written, or null before training began. */
    public Path file() {
        return file;
    }

    @Override
    public void onTrainBegin(TrainerState state) {
        try {
            Files.createDirectories(logDir);
            String host = InetAddress.getLocalHost().getHostName();
            file = logDir.resolve("events.out.tfevents." + System.currentTimeMillis() / 1000 + "." + host);
            append(event(0, bytes -> bytes.writeString(FILE_VERSION, "brain.Event:2")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a TensorBoard event file in " + logDir, e);
        }
    }

    @Override
    public void onLog(TrainerState state, Map<String, Object> logs) {
        if (file == null) {
            onTrainBegin(state); // an evaluation logged outside training
        }
        Summary.Builder summary = Summary.newBuilder();
        logs.forEach((key, value) -> {
            if (value instanceof Number number && !key.equals("step") && !key.equals("epoch")) {
                summary.addValue(Summary.Value.newBuilder().setTag(tag(key)).setSimpleValue(number.floatValue()));
            }
        });
        if (summary.getValueCount() > 0) {
            ByteString encoded = summary.build().toByteString();
            try {
                append(event(state.globalStep(), bytes -> bytes.writeBytes(SUMMARY, encoded)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to " + file, e);
            }
        }
    }

    /** The transformers callback's tag: evaluation metrics under {@code eval/}, the rest under {@code train/}. */
    private static String tag(String key) {
        return key.startsWith("eval_") ? "eval/" + key.substring("eval_".length()) : "train/" + key;
    }

    /** Writes the body of one Event. */
    private interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] event(long step, Body body) throws IOException {
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(buffer);
        out.writeDouble(WALL_TIME, System.currentTimeMillis() / 1000.0);
        out.writeInt64(STEP, step);
        body.write(out);
        out.flush();
        return buffer.toByteArray();
    }

    /** One TFRecord: length, masked CRC of the length, data, masked CRC of the data. */
    private void append(byte[] data) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(data.length);
        header.putInt(maskedCrc(header.array(), 0, 8));
        ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(maskedCrc(data, 0, data.length));
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            out.write(header.array());
            out.write(data);
            out.write(footer.array());
        }
    }

    /** TFRecord's checksum: CRC-32C, rotated right by 15 bits, plus a constant. */
    static int maskedCrc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        int value = (int) crc.getValue();
        return ((value >>> 15) | (value << 17)) + 0xa282ead8;
    }
}
