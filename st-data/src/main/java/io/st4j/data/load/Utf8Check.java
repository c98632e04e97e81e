package io.st4j.data.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds where a file stops being UTF-8, to name the line in an error message (only run once decoding failed). */
final class Utf8Check {

    private Utf8Check() {
    }

    /** A description such as "line 3 (byte offset 17) is not valid UTF-8 ...", or a general one if the file reads fine now. */
    static String describeFirstError(Path file) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        CharBuffer out = CharBuffer.allocate(1 << 16);
        long line = 1;
        long consumed = 0;
        try (InputStream stream = Files.newInputStream(file)) {
            boolean end = false;
            while (!end) {
                int read = stream.read(in.array(), in.position(), in.remaining());
                end = read < 0;
                in.position(in.position() + Math.max(read, 0));
                in.flip();
                int start = in.position();
                CoderResult result = decoder.decode(in, out, end);
                for (int i = start; i < in.position(); i++) {
                    if (in.get(i) == '\n') {
                        line++;
                    }
                }
                consumed += in.position() - start;
                if (result.isError()) {
                    return "line " + line + " (byte offset " + consumed + ") is not valid UTF-8; save the file as UTF-8";
                }
                in.compact();
                out.clear();
            }
        } catch (IOException e) {
            return "not valid UTF-8 text";
        }
        return "not valid UTF-8 text";
    }
}
