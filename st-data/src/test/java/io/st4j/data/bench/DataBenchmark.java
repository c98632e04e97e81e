package io.st4j.data.bench;

import io.st4j.data.Dataset;
import io.st4j.data.TextColumn;
import io.st4j.data.load.DataFiles;
import io.st4j.data.sampler.BatchSampler;
import io.st4j.data.sampler.BatchSamplers;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Not a test: loads generated (anchor, positive) rows from CSV and from Parquet and draws one epoch of
 * NO_DUPLICATES batches, printing rows/s and heap bytes per row. Run with {@code st-data/benchmark.sh [rows]};
 * generated files are kept under {@code st-data/target/benchmark-data} for reruns.
 */
public final class DataBenchmark {

    private static final String[] WORDS = ("the a of to and in is for on with as by at from that this what how "
            + "why when which model data train sentence vector search query answer document paper results method "
            + "network language learning neural semantic similarity retrieval embedding benchmark").split(" ");

    private DataBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "st-data/target/benchmark-data"));
        Path csv = dir.resolve("pairs-" + rows + ".csv");
        Path parquet = dir.resolve("pairs-" + rows + ".parquet");
        long start = System.nanoTime();
        if (!Files.exists(csv) || !Files.exists(parquet)) {
            Path csvPart = dir.resolve(csv.getFileName() + ".part");
            Path parquetPart = dir.resolve(parquet.getFileName() + ".part");
            generate(rows, csvPart, parquetPart);
            Files.move(csvPart, csv, StandardCopyOption.REPLACE_EXISTING);
            Files.move(parquetPart, parquet, StandardCopyOption.REPLACE_EXISTING);
            System.out.printf("generated %,d rows in %.2f s%n", rows, seconds(start));
        }
        System.out.printf("files: CSV %,d bytes, Parquet (snappy) %,d bytes%n", Files.size(csv), Files.size(parquet));
        long runStart = System.nanoTime();

        long before = usedHeap();
        start = System.nanoTime();
        long cpu = cpuNanos();
        Dataset fromCsv = DataFiles.csv(csv);
        double csvSeconds = seconds(start);
        double csvCpu = (cpuNanos() - cpu) / 1e9;
        long csvHeap = usedHeap() - before;
        report("CSV", fromCsv, csvSeconds, csvCpu, csvHeap);
        fromCsv = null;

        before = usedHeap();
        start = System.nanoTime();
        cpu = cpuNanos();
        Dataset fromParquet = DataFiles.parquet(parquet);
        double parquetSeconds = seconds(start);
        double parquetCpu = (cpuNanos() - cpu) / 1e9;
        long parquetHeap = usedHeap() - before;
        report("Parquet", fromParquet, parquetSeconds, parquetCpu, parquetHeap);

        for (BatchSamplers kind : new BatchSamplers[] {BatchSamplers.NO_DUPLICATES, BatchSamplers.NO_DUPLICATES_HASHED}) {
            start = System.nanoTime();
            cpu = cpuNanos();
            BatchSampler sampler = kind.create(fromParquet, 64, false, 42);
            long batches = 0;
            long sampled = 0;
            for (Iterator<int[]> it = sampler.batches(0); it.hasNext(); ) {
                sampled += it.next().length;
                batches++;
            }
            double epochSeconds = seconds(start);
            System.out.printf("%s epoch, batch 64: %,d batches, %,d rows in %.2f s (main thread CPU %.2f s)"
                    + " = %,.0f rows/s%n", kind, batches, sampled, epochSeconds, (cpuNanos() - cpu) / 1e9,
                    sampled / epochSeconds);
        }

        System.out.printf("load CSV + load Parquet + both epochs: %.2f s%n", seconds(runStart));
        before = usedHeap();
        List<String> strings = new ArrayList<>(2 * rows);
        for (int i = 0; i < rows; i++) {
            strings.add(fromParquet.row(i).text("anchor"));
            strings.add(fromParquet.row(i).text("positive"));
        }
        long stringHeap = usedHeap() - before;
        System.out.printf("for comparison, the same texts as 2 x %,d java.lang.String in an ArrayList: %,d bytes"
                + " (%.1f bytes/row)%n", rows, stringHeap, stringHeap / (double) rows);
        System.out.println("(kept " + strings.size() + " strings)");
    }

    private static void report(String source, Dataset dataset, double seconds, double cpuSeconds, long heap) {
        long textBytes = 0;
        for (String name : dataset.columnNames()) {
            textBytes += dataset.column(name, TextColumn.class).totalBytes();
        }
        System.out.printf("%s: %,d rows in %.2f s (main thread CPU %.2f s) = %,.0f rows/s; heap %,d bytes ="
                        + " %.1f bytes/row; text %,d bytes UTF-8 = %.1f bytes/row; heap/text = %.2f%n", source,
                dataset.numRows(), seconds, cpuSeconds, dataset.numRows() / seconds, heap, heap / (double) dataset.numRows(), textBytes,
                textBytes / (double) dataset.numRows(), heap / (double) textBytes);
    }

    private static void generate(int rows, Path csv, Path parquet) throws IOException {
        Files.deleteIfExists(csv);
        Files.deleteIfExists(parquet);
        MessageType schema = MessageTypeParser.parseMessageType(
                "message schema { optional binary anchor (STRING); optional binary positive (STRING); }");
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        Random random = new Random(1);
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
             ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(parquet))
                     .withType(schema).withConf(new PlainParquetConfiguration())
                     .withCompressionCodec(CompressionCodecName.SNAPPY).build()) {
            out.write("anchor,positive\n");
            for (int i = 0; i < rows; i++) {
                String anchor = "q" + i + " " + words(random, 4 + random.nextInt(8));
                String positive = "d" + i + " " + words(random, 15 + random.nextInt(30));
                out.write(anchor);
                out.write(',');
                out.write(positive);
                out.write('\n');
                writer.write(groups.newGroup().append("anchor", anchor).append("positive", positive));
            }
        }
    }

    private static String words(Random random, int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append(i > 0 ? " " : "").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return out.toString();
    }

    private static long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
