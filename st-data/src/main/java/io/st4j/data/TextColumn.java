package io.st4j.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.openhft.hashing.LongHashFunction;

/**
 * A column of texts stored compactly: all texts' UTF-8 bytes in large pages, plus one {@code long}
 * offset per row. Holding a million short texts costs their bytes plus 8 bytes each, instead of a
 * {@code String} object (~56 bytes of overhead) per text.
 */
public final class TextColumn implements Column {

    /** Pages hold 512 KiB each (filled without regrowth, below G1's humongous size); a text may span pages. */
    static final int DEFAULT_PAGE_BITS = 19;
    private static final LongHashFunction XX_HASH = LongHashFunction.xx();

    private final int pageBits;
    private final byte[][] pages;
    private final long[] offsets;

    private TextColumn(int pageBits, byte[][] pages, long[] offsets) {
        this.pageBits = pageBits;
        this.pages = pages;
        this.offsets = offsets;
    }

    /** A column holding {@code texts}. */
    public static TextColumn of(List<String> texts) {
        Builder builder = builder();
        texts.forEach(builder::add);
        return builder.build();
    }

    /** A builder with the default page size. */
    public static Builder builder() {
        return new Builder(DEFAULT_PAGE_BITS);
    }

    static Builder builder(int pageBits) {
        return new Builder(pageBits);
    }

    @Override
    public ColumnType type() {
        return ColumnType.TEXT;
    }

    @Override
    public int size() {
        return offsets.length - 1;
    }

    /** Number of UTF-8 bytes of the text at {@code row}. */
    public int byteLength(int row) {
        return (int) (offsets[row + 1] - offsets[row]);
    }

    /** Total UTF-8 bytes of all texts. */
    public long totalBytes() {
        return offsets[offsets.length - 1];
    }

    @Override
    public String get(int row) {
        long start = offsets[row];
        int length = byteLength(row);
        if (length == 0) {
            return "";
        }
        int page = (int) (start >>> pageBits);
        int within = (int) (start & pageMask());
        if (within + length <= pages[page].length) {
            return new String(pages[page], within, length, StandardCharsets.UTF_8);
        }
        return new String(bytes(row), StandardCharsets.UTF_8);
    }

    @Override
    public String valueString(int row) {
        return get(row);
    }

    /** The UTF-8 bytes of the text at {@code row} (a copy). */
    public byte[] bytes(int row) {
        int length = byteLength(row);
        byte[] out = new byte[length];
        copy(offsets[row], out, 0, length);
        return out;
    }

    /** xxHash64 (seed 0) of the UTF-8 bytes at {@code row}, the hash sentence-transformers uses for duplicates. */
    public long hash64(int row) {
        long start = offsets[row];
        int length = byteLength(row);
        if (length == 0) {
            return XX_HASH.hashBytes(new byte[0]);
        }
        int page = (int) (start >>> pageBits);
        int within = (int) (start & pageMask());
        if (within + length <= pages[page].length) {
            return XX_HASH.hashBytes(pages[page], within, length);
        }
        return XX_HASH.hashBytes(bytes(row));
    }

    /** Whether the text at {@code row} equals the text at {@code otherRow} of {@code other}, byte for byte. */
    public boolean textEquals(int row, TextColumn other, int otherRow) {
        int length = byteLength(row);
        if (length != other.byteLength(otherRow)) {
            return false;
        }
        long a = offsets[row];
        long b = other.offsets[otherRow];
        for (int i = 0; i < length; i++) {
            if (byteAt(a + i) != other.byteAt(b + i)) {
                return false;
            }
        }
        return true;
    }

    private byte byteAt(long position) {
        return pages[(int) (position >>> pageBits)][(int) (position & pageMask())];
    }

    private long pageMask() {
        return (1L << pageBits) - 1;
    }

    private void copy(long from, byte[] target, int targetOffset, int length) {
        int done = 0;
        while (done < length) {
            long position = from + done;
            byte[] page = pages[(int) (position >>> pageBits)];
            int within = (int) (position & pageMask());
            int chunk = Math.min(length - done, page.length - within);
            System.arraycopy(page, within, target, targetOffset + done, chunk);
            done += chunk;
        }
    }

    @Override
    public TextColumn select(int[] rows) {
        Builder builder = new Builder(pageBits);
        for (int row : rows) {
            builder.addFrom(this, row);
        }
        return builder.build();
    }

    static TextColumn concat(List<TextColumn> parts) {
        Builder builder = new Builder(parts.get(0).pageBits);
        for (TextColumn part : parts) {
            for (int row = 0; row < part.size(); row++) {
                builder.addFrom(part, row);
            }
        }
        return builder.build();
    }

    /** Appends texts one at a time; {@link #build()} freezes them into a column. */
    public static final class Builder {

        private final int pageBits;
        private final int pageSize;
        private byte[][] pages = new byte[1][];
        private int pageCount = 1;
        private byte[] current = new byte[1024];
        private int used;
        private long[] offsets = new long[1024];
        private int rows;

        private Builder(int pageBits) {
            this.pageBits = pageBits;
            this.pageSize = 1 << pageBits;
            this.current = new byte[Math.min(1024, pageSize)];
        }

        /** Appends one text. */
        public Builder add(String text) {
            return addUtf8(text.getBytes(StandardCharsets.UTF_8));
        }

        /** Appends one text given as its UTF-8 bytes. */
        public Builder addUtf8(byte[] utf8) {
            return addUtf8(utf8, 0, utf8.length);
        }

        /** Appends one text given as {@code length} UTF-8 bytes of {@code utf8} from {@code offset}. */
        public Builder addUtf8(byte[] utf8, int offset, int length) {
            int done = 0;
            while (done < length) {
                done += write(utf8, offset + done, length - done);
            }
            return endRow();
        }

        /** Appends one text given as UTF-8 bytes in {@code buffer}'s remaining bytes. */
        public Builder addUtf8(ByteBuffer buffer) {
            ByteBuffer view = buffer.duplicate();
            if (view.hasArray()) {
                return addUtf8(view.array(), view.arrayOffset() + view.position(), view.remaining());
            }
            byte[] copy = new byte[view.remaining()];
            view.get(copy);
            return addUtf8(copy);
        }

        Builder addFrom(TextColumn source, int row) {
            long start = source.offsets[row];
            int length = source.byteLength(row);
            int done = 0;
            while (done < length) {
                long position = start + done;
                byte[] page = source.pages[(int) (position >>> source.pageBits)];
                int within = (int) (position & source.pageMask());
                int chunk = Math.min(length - done, page.length - within);
                done += write(page, within, chunk);
            }
            return endRow();
        }

        private int write(byte[] source, int offset, int length) {
            if (used == pageSize) {
                pages[pageCount - 1] = current;
                if (pageCount == pages.length) {
                    pages = Arrays.copyOf(pages, pageCount * 2);
                }
                pageCount++;
                current = new byte[Math.min(1024, pageSize)];
                used = 0;
            }
            int chunk = Math.min(length, pageSize - used);
            if (used + chunk > current.length) {
                long grown = Math.max((long) used + chunk, (long) current.length * 2);
                current = Arrays.copyOf(current, (int) Math.min(grown, pageSize));
            }
            System.arraycopy(source, offset, current, used, chunk);
            used += chunk;
            return chunk;
        }

        private Builder endRow() {
            if (rows + 2 > offsets.length) {
                offsets = Arrays.copyOf(offsets, Math.max(offsets.length * 2, rows + 2));
            }
            rows++;
            offsets[rows] = ((long) (pageCount - 1) << pageBits) + used;
            return this;
        }

        /** The column of all texts added; the builder must not be used afterwards. */
        public TextColumn build() {
            byte[][] frozen = Arrays.copyOf(pages, pageCount);
            frozen[pageCount - 1] = Arrays.copyOf(current, used);
            TextColumn column = new TextColumn(pageBits, frozen, Arrays.copyOf(offsets, rows + 1));
            pages = null;
            current = null;
            offsets = null;
            return column;
        }
    }
}
