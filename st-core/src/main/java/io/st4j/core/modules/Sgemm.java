package io.st4j.core.modules;

import static org.bytedeco.dnnl.global.dnnl.dnnl_sgemm;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Row-major float matrix products {@code C = alpha·op(A)·op(B) + beta·C} by oneDNN's {@code dnnl_sgemm}, whose JIT
 * kernels are generated for the CPU at hand. The lean encoder multiplies here rather than through OpenBLAS: on
 * all-MiniLM-L6-v2's shapes it measured a few percent faster at hundreds of rows and twice as fast at a dozen, where
 * OpenBLAS packs every weight matrix at every call (README, "How encode runs").
 *
 * <p>A product runs on the OpenMP threads of its calling thread, as many as that thread's OpenMP thread count
 * (by default the cores); {@link #singleThreadedOnThisThread} lowers it to one.
 */
final class Sgemm {

    private Sgemm() {
    }

    /**
     * {@code c = alpha·op(a)·op(b) + beta·c}: {@code op(a)} is {@code [m, k]}, {@code op(b)} is {@code [k, n]},
     * {@code c} is {@code [m, n]}, each row-major with the given row stride (leading dimension).
     *
     * @throws IllegalArgumentException when oneDNN refuses the arguments (a stride shorter than its row)
     */
    static void multiply(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha, FloatPointer a,
                         int lda, FloatPointer b, int ldb, float beta, FloatPointer c, int ldc) {
        int status = dnnl_sgemm(flag(transposeA), flag(transposeB), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        if (status != dnnl_success) {
            throw new IllegalArgumentException(String.format(
                    "oneDNN sgemm refused op(A) [%d, %d] (%s, stride %d) x op(B) [%d, %d] (%s, stride %d) into "
                            + "[%d, %d] (stride %d): status %d", m, k, transposeA ? "transposed" : "as stored", lda,
                    k, n, transposeB ? "transposed" : "as stored", ldb, m, n, ldc, status));
        }
    }

    /**
     * Makes the products of the calling thread single-threaded, for threads that each multiply their own work.
     * OpenMP's thread count is per thread; oneDNN shares ND4J's OpenMP runtime (libgomp), whose native ops set it.
     */
    static void singleThreadedOnThisThread() {
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
    }

    private static byte flag(boolean transpose) {
        return (byte) (transpose ? 'T' : 'N');
    }
}
