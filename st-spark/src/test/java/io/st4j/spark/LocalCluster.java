package io.st4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * A real Spark standalone cluster for tests, shared by every test of the module (its start costs most of
 * their time): {@code local-cluster[2,1,1024]} starts a master and two workers in this JVM, and each worker
 * launches its executor as a separate JVM on the test's class path. Spark's shutdown hook stops it.
 */
final class LocalCluster {

    static final int EXECUTORS = 2;

    private static SparkSession session;

    private LocalCluster() {
    }

    /** The session on the shared two-executor cluster, started on first use. */
    static synchronized SparkSession session() {
        if (session == null) {
            session = start();
        }
        return session;
    }

    static JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(session().sparkContext());
    }

    private static SparkSession start() {
        return builder(EXECUTORS, 1024).appName("st-spark tests").getOrCreate();
    }

    /**
     * A session builder for {@code local-cluster[executors,1,memoryMiB]} on loopback: one core per executor
     * (one OpenMP thread, and a JVM that sees one processor, so that st4j's lean executor runs one part), each
     * executor a JVM on this JVM's class path.
     */
    static SparkSession.Builder builder(int executors, int memoryMiB) {
        // Workers launch executors with SPARK_HOME/jars on the class path (the build sets SPARK_HOME to an
        // empty folder under target/) plus spark.executor.extraClassPath: the test's own class path.
        String home = System.getenv("SPARK_HOME");
        if (home == null) {
            throw new IllegalStateException("set SPARK_HOME (the Maven build sets it to target/spark-home)");
        }
        try {
            Files.createDirectories(Path.of(home, "jars"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return SparkSession.builder()
                .master("local-cluster[" + executors + ",1," + memoryMiB + "]")
                .config("spark.executor.extraClassPath", classPath)
                .config("spark.executorEnv.SPARK_SCALA_VERSION", "2.13")
                .config("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1")
                .config("spark.executorEnv.OMP_NUM_THREADS", "1")
                .config("spark.executor.extraJavaOptions", "-XX:ActiveProcessorCount=1")
                .config("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4");
    }
}
