package io.st4j.examples.cli;

import io.st4j.core.EncodeOptions;
import io.st4j.core.Precision;
import io.st4j.core.SentenceTransformer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code st4j encode}: one UTF-8 text per input line in, one JSON array of numbers per output line out. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = "Embed texts: one UTF-8 text per line in, JSON Lines (one array per text, same order) out.")
final class EncodeCommand implements Callable<Integer> {

    @Mixin
    ModelOption model;

    @Option(names = "--input", required = true, paramLabel = "FILE|-", description = "Texts, one per line; - for stdin.")
    String input;

    @Option(names = "--output", required = true, paramLabel = "FILE|-", description = "JSON Lines output; - for stdout.")
    String output;

    @Option(names = "--batch-size", defaultValue = "32", description = "Texts per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--normalize", description = "L2-normalize the embeddings.")
    boolean normalize;

    @Option(names = "--precision", defaultValue = "float32",
            description = "float32, int8, uint8, binary or ubinary (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--truncate-dim", description = "Keep only the first N dimensions.")
    Integer truncateDim;

    @Option(names = "--prompt", description = "Text prepended to every input.")
    String prompt;

    @Override
    public Integer call() throws IOException {
        List<String> texts = readLines();
        EncodeOptions options = EncodeOptions.builder().batchSize(batchSize).normalizeEmbeddings(normalize)
                .precision(Precision.fromName(precision)).truncateDim(truncateDim).prompt(prompt).build();
        SentenceTransformer st = model.load();
        float[][] embeddings = st.encode(texts, options);
        try (Writer out = output.equals("-")
                ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
                : Files.newBufferedWriter(Path.of(output), StandardCharsets.UTF_8)) {
            for (float[] row : embeddings) {
                StringBuilder line = new StringBuilder("[");
                for (int i = 0; i < row.length; i++) {
                    line.append(i == 0 ? "" : ", ").append(options.precision() == Precision.FLOAT32
                            ? Float.toString(row[i]) : Integer.toString((int) row[i]));
                }
                out.write(line.append("]\n").toString());
            }
        }
        return 0;
    }

    /** Reads the input strictly as UTF-8, one text per line, naming the line of an invalid byte sequence. */
    private List<String> readLines() throws IOException {
        byte[] bytes = input.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(input));
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            int stop = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
            try {
                lines.add(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, start, stop - start)).toString());
            } catch (CharacterCodingException e) {
                throw new IOException(input + ": line " + (lines.size() + 1) + " is not valid UTF-8", e);
            }
            start = end + 1;
        }
        return lines;
    }
}
