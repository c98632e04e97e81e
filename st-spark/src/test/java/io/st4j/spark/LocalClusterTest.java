package io.st4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class LocalClusterTest {

    @Test
    void executorsRunInTheirOwnJvms() {
        List<Long> pids = LocalCluster.context().parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 8)
                .map(i -> ProcessHandle.current().pid()).distinct().collect();
        assertEquals(LocalCluster.EXECUTORS, pids.size());
        assertFalse(pids.contains(ProcessHandle.current().pid()));
    }
}
