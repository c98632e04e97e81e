package io.st4j.core.util;

/** Selection of the highest scores of a row, as {@code torch.topk}, with a defined order for ties. */
final class TopK {

    private TopK() {
    }

    /**
     * The indices of the {@code min(k, scores.length)} highest scores, highest first; equal scores in
     * ascending index order (torch leaves the order of ties unspecified). O(n log k).
     */
    static int[] indices(float[] scores, int k) {
        int n = Math.min(k, scores.length);
        // A heap of the n best so far with the worst at the root.
        int[] heap = new int[n];
        int size = 0;
        for (int i = 0; i < scores.length && n > 0; i++) {
            if (size < n) {
                heap[size] = i;
                siftUp(heap, size++, scores);
            } else if (better(i, heap[0], scores)) {
                heap[0] = i;
                siftDown(heap, size, scores);
            }
        }
        int[] top = new int[n];
        for (int out = n - 1; out >= 0; out--) {
            top[out] = heap[0];
            heap[0] = heap[--size];
            siftDown(heap, size, scores);
        }
        return top;
    }

    /** Whether index x ranks before index y: higher score, or equal score and lower index. */
    static boolean better(int x, int y, float[] scores) {
        int c = Float.compare(scores[x], scores[y]);
        return c > 0 || (c == 0 && x < y);
    }

    private static void siftUp(int[] heap, int pos, float[] scores) {
        int item = heap[pos];
        while (pos > 0) {
            int parent = (pos - 1) >>> 1;
            if (!better(heap[parent], item, scores)) {
                break;
            }
            heap[pos] = heap[parent];
            pos = parent;
        }
        heap[pos] = item;
    }

    private static void siftDown(int[] heap, int size, float[] scores) {
        if (size == 0) {
            return;
        }
        int item = heap[0];
        int pos = 0;
        while (true) {
            int child = 2 * pos + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && better(heap[child], heap[child + 1], scores)) {
                child++;
            }
            if (!better(item, heap[child], scores)) {
                break;
            }
            heap[pos] = heap[child];
            pos = child;
        }
        heap[pos] = item;
    }
}
