package io.st4j.examples.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory figures of a Linux process from {@code /proc}: resident set ({@code VmRSS}), its peak ({@code VmHWM},
 * which counts ND4J's off-heap buffers as well as the Java heap), the machine's {@code MemAvailable}, and the
 * Java heap's peak from the memory pools.
 */
public final class ProcessMemory {

    private static final Path SELF = Path.of("/proc/self/status");
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private ProcessMemory() {
    }

    /** Peak resident set of this process in MiB ({@code VmHWM}). */
    public static long selfPeakRssMiB() throws IOException {
        return fieldMiB(Files.readString(SELF), "VmHWM", SELF);
    }

    /** Resident set of this process in MiB ({@code VmRSS}). */
    public static long selfRssMiB() throws IOException {
        return fieldMiB(Files.readString(SELF), "VmRSS", SELF);
    }

    /** The {@code /proc/PID/status} file of a process. */
    public static Path statusFile(long pid) {
        return Path.of("/proc", Long.toString(pid), "status");
    }

    /** Memory the kernel could give to new allocations without swapping, in MiB ({@code MemAvailable}). */
    public static long availableMiB() throws IOException {
        return fieldMiB(Files.readString(MEMINFO), "MemAvailable", MEMINFO);
    }

    /**
     * The value of a {@code NAME:   123 kB} line of a {@code /proc} status or meminfo text, in MiB.
     *
     * @param source named in the exception when the field is missing or malformed
     */
    public static long fieldMiB(String text, String field, Path source) {
        String prefix = field + ":";
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                String[] parts = line.substring(prefix.length()).trim().split("\\s+");
                if (parts.length != 2 || !parts[1].equals("kB") || !parts[0].matches("\\d+")) {
                    throw new IllegalArgumentException(source + ": unexpected " + field + " line '" + line + "'");
                }
                return Long.parseLong(parts[0]) / 1024;
            }
        }
        throw new IllegalArgumentException(source + " has no " + field + " line");
    }

    /** The highest Java heap use since this JVM started, in MiB (the sum of the heap pools' peaks). */
    public static long heapPeakMiB() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes / (1024 * 1024);
    }
}
