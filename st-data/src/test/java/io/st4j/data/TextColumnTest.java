package io.st4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextColumnTest {

    private static final List<String> TEXTS = List.of("", "a", "héllo wörld", "日本語のテキスト", "emoji 😀 ok",
            "a somewhat longer text that spans several small pages", "");

    @Test
    void storesAndReturnsTextsIncludingAcrossPageBoundaries() {
        for (int pageBits : new int[] {2, 4, 7, TextColumn.DEFAULT_PAGE_BITS}) {
            TextColumn.Builder builder = TextColumn.builder(pageBits);
            TEXTS.forEach(builder::add);
            TextColumn column = builder.build();
            assertEquals(TEXTS.size(), column.size());
            for (int i = 0; i < TEXTS.size(); i++) {
                assertEquals(TEXTS.get(i), column.get(i), "page bits " + pageBits + " row " + i);
                assertArrayEquals(TEXTS.get(i).getBytes(StandardCharsets.UTF_8), column.bytes(i));
                assertEquals(TEXTS.get(i).getBytes(StandardCharsets.UTF_8).length, column.byteLength(i));
            }
            assertEquals(TEXTS.stream().mapToInt(t -> t.getBytes(StandardCharsets.UTF_8).length).sum(),
                    column.totalBytes());
        }
    }

    @Test
    void hashIsXxHash64OfUtf8AndIndependentOfPaging() {
        TextColumn small = pagedColumn(3);
        TextColumn large = TextColumn.of(TEXTS);
        // xxh64(b"") with seed 0, as Python's xxhash.xxh64_intdigest(b"")
        assertEquals(0xEF46DB3751D8E999L, large.hash64(0));
        // xxh64(b"a") = 0xD24EC4F1A98C6E5B
        assertEquals(0xD24EC4F1A98C6E5BL, large.hash64(1));
        for (int i = 0; i < TEXTS.size(); i++) {
            assertEquals(large.hash64(i), small.hash64(i));
        }
    }

    @Test
    void comparesTextsAcrossColumnsAndPages() {
        TextColumn small = pagedColumn(2);
        TextColumn large = TextColumn.of(TEXTS);
        assertTrue(small.textEquals(5, large, 5));
        assertTrue(small.textEquals(0, large, 6));
        assertFalse(small.textEquals(2, large, 3));
        assertFalse(small.textEquals(1, large, 0));
    }

    @Test
    void selectsAndConcatenates() {
        TextColumn column = pagedColumn(3);
        TextColumn selected = column.select(new int[] {4, 1, 4});
        assertEquals(List.of("emoji 😀 ok", "a", "emoji 😀 ok"), List.of(selected.get(0), selected.get(1), selected.get(2)));
        TextColumn joined = (TextColumn) Column.concat(List.of(selected, TextColumn.of(List.of("z"))));
        assertEquals(4, joined.size());
        assertEquals("z", joined.get(3));
        assertEquals("a", joined.get(1));
    }

    private static TextColumn pagedColumn(int pageBits) {
        TextColumn.Builder builder = TextColumn.builder(pageBits);
        TEXTS.forEach(builder::add);
        return builder.build();
    }
}
