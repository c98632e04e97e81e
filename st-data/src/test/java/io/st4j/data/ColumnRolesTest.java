package io.st4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ColumnRolesTest {

    private static Dataset dataset(Object... namesAndValues) {
        Map<String, List<?>> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put((String) namesAndValues[i], (List<?>) namesAndValues[i + 1]);
        }
        return Dataset.fromMap(values);
    }

    @Test
    void labelIsTheFirstLabelNameFoundAndInputsKeepTheirOrder() {
        Dataset data = dataset("score", List.of(0.5), "s2", List.of("b"), "s1", List.of("a"));
        assertEquals(new ColumnRoles(Optional.of("score"), List.of("s2", "s1")), ColumnRoles.of(data));
        Dataset both = dataset("scores", List.of(0.5), "q", List.of("b"), "labels", List.of(1));
        assertEquals(Optional.of("labels"), ColumnRoles.of(both).label(), "'labels' ranks before 'scores'");
        assertEquals(List.of("scores", "q"), ColumnRoles.of(both).inputs(), "the other label name is an input");
        assertEquals(Optional.empty(), ColumnRoles.of(dataset("a", List.of("x"))).label());
    }

    @Test
    void acceptsAFittingDataset() {
        Dataset sts = dataset("sentence1", List.of("a"), "sentence2", List.of("b"), "score", List.of(4));
        ColumnRoles roles = ColumnRoles.validate(sts, ColumnRequirements.exactly(2, LabelType.FLOAT), "CoSENTLoss");
        assertEquals(List.of("sentence1", "sentence2"), roles.inputs());
        Dataset triplets = dataset("a", List.of("a"), "p", List.of("b"), "n1", List.of("c"), "n2", List.of("d"));
        ColumnRoles.validate(triplets, ColumnRequirements.atLeast(2, LabelType.NONE), "MultipleNegativesRankingLoss");
    }

    @Test
    void explainsAnUnwantedLabel() {
        Dataset data = dataset("anchor", List.of("a"), "positive", List.of("b"), "score", List.of(1.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ColumnRoles.validate(data,
                ColumnRequirements.atLeast(2, LabelType.NONE), "MultipleNegativesRankingLoss"));
        assertEquals("MultipleNegativesRankingLoss cannot train on a dataset with columns [anchor (text), "
                + "positive (text), score (float)]: it takes no label but the dataset has the label column 'score'; "
                + "remove it with removeColumns(\"score\").", e.getMessage());
    }

    @Test
    void explainsTooManyInputsAndAMissingLabel() {
        Dataset data = dataset("q", List.of("a"), "p", List.of("b"), "n", List.of("c"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ColumnRoles.validate(data,
                ColumnRequirements.exactly(2, LabelType.FLOAT), "CosineSimilarityLoss"));
        assertTrue(e.getMessage().contains("it needs 2 input text columns but the dataset has 3 [q, p, n]; keep the"
                + " inputs it needs with selectColumns(...) or drop the others with removeColumns(\"n\")"),
                e.getMessage());
        assertTrue(e.getMessage().contains("it needs a float label column named one of [label, labels, score, scores]"
                + " but there is none; rename the label column with renameColumn(name, \"label\")"), e.getMessage());
    }

    @Test
    void explainsAWrongLabelTypeAndNonTextInputs() {
        Dataset nli = dataset("premise", List.of("a"), "hypothesis", List.of("b"), "label", List.of("neutral"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ColumnRoles.validate(nli,
                ColumnRequirements.exactly(2, LabelType.INTEGER), "SoftmaxLoss"));
        assertTrue(e.getMessage().contains("its label column 'label' holds TEXT values but it needs integer labels;"
                + " turn the texts into class ids with classEncodeColumn(\"label\")"), e.getMessage());
        Dataset numericInput = dataset("id", List.of(3), "text", List.of("b"));
        e = assertThrows(IllegalArgumentException.class, () -> ColumnRoles.validate(numericInput,
                ColumnRequirements.atLeast(1, LabelType.NONE), "DenoisingAutoEncoderLoss"));
        assertTrue(e.getMessage().contains("input column 'id' holds INTEGER values, not text"), e.getMessage());
    }
}
