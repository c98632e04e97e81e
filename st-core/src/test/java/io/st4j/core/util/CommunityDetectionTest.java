package io.st4j.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommunityDetectionTest {

    /** Three directions: rows near (1,0,0), near (0,1,0), and a loner at (0,0,1). */
    private static final float[][] POINTS = {
        {0, 1, 0.05f}, {1, 0, 0}, {1, 0.1f, 0}, {0, 0, 1}, {1, 0.2f, 0}, {0.1f, 1, 0}, {1, 0.05f, 0},
    };

    @Test
    void largestCommunityFirstSeedFirstMembersByCloseness() {
        List<List<Integer>> communities = CommunityDetection.communityDetection(POINTS,
                CommunityDetection.Options.builder().threshold(0.9).minCommunitySize(2).build());
        // Row 1 seeds {1, 6, 2, 4} (cosines 1, .9988, .995, .981); row 0 seeds {0, 5}; row 3 is alone.
        assertEquals(List.of(List.of(1, 6, 2, 4), List.of(0, 5)), communities);
    }

    @Test
    void minimumSizeFiltersAndIsCappedAtTheNumberOfRows() {
        assertEquals(List.of(List.of(1, 6, 2, 4)), CommunityDetection.communityDetection(POINTS,
                CommunityDetection.Options.builder().threshold(0.9).minCommunitySize(3).batchSize(2).build()));
        float[][] same = {{1, 1}, {1, 1}, {1, 1}};
        // min_community_size = min(10, 3): three equal rows form one community, equal scores by index.
        assertEquals(List.of(List.of(0, 1, 2)), CommunityDetection.communityDetection(same));
    }

    @Test
    void emptyInputAndBadOptions() {
        assertEquals(List.of(), CommunityDetection.communityDetection(new float[0][]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CommunityDetection.Options.builder().batchSize(0).build());
        assertEquals("batchSize must be >= 1, got 0", e.getMessage());
    }
}
