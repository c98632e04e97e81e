package io.st4j.core;

/** A one-line text progress bar on standard error. */
public final class ProgressBar {

    private static final int WIDTH = 30;

    private final String label;
    private final int total;
    private final long startNanos = System.nanoTime();
    private int done;

    /** A bar for {@code total} units of work. */
    public ProgressBar(String label, int total) {
        this.label = label;
        this.total = Math.max(total, 1);
    }

    /** Records {@code count} more units done and redraws. */
    public void advance(int count) {
        done = Math.min(total, done + count);
        int filled = WIDTH * done / total;
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.err.printf("\r%s %3d%% |%s%s| %d/%d [%.1fs]", label, 100 * done / total, "█".repeat(filled),
                " ".repeat(WIDTH - filled), done, total, seconds);
    }

    /** Ends the bar's line. */
    public void finish() {
        System.err.println();
    }
}
