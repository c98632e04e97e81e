package io.st4j.hub;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exclusive lock on {@code .locks/.../{etag}.lock} held while a blob is downloaded: a lock per path
 * inside this JVM, plus, across processes, {@code flock(2)} on Linux and macOS, the lock Python's
 * huggingface_hub takes (through {@code filelock}) on the same file, so st4j and Python never write one
 * blob at once. Elsewhere, or if libc cannot be bound, a Java file lock (st4j processes only).
 */
final class BlobLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BlobLock.class);
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final int LOCK_EX = 2;
    private static final int LOCK_UN = 8;
    private static final int O_RDWR = 2;
    private static final int EINTR = 4;
    private static final LibC LIBC = bindLibC();

    /** The libc calls this lock needs. */
    interface LibC extends Library {
        int open(String path, int flags, int mode) throws LastErrorException;

        int flock(int fd, int operation) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private final ReentrantLock threadLock;
    private final AutoCloseable processLock;

    private BlobLock(ReentrantLock threadLock, AutoCloseable processLock) {
        this.threadLock = threadLock;
        this.processLock = processLock;
    }

    /** Blocks until this thread holds the lock on {@code lockFile} (created if absent). */
    static BlobLock acquire(Path lockFile) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        Files.createDirectories(key.getParent());
        ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
        threadLock.lock();
        try {
            return new BlobLock(threadLock, LIBC != null ? flock(key) : javaLock(key));
        } catch (IOException | RuntimeException e) {
            threadLock.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            processLock.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("Cannot release the lock", e);
        } finally {
            threadLock.unlock();
        }
    }

    private static AutoCloseable flock(Path file) throws IOException {
        int fd;
        try {
            fd = LIBC.open(file.toString(), O_RDWR | oCreat(), 0644);
        } catch (LastErrorException e) {
            throw new IOException("Cannot open the lock file " + file + " (errno " + e.getErrorCode() + ")", e);
        }
        while (true) {
            try {
                LIBC.flock(fd, LOCK_EX);
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    LIBC.close(fd);
                    throw new IOException("Cannot lock " + file + " (errno " + e.getErrorCode() + ")", e);
                }
            }
        }
        return () -> {
            try {
                LIBC.flock(fd, LOCK_UN);
            } finally {
                LIBC.close(fd);
            }
        };
    }

    private static AutoCloseable javaLock(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.lock();
            return () -> {
                try {
                    lock.release();
                } finally {
                    channel.close();
                }
            };
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static int oCreat() {
        return Platform.isMac() ? 0x200 : 0x40;
    }

    private static LibC bindLibC() {
        if (!Platform.isLinux() && !Platform.isMac()) {
            return null;
        }
        try {
            return Native.load(Platform.C_LIBRARY_NAME, LibC.class);
        } catch (LinkageError e) {
            LOG.warn("Cannot bind libc's flock ({}); cache locks will not exclude Python processes", e.toString());
            return null;
        }
    }
}
