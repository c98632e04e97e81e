package io.st4j.hub;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of URL path parts as Python's {@code urllib.parse.quote} does. */
final class UrlPaths {

    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    private UrlPaths() {
    }

    /** Encodes one path segment, e.g. a revision: every '/' becomes %2F ({@code quote(text, safe="")}). */
    static String segment(String text) {
        return encode(text, false);
    }

    /** Encodes a file path in a repository, keeping its '/' separators ({@code quote(path)}). */
    static String path(String path) {
        return encode(path, true);
    }

    private static String encode(String text, boolean keepSlash) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (UNRESERVED.indexOf(c) >= 0 || (keepSlash && c == '/')) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
