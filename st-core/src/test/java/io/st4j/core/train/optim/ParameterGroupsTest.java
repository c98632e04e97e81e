package io.st4j.core.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterGroupsTest {

    private static final List<String> BERT = List.of(
            "0.auto_model.embeddings.word_embeddings.weight",
            "0.auto_model.embeddings.LayerNorm.weight",
            "0.auto_model.embeddings.LayerNorm.bias",
            "0.auto_model.encoder.layer.0.attention.self.query.weight",
            "0.auto_model.encoder.layer.0.attention.self.query.bias",
            "0.auto_model.encoder.layer.0.output.LayerNorm.weight",
            "2.linear.weight",
            "2.linear.bias");

    @Test
    void biasesAndNormalisationWeightsGetNoDecay() {
        assertTrue(ParameterGroups.isDecayParameter("0.auto_model.encoder.layer.0.attention.self.query.weight"));
        assertTrue(ParameterGroups.isDecayParameter("0.auto_model.embeddings.word_embeddings.weight"));
        assertTrue(ParameterGroups.isDecayParameter("1.normalizer.weight"));      // "norm" not a whole segment
        assertFalse(ParameterGroups.isDecayParameter("0.auto_model.embeddings.LayerNorm.weight"));
        assertFalse(ParameterGroups.isDecayParameter("2.linear.bias"));
        assertFalse(ParameterGroups.isDecayParameter("transformer.layer.0.sa_layer_norm.weight")); // DistilBERT
        assertFalse(ParameterGroups.isDecayParameter("layers.1.attn_norm.weight"));                 // ModernBERT
        assertFalse(ParameterGroups.isDecayParameter("final_norm.weight"));
        assertFalse(ParameterGroups.isDecayParameter("embeddings.norm.weight"));
        assertFalse(ParameterGroups.isDecayParameter("model.norm"));
    }

    @Test
    void defaultGroupsSplitDecayedFromNotDecayed() {
        List<ParameterGroup> groups = ParameterGroups.forTrainer(BERT, 5e-5, 0.01, Map.of());
        assertEquals(2, groups.size());
        assertEquals(List.of(BERT.get(0), BERT.get(3), BERT.get(6)), groups.get(0).parameterNames());
        assertEquals(0.01, groups.get(0).weightDecay());
        assertEquals(List.of(BERT.get(1), BERT.get(2), BERT.get(4), BERT.get(5), BERT.get(7)),
                groups.get(1).parameterNames());
        assertEquals(0.0, groups.get(1).weightDecay());
        assertEquals(5e-5, groups.get(1).learningRate());
    }

    @Test
    void learningRateMappingMovesMatchesIntoTheirOwnGroupsAndTheLastPatternWins() {
        Map<String, Double> mapping = new LinkedHashMap<>();
        mapping.put("auto_model\\.encoder", 1e-4);
        mapping.put("query\\.bias$", 3e-4);
        mapping.put("^2\\.", 1e-3);
        List<ParameterGroup> groups = ParameterGroups.forTrainer(BERT, 5e-5, 0.01, mapping);
        Map<String, double[]> byName = new LinkedHashMap<>();
        for (ParameterGroup g : groups) {
            for (String name : g.parameterNames()) {
                assertFalse(byName.containsKey(name), name + " in two groups");
                byName.put(name, new double[] {g.learningRate(), g.weightDecay()});
            }
        }
        assertEquals(BERT.size(), byName.size());
        assertEquals(5e-5, byName.get(BERT.get(0))[0]);
        assertEquals(1e-4, byName.get(BERT.get(3))[0]);
        assertEquals(0.01, byName.get(BERT.get(3))[1]);
        assertEquals(3e-4, byName.get(BERT.get(4))[0]);       // matched twice: the later pattern wins
        assertEquals(0.0, byName.get(BERT.get(4))[1]);
        assertEquals(1e-4, byName.get(BERT.get(5))[0]);
        assertEquals(0.0, byName.get(BERT.get(5))[1]);
        assertEquals(1e-3, byName.get(BERT.get(6))[0]);
        assertEquals(0.01, byName.get(BERT.get(6))[1]);
        assertEquals(1e-3, byName.get(BERT.get(7))[0]);
        assertEquals(0.0, byName.get(BERT.get(7))[1]);
        assertEquals(5e-5, groups.get(0).learningRate());                  // group 0: the rate the Trainer logs
        assertTrue(groups.stream().skip(2).noneMatch(g -> g.parameterNames().isEmpty()));
        assertEquals(7, groups.size());     // 2 default + encoder 2 + query.bias 1 (no decayed match) + "2." 2
        new AdamW(groups); // accepted: no parameter in two groups
    }

    @Test
    void theDefaultGroupsStayWhenAMappingTakesEveryParameter() {
        List<ParameterGroup> groups = ParameterGroups.forTrainer(BERT, 5e-5, 0.01, Map.of(".", 1e-3));
        assertEquals(4, groups.size());
        assertTrue(groups.get(0).parameterNames().isEmpty() && groups.get(1).parameterNames().isEmpty());
        assertEquals(5e-5, groups.get(0).learningRate());
        assertEquals(BERT.size(), groups.get(2).parameterNames().size() + groups.get(3).parameterNames().size());
    }

    @Test
    void aPatternThatMatchesNothingIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParameterGroups.forTrainer(BERT, 5e-5, 0.0, Map.of("decoder", 1e-3)));
        assertTrue(e.getMessage().contains("'decoder'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ParameterGroup(List.of("a"), -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ParameterGroup(List.of("a"), 1e-3, Double.NaN));
    }
}
