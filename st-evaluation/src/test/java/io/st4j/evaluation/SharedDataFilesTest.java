package io.st4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.core.testing.SharedData;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The readers on the real files of shared/data (row counts from shared/data/SOURCES.md). */
class SharedDataFilesTest {

    @Test
    void scifactTestSplit() {
        Path folder = SharedData.data("retrieval/scifact");
        BeirData data = BeirData.read(folder.resolve("queries.tsv"), folder.resolve("corpus.tsv"), folder.resolve("qrels.tsv"));
        assertEquals(300, data.queries().size());
        assertEquals(5183, data.corpus().size());
        assertEquals(339, data.relevantDocs().values().stream().mapToInt(Set::size).sum());
        assertEquals("0-dimensional biomaterials show inductive properties.", data.queries().get("1"));
        String first = data.corpus().get("4983");
        assertTrue(first.startsWith("Microstructural development of human newborn cerebral white matter assessed in vivo by "
                + "diffusion tensor magnetic resonance imaging. Alterations of the architecture"), first);
        InformationRetrievalEvaluator evaluator = data.evaluator().name("scifact").build();
        assertEquals(300, evaluator.queryCount());
        assertEquals("scifact_cosine_ndcg@10", evaluator.primaryMetric());
    }

    @Test
    void stsBenchmarkTestSplit() {
        StsData data = StsData.read(SharedData.data("sts/stsb_test.tsv"), 5);
        assertEquals(1379, data.scores().size());
        assertEquals("A girl is styling her hair.", data.sentences1().get(0));
        assertEquals("A girl is brushing her hair.", data.sentences2().get(0));
        assertEquals(0.5, data.scores().get(0), 1e-15);
        assertTrue(data.scores().stream().allMatch(s -> s >= 0 && s <= 1));
    }
}
