package io.st4j.losses;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.st4j.data.LabelType;
import java.util.List;
import org.junit.jupiter.api.Test;

class LossRequirementsTest {

    @Test
    void tooFewColumnsNamesTheLossTheColumnsAndTheNeed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LossRequirements.check(
                new MultipleNegativesRankingLoss(), List.of("anchor"), null, LabelType.NONE));
        assertEquals("MultipleNegativesRankingLoss cannot train on input columns [anchor] without a label column: "
                + "it needs at least 2 input columns but got 1. It needs at least 2 input columns and no label column.", e.getMessage());
    }

    @Test
    void missingLabelIsExplained() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LossRequirements.check(
                new CoSENTLoss(), List.of("sentence1", "sentence2"), null, LabelType.NONE));
        assertEquals("CoSENTLoss cannot train on input columns [sentence1, sentence2] without a label column: it needs "
                + "a float score label column but got no label column. It needs 2 input columns and a float score label column.", e.getMessage());
    }

    @Test
    void wrongLabelTypeIsExplained() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LossRequirements.check(
                new SoftmaxLoss(16, 3), List.of("premise", "hypothesis"), "score", LabelType.FLOAT));
        assertEquals("SoftmaxLoss cannot train on input columns [premise, hypothesis] with label column 'score' (FLOAT): "
                + "it needs an integer class label column but got label column 'score' of type FLOAT. "
                + "It needs 2 input columns and an integer class label column.", e.getMessage());
    }

    @Test
    void fittingColumnsPass() {
        assertDoesNotThrow(() -> LossRequirements.check(new CoSENTLoss(), List.of("a", "b"), "score", LabelType.INTEGER));
        assertDoesNotThrow(() -> LossRequirements.check(new MultipleNegativesRankingLoss(), List.of("a", "p", "n1", "n2"), null, LabelType.NONE));
        assertDoesNotThrow(() -> LossRequirements.check(new MSELoss(), List.of("en", "de"), "label", LabelType.FLOAT_VECTOR));
    }

    @Test
    void computeWithTooFewEmbeddingsFailsWithTheLossName() {
        org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
        var x = sd.var("x", org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TripletLoss().compute(sd, List.of(x, x), null));
        assertEquals("TripletLoss needs 3 input columns but got 2 embedding columns", e.getMessage());
    }
}
