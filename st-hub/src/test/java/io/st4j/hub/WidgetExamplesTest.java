package io.st4j.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.st4j.data.Dataset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WidgetExamplesTest {

    private static Dataset triplets() {
        Map<String, List<?>> columns = new LinkedHashMap<>();
        columns.put("anchor", List.of("a long anchor text", "q1", "q2", "another long anchor", "q3", "q4", "q5", "mid q"));
        columns.put("positive", List.of("long positive text", "p1", "p2", "long positive again", "p3", "p4", "p5", "mid p"));
        columns.put("label", List.of(1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L));
        return Dataset.fromMap(columns);
    }

    @Test
    void shortestRowsBecomeExamplesFilledFromTheNextShortestSecondTexts() {
        WidgetExamples.Draw draw = WidgetExamples.draw(List.of(triplets()), new Random(3));

        // The 5 shortest rows (q1..q5) are the candidates; the first takes its own two texts, then the second
        // text of the next shortest rows ("mid", then the shorter long row); the others find no backup left.
        assertEquals(1, draw.widget().size(), draw.toString());
        TrainingDetails.WidgetExample example = draw.widget().get(0);
        assertTrue(example.sourceSentence().matches("q\\d"), example.toString());
        String own = "p" + example.sourceSentence().substring(1);
        assertEquals(Set.of(own, "mid p", "long positive text"), new HashSet<>(example.sentences()));
        assertEquals(List.of(example.sourceSentence(), own, "mid p"), draw.predictExample());
        assertEquals(draw, WidgetExamples.draw(List.of(triplets()), new Random(3)), "the same seed draws the same");
    }

    @Test
    void aSingleTextColumnTakesWholeRowsAndTooFewRowsGiveNoExample() {
        Map<String, List<?>> columns = new LinkedHashMap<>();
        columns.put("text", List.of("hhhhhhhh", "a", "eeeee", "bb", "ggggggg", "ccc", "ffffff", "dddd"));
        WidgetExamples.Draw draw = WidgetExamples.draw(List.of(Dataset.fromMap(columns)), new Random(1));
        // Candidates a..eeeee; a takes the three longer rows whole; the others find no backup left.
        assertEquals(1, draw.widget().size());
        assertEquals("a", draw.widget().get(0).sourceSentence());
        assertEquals(Set.of("ffffff", "ggggggg", "hhhhhhhh"), new HashSet<>(draw.widget().get(0).sentences()));
        assertEquals(List.of("a", "ffffff", "ggggggg"), draw.predictExample());

        columns.put("text", List.of("one", "two", "three", "four"));
        assertEquals(List.of(), WidgetExamples.draw(List.of(Dataset.fromMap(columns)), new Random(1)).widget());
        assertEquals(List.of(), WidgetExamples.draw(List.of(), new Random(1)).widget());
    }
}
