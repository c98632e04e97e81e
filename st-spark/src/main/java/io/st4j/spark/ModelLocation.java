package io.st4j.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.spark.SparkFiles;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import scala.reflect.ClassTag$;

/**
 * Where executors find a sentence-transformers model folder: a path every executor can read (shared storage),
 * or a local folder shipped with the job as a zipped broadcast variable, which each JVM unpacks once into its
 * Spark files folder (which Spark removes with the application).
 */
public final class ModelLocation implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Map<String, Path> UNPACKED = new ConcurrentHashMap<>();

    private final String path;
    private final Broadcast<byte[]> zipped;

    private ModelLocation(String path, Broadcast<byte[]> zipped) {
        this.path = path;
        this.zipped = zipped;
    }

    /** A model folder at {@code path} on storage that every executor reads at the same path. */
    public static ModelLocation shared(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("model path must not be empty");
        }
        return new ModelLocation(path, null);
    }

    /** Ships the local model folder {@code folder} with the job (zipped, as a broadcast variable). */
    public static ModelLocation ship(SparkSession spark, Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("model folder " + folder + " does not exist or is not a folder");
        }
        try {
            byte[] zip = zip(folder);
            Broadcast<byte[]> broadcast = spark.sparkContext().broadcast(zip, ClassTag$.MODULE$.apply(byte[].class));
            return new ModelLocation(folder.getFileName() + "-" + UUID.randomUUID(), broadcast);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot zip model folder " + folder + " to ship it with the job", e);
        }
    }

    /** The model folder on this JVM: the shared path, or the shipped folder unpacked (once per JVM). */
    public Path resolve() {
        return zipped == null ? Path.of(path) : UNPACKED.computeIfAbsent(path, name -> unzip(zipped.value(), name));
    }

    private static byte[] zip(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zipOut = new ZipOutputStream(bytes)) {
            for (Path file : files) {
                zipOut.putNextEntry(new ZipEntry(folder.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zipOut);
                zipOut.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static Path unzip(byte[] zip, String name) {
        try {
            Path dir = Path.of(SparkFiles.getRootDirectory(), name).toAbsolutePath().normalize();
            Files.createDirectories(dir);
            try (InputStream in = new ByteArrayInputStream(zip); ZipInputStream zipIn = new ZipInputStream(in)) {
                for (ZipEntry entry = zipIn.getNextEntry(); entry != null; entry = zipIn.getNextEntry()) {
                    Path target = dir.resolve(entry.getName()).normalize();
                    if (!target.startsWith(dir)) {
                        throw new IOException("shipped model entry '" + entry.getName()
                                + "' points outside its folder");
                    }
                    Files.createDirectories(target.getParent());
                    Files.copy(zipIn, target);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack shipped model " + name, e);
        }
    }

    @Override
    public String toString() {
        return zipped == null ? "model at " + path : "shipped model " + path;
    }
}
