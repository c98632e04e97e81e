package io.st4j.core.io;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Writes a folder all at once: the content goes into a temporary sibling folder, which replaces the
 * target only when complete. A failure leaves the target as it was and no temporary folder behind.
 */
public final class AtomicFolder {

    /** Fills a folder. */
    @FunctionalInterface
    public interface Writer {
        void write(Path dir) throws IOException;
    }

    private AtomicFolder() {
    }

    /** Writes {@code target} through {@code writer}, replacing any previous content of {@code target}. */
    public static void write(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + absolute.getFileName() + ".tmp-");
        try {
            writer.write(tmp);
        } catch (IOException | RuntimeException | Error e) {
            deleteRecursively(tmp);
            throw e;
        }
        Path old = null;
        if (Files.exists(absolute)) {
            old = Files.createTempDirectory(parent, "." + absolute.getFileName() + ".old-");
            Files.delete(old);
            Files.move(absolute, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (old != null) {
                Files.move(old, absolute, StandardCopyOption.ATOMIC_MOVE);
            }
            deleteRecursively(tmp);
            throw e;
        }
        if (old != null) {
            deleteRecursively(old);
        }
    }

    /** Deletes a file or a folder tree; nothing if it does not exist. */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
