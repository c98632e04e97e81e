package io.st4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.st4j.core.EncodeOptions;
import io.st4j.core.SentenceTransformer;
import io.st4j.core.testing.TinyBert;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code st4j encode}: one JSON array per input line, in order, equal to the Java API's output. */
class EncodeCommandTest {

    @TempDir
    Path tmp;

    @Test
    void writesOneArrayPerLineInOrder() throws Exception {
        Path model = TinyBert.folder(tmp.resolve("tiny"));
        List<String> texts = List.of("a b c", "", "w50 w51 w52 w53 w54 w55");
        Path input = Files.write(tmp.resolve("in.txt"), texts, StandardCharsets.UTF_8);
        Path output = tmp.resolve("out.jsonl");
        int exit = new CommandLine(new St4j()).execute("encode", "--model", model.toString(), "--input",
                input.toString(), "--output", output.toString(), "--normalize", "--truncate-dim", "16");
        assertEquals(0, exit);

        float[][] expected = SentenceTransformer.load(model).encode(texts,
                EncodeOptions.builder().normalizeEmbeddings(true).truncateDim(16).build());
        List<String> lines = Files.readAllLines(output);
        assertEquals(texts.size(), lines.size());
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode row = json.readTree(lines.get(i));
            assertEquals(16, row.size());
            for (int d = 0; d < 16; d++) {
                assertEquals(expected[i][d], row.get(d).floatValue(), "line " + i + " dim " + d);
            }
        }
    }

    @Test
    void invalidUtf8InputIsRejectedNamingTheLine() throws Exception {
        Path model = TinyBert.folder(tmp.resolve("tiny"));
        Path input = Files.write(tmp.resolve("bad.txt"), new byte[] {'a', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = new CommandLine(new St4j());
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("encode", "--model", model.toString(), "--input", input.toString(), "--output",
                tmp.resolve("out.jsonl").toString());
        assertNotEquals(0, exit);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("line 2") && message.contains("UTF-8"), message);
    }
}
