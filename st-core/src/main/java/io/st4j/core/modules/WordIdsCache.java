package io.st4j.core.modules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The token ids of words, remembered in front of a fast tokenizer whose texts can be cut into words exactly
 * where the tokenizer cuts them, so that a text's ids are the ids of its words one after the other.
 *
 * <p>This holds for a {@code WordPiece} tokenizer with a {@code BertNormalizer} (or none) and a
 * {@code BertPreTokenizer}, run without special tokens: the normalizer rewrites each character on its own
 * (cleaning, CJK spacing, NFD with accents dropped, lowercasing; NFD reorders combining marks only between two
 * base characters), and the pre-tokenizer ends a word at every whitespace and punctuation character. ASCII
 * space, tab, newline, carriage return and ASCII punctuation normalize to themselves and always end a word,
 * so a text is cut only there; every other character (accented, CJK, emoji, other spaces and punctuation)
 * stays inside its piece, which the real tokenizer reads, splitting it further, on first sight. Texts the
 * tokenizer reads otherwise go to it whole: those holding an added token's content (such as {@code [MASK]},
 * matched before normalization) and those holding an unpaired surrogate (which the native string conversion
 * mangles). Truncation keeps a text's first tokens; a word truncated on its own is cut beyond that point too.
 *
 * <p>At most {@value #MAX_WORDS} words are remembered; later new words are tokenized each time they occur.
 */
final class WordIdsCache {

    static final int MAX_WORDS = 100_000;

    private static final byte SPACE = 1;
    private static final byte PUNCTUATION = 2;
    private static final byte[] ASCII_KIND = new byte[128];
    private static final String[] ASCII_STRING = new String[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_STRING[c] = String.valueOf(c);
            if (c >= 33 && c <= 47 || c >= 58 && c <= 64 || c >= 91 && c <= 96 || c >= 123 && c <= 126) {
                ASCII_KIND[c] = PUNCTUATION;
            }
        }
        for (char c : new char[] {' ', '\t', '\n', '\r'}) {
            ASCII_KIND[c] = SPACE;
        }
    }

    private final Map<String, int[]> words = new ConcurrentHashMap<>();
    private final List<String> addedTokens;
    private final int maxLength;

    private WordIdsCache(List<String> addedTokens, int maxLength) {
        this.addedTokens = addedTokens;
        this.maxLength = maxLength;
    }

    /**
     * A cache for the tokenizer that {@code tokenizerJson} describes, run without special tokens and
     * truncating to {@code maxLength} tokens ({@link TextTokenizer#NO_TRUNCATION} for none); empty when its
     * normalizer, pre-tokenizer, model, added tokens or truncation side are not of the kinds described above.
     */
    static Optional<WordIdsCache> forTokenizer(JsonNode tokenizerJson, int maxLength) {
        JsonNode normalizer = tokenizerJson.path("normalizer");
        boolean normalizerFits = normalizer.isNull() || normalizer.isMissingNode()
                || "BertNormalizer".equals(normalizer.path("type").asText());
        boolean preTokenizerFits = "BertPreTokenizer".equals(tokenizerJson.path("pre_tokenizer").path("type").asText());
        boolean modelFits = "WordPiece".equals(tokenizerJson.path("model").path("type").asText());
        boolean truncationFits = maxLength == TextTokenizer.NO_TRUNCATION
                || !"Left".equals(tokenizerJson.path("truncation").path("direction").asText());
        List<String> added = new ArrayList<>();
        for (JsonNode token : tokenizerJson.path("added_tokens")) {
            String content = token.path("content").asText();
            if (token.path("normalized").asBoolean(true) || content.isEmpty()) {
                return Optional.empty();
            }
            added.add(content);
        }
        if (!normalizerFits || !preTokenizerFits || !modelFits || !truncationFits) {
            return Optional.empty();
        }
        return Optional.of(new WordIdsCache(List.copyOf(added), maxLength));
    }

    /**
     * The token ids of each text; {@code tokenizer} (the real one, with this cache's truncation) reads the
     * words not remembered yet and the texts that must be read whole.
     */
    int[][] tokenIds(List<String> texts, Function<List<String>, int[][]> tokenizer) {
        int[][] out = new int[texts.size()][];
        Set<String> unseen = new LinkedHashSet<>();
        List<Integer> pending = new ArrayList<>();
        List<Integer> whole = new ArrayList<>();
        IdBuffer buffer = new IdBuffer();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            Cut cut = holdsAddedToken(text) ? Cut.WHOLE : assemble(text, words, Map.of(), buffer, unseen);
            switch (cut) {
                case DONE -> out[i] = buffer.ids(maxLength);
                case UNSEEN_WORDS -> pending.add(i);
                case WHOLE -> whole.add(i);
            }
        }
        if (!unseen.isEmpty()) {
            List<String> newWords = new ArrayList<>(unseen);
            int[][] ids = tokenizer.apply(newWords);
            Map<String, int[]> fresh = new HashMap<>();
            for (int w = 0; w < ids.length; w++) {
                fresh.put(newWords.get(w), ids[w]);
                if (words.size() < MAX_WORDS) {
                    words.putIfAbsent(newWords.get(w), ids[w]);
                }
            }
            for (int i : pending) {
                if (assemble(texts.get(i), words, fresh, buffer, unseen) != Cut.DONE) {
                    throw new IllegalStateException("a word tokenized just now is missing");
                }
                out[i] = buffer.ids(maxLength);
            }
        }
        if (!whole.isEmpty()) {
            List<String> wholeTexts = new ArrayList<>(whole.size());
            whole.forEach(i -> wholeTexts.add(texts.get(i)));
            int[][] ids = tokenizer.apply(wholeTexts);
            for (int k = 0; k < ids.length; k++) {
                out[whole.get(k)] = ids[k];
            }
        }
        return out;
    }

    /** How a text was cut. */
    private enum Cut {
        /** Every word known: the ids are in the buffer. */
        DONE,
        /** Some words unknown: they were added to the unseen set. */
        UNSEEN_WORDS,
        /** The text must go to the tokenizer whole. */
        WHOLE
    }

    private boolean holdsAddedToken(String text) {
        for (String token : addedTokens) {
            if (text.contains(token)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Cuts {@code text} into words and appends their ids, looked up in {@code known} then {@code fresh}, to
     * {@code buffer}; words found in neither go to {@code unseen}.
     */
    private static Cut assemble(String text, Map<String, int[]> known, Map<String, int[]> fresh, IdBuffer buffer,
                                Set<String> unseen) {
        buffer.clear();
        boolean complete = true;
        int start = 0;
        int length = text.length();
        for (int i = 0; i <= length; i++) {
            char c = i < length ? text.charAt(i) : ' ';
            if (c >= 128) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    return Cut.WHOLE;
                }
                continue;
            }
            byte kind = ASCII_KIND[c];
            if (kind == 0) {
                continue;
            }
            if (start < i) {
                complete &= append(text.substring(start, i), known, fresh, buffer, unseen);
            }
            if (kind == PUNCTUATION) {
                complete &= append(ASCII_STRING[c], known, fresh, buffer, unseen);
            }
            start = i + 1;
        }
        return complete ? Cut.DONE : Cut.UNSEEN_WORDS;
    }

    private static boolean append(String word, Map<String, int[]> known, Map<String, int[]> fresh, IdBuffer buffer,
                                  Set<String> unseen) {
        int[] ids = known.get(word);
        if (ids == null) {
            ids = fresh.get(word);
        }
        if (ids == null) {
            unseen.add(word);
            return false;
        }
        buffer.add(ids);
        return true;
    }

    /** A growing list of token ids, reused from text to text. */
    private static final class IdBuffer {
        private int[] ids = new int[64];
        private int size;

        void clear() {
            size = 0;
        }

        void add(int[] more) {
            if (size + more.length > ids.length) {
                ids = Arrays.copyOf(ids, Math.max(2 * ids.length, size + more.length));
            }
            System.arraycopy(more, 0, ids, size, more.length);
            size += more.length;
        }

        int[] ids(int maxLength) {
            return Arrays.copyOf(ids, Math.min(size, maxLength));
        }
    }
}
